package store_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/cmd/internal/store"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
)

func TestAssignModule(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustModuleWorld(t, db)
		m := MustCreateModule(t, db, "Empathy", w.asTrainer, "empathy")
		due := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
		assignments := func() int64 { return db.count(t, "SELECT COUNT(*) FROM module_assignments") }

		refused := []struct {
			name   string
			module int64
			agents []int64
			due    time.Time
			want   error
		}{
			{"a supervisor among agents", m.ID, []int64{w.zoe.ID, w.supervisor.ID, w.anh.ID}, due, rubrics.ErrInvalid},
			{"a trainer", m.ID, []int64{w.trainer.ID}, due, rubrics.ErrInvalid},
			{"an unknown user", m.ID, []int64{w.zoe.ID, 999_999}, due, rubrics.ErrInvalid},
			{"an unknown module", 999_999, []int64{w.zoe.ID}, due, rubrics.ErrNotFound},
			{"no due date", m.ID, []int64{w.zoe.ID}, time.Time{}, rubrics.ErrInvalid},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.AssignModule(ctx, tt.module, tt.agents, tt.due, w.asTrainer)
				assert.ErrorIs(t, err, tt.want)
				assert.Nil(t, got)
				assert.Zero(t, assignments(), "all or nothing")
				assert.Zero(t, db.auditCount(t, "module.assign"))
			})
		}

		added, err := db.AssignModule(ctx, m.ID, []int64{w.zoe.ID, w.khoa.ID, w.zoe.ID}, due, w.asTrainer)
		require.NoError(t, err)
		assert.Equal(t, []int64{w.zoe.ID, w.khoa.ID}, added, "duplicates count once")
		assert.EqualValues(t, 2, assignments())
		assert.EqualValues(t, 2, db.auditCount(t, "module.assign"))

		// Already assigned: skipped, not an error, and the first due date
		// stands.
		added, err = db.AssignModule(ctx, m.ID, []int64{w.khoa.ID, w.anh.ID}, due.AddDate(0, 1, 0), w.asTrainer)
		require.NoError(t, err)
		assert.Equal(t, []int64{w.anh.ID}, added)
		added, err = db.AssignModule(ctx, m.ID, []int64{w.zoe.ID}, due, w.asTrainer)
		require.NoError(t, err)
		assert.Empty(t, added)
		assert.NotNil(t, added, "an empty list, not nil")
		added, err = db.AssignModule(ctx, m.ID, nil, due, w.asTrainer)
		require.NoError(t, err)
		assert.Empty(t, added)
		assert.EqualValues(t, 3, assignments())
		assert.EqualValues(t, 3, db.auditCount(t, "module.assign"))

		list, err := db.ListModuleAssignments(ctx, coaching.AssignmentFilter{ModuleID: m.ID})
		require.NoError(t, err)
		require.Len(t, list, 3)
		for _, a := range list {
			assert.Equal(t, "Empathy", a.ModuleTitle)
			assert.Equal(t, w.trainer.ID, a.AssignedBy)
			assert.Equal(t, time.UTC, a.AssignedAt.Location())
			assert.Nil(t, a.CompletedAt)
			wantDue := due
			if a.AgentID == w.anh.ID {
				wantDue = due.AddDate(0, 1, 0)
			}
			assert.Equal(t, wantDue, a.Due, a.AgentName)
		}

		// One audit event per new assignment, naming it.
		ev, err := db.AuditEvents(ctx, 1)
		require.NoError(t, err)
		assert.Equal(t, "module.assign", ev[0].Action)
		assert.Equal(t, "module_assignment", ev[0].Entity)
		anh := list[slices.IndexFunc(list, func(a coaching.ModuleAssignment) bool { return a.AgentID == w.anh.ID })]
		assert.Equal(t, anh.ID, ev[0].EntityID)
		assert.JSONEq(t, `{"module_id":`+itoa(m.ID)+`,"agent_id":`+itoa(w.anh.ID)+`,"due":"2027-01-31","completed_at":null}`, ev[0].After)
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}

// zonedDSN is the test database's DSN with the session time zone set to
// tz, so reads and writes go through a connection in that zone.
func zonedDSN(tb testing.TB, db testDB, tz string) string {
	tb.Helper()
	if db.Dialect() != store.DialectPostgres {
		return "file:" + db.dsn + "?_timezone=" + url.QueryEscape(tz)
	}
	u, err := url.Parse(db.dsn)
	require.NoError(tb, err)
	q := u.Query()
	q.Set("timezone", tz)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestModuleDueIsACivilDate(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustModuleWorld(t, db)
		want := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
		kiritimati := time.FixedZone("UTC+14", 14*3600)
		honolulu := time.FixedZone("UTC-10", -10*3600)

		// The due date is the day on the caller's calendar, whatever
		// instant and zone carry it.
		tests := []struct {
			name  string
			agent coaching.User
			due   time.Time
		}{
			{"midnight UTC", w.zoe, want},
			{"late on the day east of UTC (still the 31st there, the 31st in UTC)", w.khoa, time.Date(2026, 12, 31, 23, 30, 0, 0, kiritimati)},
			{"evening west of UTC (already 1 January in UTC)", w.anh, time.Date(2026, 12, 31, 20, 0, 0, 0, honolulu)},
			{"just after midnight east of UTC (still the 30th in UTC)", w.somchai, time.Date(2026, 12, 31, 0, 15, 0, 0, kiritimati)},
		}
		mods := make([]coaching.Module, len(tests))
		for i, tt := range tests {
			mods[i] = MustCreateModule(t, db, tt.name, w.asTrainer)
			_, err := db.AssignModule(ctx, mods[i].ID, []int64{tt.agent.ID}, tt.due, w.asTrainer)
			require.NoError(t, err, tt.name)
		}
		// The column holds the day itself, not an instant.
		assert.EqualValues(t, len(tests), db.count(t, "SELECT COUNT(*) FROM module_assignments WHERE CAST(due_on AS TEXT) = '2026-12-31'"))

		// Read back through the store and through connections whose
		// session zone is far east and far west of UTC: the day never
		// shifts.
		read := func(t *testing.T, s *store.DB) {
			for i, tt := range tests {
				list, err := s.ListModuleAssignments(ctx, coaching.AssignmentFilter{ModuleID: mods[i].ID})
				require.NoError(t, err)
				require.Len(t, list, 1)
				assert.Equal(t, want, list[0].Due, tt.name)
				assert.Equal(t, time.UTC, list[0].Due.Location(), tt.name)
			}
		}
		read(t, db.DB)
		for _, tz := range []string{"Pacific/Kiritimati", "Pacific/Pago_Pago"} {
			t.Run(tz, func(t *testing.T) {
				zoned, err := store.Open(ctx, zonedDSN(t, db, tz), store.Options{})
				require.NoError(t, err)
				defer zoned.Close()
				read(t, zoned)

				// Written through the zoned connection too.
				m := MustCreateModule(t, db, "zoned "+tz, w.asTrainer)
				_, err = zoned.AssignModule(ctx, m.ID, []int64{w.zoe.ID}, want, w.asTrainer)
				require.NoError(t, err)
				list, err := db.ListModuleAssignments(ctx, coaching.AssignmentFilter{ModuleID: m.ID})
				require.NoError(t, err)
				require.Len(t, list, 1)
				assert.Equal(t, want, list[0].Due)
			})
		}

		// A timestamp written straight into the column is refused on
		// SQLite (the CHECK) and truncated to its day on PostgreSQL's DATE.
		if db.Dialect() == store.DialectSQLite {
			err := db.exec(t, "UPDATE module_assignments SET due_on = '2026-12-31 00:00:00+00:00'")
			assert.Error(t, err)
		}
	})
}

func TestListModuleAssignments(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustModuleWorld(t, db)
		a := MustCreateModule(t, db, "Empathy", w.asTrainer)
		b := MustCreateModule(t, db, "การทักทายลูกค้า", w.asTrainer)
		later := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
		sooner := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

		// Assigned in byte order of names; the list orders by due, then
		// by name in root collation, then by id.
		_, err := db.AssignModule(ctx, a.ID, []int64{w.zoe.ID, w.somchai.ID, w.khoa.ID, w.anh.ID}, later, w.asTrainer)
		require.NoError(t, err)
		_, err = db.AssignModule(ctx, b.ID, []int64{w.zoe.ID, w.anh.ID}, sooner, w.asTrainer)
		require.NoError(t, err)

		type row struct{ module, agent string }
		rows := func(list []coaching.ModuleAssignment) []row {
			out := make([]row, len(list))
			for i, l := range list {
				out[i] = row{l.ModuleTitle, l.AgentName}
			}
			return out
		}
		tests := []struct {
			name string
			f    coaching.AssignmentFilter
			want []row
		}{
			{"everything", coaching.AssignmentFilter{}, []row{
				{"การทักทายลูกค้า", "ánh Nguyễn"}, {"การทักทายลูกค้า", "Zoe Adams"},
				{"Empathy", "ánh Nguyễn"}, {"Empathy", "Đỗ Văn Khoa"}, {"Empathy", "Zoe Adams"}, {"Empathy", "สมชาย"},
			}},
			{"one module", coaching.AssignmentFilter{ModuleID: a.ID}, []row{
				{"Empathy", "ánh Nguyễn"}, {"Empathy", "Đỗ Văn Khoa"}, {"Empathy", "Zoe Adams"}, {"Empathy", "สมชาย"},
			}},
			{"one agent", coaching.AssignmentFilter{AgentID: w.zoe.ID}, []row{
				{"การทักทายลูกค้า", "Zoe Adams"}, {"Empathy", "Zoe Adams"},
			}},
			{"module and agent", coaching.AssignmentFilter{ModuleID: b.ID, AgentID: w.anh.ID}, []row{
				{"การทักทายลูกค้า", "ánh Nguyễn"},
			}},
			{"agent without that module", coaching.AssignmentFilter{ModuleID: b.ID, AgentID: w.khoa.ID}, []row{}},
			{"unknown agent", coaching.AssignmentFilter{AgentID: 999_999}, []row{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, err := db.ListModuleAssignments(ctx, tt.f)
				require.NoError(t, err)
				assert.NotNil(t, list)
				assert.Equal(t, tt.want, rows(list))
			})
		}
	})
}

func TestCompleteModuleAssignment(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustModuleWorld(t, db)
		m := MustCreateModule(t, db, "Empathy", w.asTrainer)
		_, err := db.AssignModule(ctx, m.ID, []int64{w.zoe.ID, w.somchai.ID}, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), w.asTrainer)
		require.NoError(t, err)
		list, err := db.ListModuleAssignments(ctx, coaching.AssignmentFilter{AgentID: w.zoe.ID})
		require.NoError(t, err)
		require.Len(t, list, 1)
		zoes := list[0]
		at := time.Date(2026, 3, 5, 10, 11, 12, 123456789, time.FixedZone("ICT", 7*3600))

		// Anyone but the assignment's agent, and unknown ids, get
		// not-found: the answer must not reveal the assignment exists.
		for name, try := range map[string]struct{ id, agent int64 }{
			"another agent": {zoes.ID, w.somchai.ID},
			"the trainer":   {zoes.ID, w.trainer.ID},
			"unknown id":    {999_999, w.zoe.ID},
		} {
			_, err := db.CompleteModuleAssignment(ctx, try.id, try.agent, at, w.asSomchai)
			assert.ErrorIs(t, err, rubrics.ErrNotFound, name)
		}
		assert.Zero(t, db.auditCount(t, "module.complete"))

		done, err := db.CompleteModuleAssignment(ctx, zoes.ID, w.zoe.ID, at, w.asZoe)
		require.NoError(t, err)
		wantAt := time.Date(2026, 3, 5, 3, 11, 12, 123456000, time.UTC)
		require.NotNil(t, done.CompletedAt)
		assert.Equal(t, wantAt, *done.CompletedAt, "UTC, to the microsecond")
		want := zoes
		want.CompletedAt = &wantAt
		assert.Equal(t, want, done)
		assert.Equal(t, coaching.StatusDone, done.Status(at, time.UTC))
		ev, err := db.AuditEvents(ctx, 1)
		require.NoError(t, err)
		assert.Equal(t, "module.complete", ev[0].Action)
		assert.Equal(t, zoes.ID, ev[0].EntityID)
		assert.Equal(t, w.zoe.ID, ev[0].ActorID)

		// Again, later: the first time stands and nothing is audited.
		again, err := db.CompleteModuleAssignment(ctx, zoes.ID, w.zoe.ID, at.Add(48*time.Hour), w.asZoe)
		require.NoError(t, err)
		assert.Equal(t, done, again)
		assert.EqualValues(t, 1, db.auditCount(t, "module.complete"))

		list, err = db.ListModuleAssignments(ctx, coaching.AssignmentFilter{ModuleID: m.ID})
		require.NoError(t, err)
		require.Len(t, list, 2)
		for _, l := range list {
			if l.AgentID == w.zoe.ID {
				assert.Equal(t, done, l)
			} else {
				assert.Nil(t, l.CompletedAt, "the other agent's assignment is untouched")
			}
		}
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}

func TestAssignModuleConcurrent(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustModuleWorld(t, db)
		agents := []int64{w.zoe.ID, w.khoa.ID, w.anh.ID, w.somchai.ID}
		due := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)

		// Several trainers assign the same agents at once: each agent is
		// assigned exactly once, and nobody gets a conflict for it. The
		// first round also fills the connection pool, so in later rounds
		// the transactions really overlap instead of queueing for new
		// connections.
		const rounds, n = 4, 12
		for round := range rounds {
			m := MustCreateModule(t, db, fmt.Sprintf("Empathy %d", round), w.asTrainer)
			results := make([][]int64, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range n {
				wg.Go(func() {
					<-start
					order := slices.Clone(agents)
					if i%2 == 1 {
						slices.Reverse(order)
					}
					results[i], errs[i] = db.AssignModule(ctx, m.ID, order, due, w.asTrainer)
				})
			}
			close(start)
			wg.Wait()
			var all []int64
			for i := range n {
				require.NoError(t, errs[i], "round %d call %d", round, i)
				all = append(all, results[i]...)
			}
			slices.Sort(all)
			want := slices.Clone(agents)
			slices.Sort(want)
			assert.Equal(t, want, all, "round %d: every agent newly assigned exactly once across the calls", round)
		}
		assert.EqualValues(t, rounds*len(agents), db.count(t, "SELECT COUNT(*) FROM module_assignments"))
		assert.EqualValues(t, rounds*len(agents), db.auditCount(t, "module.assign"))
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}
