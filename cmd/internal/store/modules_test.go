package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// MustCreateModule stores a module with the given title and returns it.
func MustCreateModule(tb testing.TB, db testDB, title string, by scoring.Actor, keys ...string) coaching.Module {
	tb.Helper()
	m, err := db.CreateModule(context.Background(), coaching.Module{
		Title: title, Body: "What good looks like, with an example.", CriterionKeys: keys,
	}, by)
	require.NoError(tb, err)
	return m
}

// moduleWorld is a trainer, a supervisor and agents whose names mix
// scripts, so the name ordering is exercised.
type moduleWorld struct {
	trainer, supervisor         coaching.User
	zoe, khoa, anh, somchai     coaching.User
	asTrainer, asZoe, asSomchai scoring.Actor
}

// mustNamedUser stores a user whose display name is not an email local
// part (MustCreateUser derives the email from the name).
func mustNamedUser(tb testing.TB, db testDB, login, name string, role coaching.Role) coaching.User {
	tb.Helper()
	u := coaching.User{Email: login + "@example.com", Name: name, Role: role, PasswordHash: "$argon2id$x"}
	require.NoError(tb, db.CreateUser(context.Background(), &u, system))
	return u
}

func mustModuleWorld(t *testing.T, db testDB) moduleWorld {
	t.Helper()
	w := moduleWorld{
		trainer:    mustNamedUser(t, db, "trainer", "Trainer Thu", coaching.RoleTrainer),
		supervisor: mustNamedUser(t, db, "supervisor", "Supervisor Sam", coaching.RoleSupervisor),
		zoe:        mustNamedUser(t, db, "zoe", "Zoe Adams", coaching.RoleAgent),
		khoa:       mustNamedUser(t, db, "khoa", "Đỗ Văn Khoa", coaching.RoleAgent),
		anh:        mustNamedUser(t, db, "anh", "ánh Nguyễn", coaching.RoleAgent),
		somchai:    mustNamedUser(t, db, "somchai", "สมชาย", coaching.RoleAgent),
	}
	w.asTrainer = scoring.Actor{UserID: w.trainer.ID, RequestID: "req-trainer"}
	w.asZoe = scoring.Actor{UserID: w.zoe.ID, RequestID: "req-zoe"}
	w.asSomchai = scoring.Actor{UserID: w.somchai.ID, RequestID: "req-somchai"}
	return w
}

// auditCount counts audit events with the given action.
func (db testDB) auditCount(tb testing.TB, action string) int64 {
	tb.Helper()
	return db.count(tb, "SELECT COUNT(*) FROM audit_events WHERE action = ?", action)
}

func TestModuleCreateReadList(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustModuleWorld(t, db)
		before := time.Now().UTC().Add(-time.Second)

		m, err := db.CreateModule(ctx, coaching.Module{
			Title: "  Đồng cảm với khách hàng ", Body: "Gọi khách bằng tên — ví dụ: «Chào chị Lan» 🙏",
			CriterionKeys: []string{"greeting", " empathy", "", "greeting"},
			// Ignored: the author is the actor and a new module starts at 1.
			AuthorID: 999, Version: 7,
		}, w.asTrainer)
		require.NoError(t, err)
		assert.Positive(t, m.ID)
		assert.Equal(t, "Đồng cảm với khách hàng", m.Title, "title trimmed")
		assert.Equal(t, []string{"empathy", "greeting"}, m.CriterionKeys, "keys sorted, distinct, no blanks")
		assert.Equal(t, w.trainer.ID, m.AuthorID)
		assert.Equal(t, w.trainer.Name, m.AuthorName)
		assert.EqualValues(t, 1, m.Version)
		assert.Equal(t, time.UTC, m.CreatedAt.Location())
		assert.WithinRange(t, m.CreatedAt, before, time.Now().UTC().Add(time.Second))
		assert.Equal(t, m.CreatedAt, m.UpdatedAt)
		assert.Equal(t, "module.create", lastAction(t, db))

		got, err := db.Module(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, m, got, "round trip")

		bare := MustCreateModule(t, db, "Zalo etiquette", w.asTrainer)
		got, err = db.Module(ctx, bare.ID)
		require.NoError(t, err)
		assert.Equal(t, bare, got)
		assert.Equal(t, []string{}, got.CriterionKeys, "no criteria is an empty list, not [\"\"]")

		_, err = db.Module(ctx, 999_999)
		assert.ErrorIs(t, err, rubrics.ErrNotFound)

		// Titles created in byte order, the order a binary sort returns;
		// the list must come back in root collation order instead.
		titles := []string{"Active listening", "active listening", "Ôn tập quy trình hoàn tiền", "การทักทายลูกค้า", "Zalo etiquette"}
		ids := map[string][]int64{"Zalo etiquette": {bare.ID}, m.Title: {m.ID}}
		for _, ti := range titles[:4] {
			ids[ti] = append(ids[ti], MustCreateModule(t, db, ti, w.asTrainer).ID)
		}
		dup := MustCreateModule(t, db, "Active listening", w.asTrainer) // same title: ties by id
		ids["Active listening"] = append(ids["Active listening"], dup.ID)

		all := append(titles, m.Title)
		c := collate.New(language.Und, collate.IgnoreCase, collate.IgnoreWidth)
		c.SortStrings(all)
		// Spelled out too, so a collator change shows here.
		require.Equal(t, []string{
			"Active listening", "active listening", "Đồng cảm với khách hàng", "Ôn tập quy trình hoàn tiền",
			"Zalo etiquette", "การทักทายลูกค้า",
		}, all)

		list, err := db.ListModules(ctx)
		require.NoError(t, err)
		var gotTitles []string
		for _, l := range list {
			gotTitles = append(gotTitles, l.Title)
			assert.Equal(t, w.trainer.Name, l.AuthorName)
		}
		// "Active listening" and "active listening" tie at the collation's
		// strength on SQLite (case is ignored) and not on ICU; compare
		// them case-folded and check the tie-break on the exact duplicates.
		fold := func(ss []string) []string {
			out := make([]string, len(ss))
			for i, s := range ss {
				out[i] = strings.ToLower(s)
			}
			return out
		}
		wantTitles := slices.Insert(slices.Clone(all), 1, "Active listening")
		assert.Equal(t, fold(wantTitles), fold(gotTitles))
		var dupIDs []int64
		for _, l := range list {
			if l.Title == "Active listening" {
				dupIDs = append(dupIDs, l.ID)
			}
		}
		assert.Equal(t, ids["Active listening"], dupIDs, "equal titles by id")
		assert.Equal(t, "การทักทายลูกค้า", gotTitles[len(gotTitles)-1], "Thai after Latin in CLDR script order")
		idx := slices.Index(gotTitles, m.Title)
		assert.Equal(t, "Ôn tập quy trình hoàn tiền", gotTitles[idx+1], "Đ sorts with D, Ô with O")
		assert.EqualValues(t, 7, db.auditCount(t, "module.create"))
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}

func TestModuleValidationWritesNothing(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustModuleWorld(t, db)
		good := MustCreateModule(t, db, "Greeting", w.asTrainer, "greeting")
		events := db.count(t, "SELECT COUNT(*) FROM audit_events")

		tooMany := make([]string, coaching.MaxModuleCriteria+1)
		for i := range tooMany {
			tooMany[i] = "k" + string(rune('a'+i))
		}
		tests := []struct {
			name  string
			m     coaching.Module
			field string
		}{
			{"blank title", coaching.Module{Title: "   ", Body: "x"}, "title"},
			{"invalid title", coaching.Module{Title: "bad \xff", Body: "x"}, "title"},
			{"long title", coaching.Module{Title: strings.Repeat("ả", coaching.MaxModuleTitle+1), Body: "x"}, "title"},
			{"blank body", coaching.Module{Title: "Greeting", Body: " \n "}, "body"},
			{"long body", coaching.Module{Title: "Greeting", Body: strings.Repeat("ก", coaching.MaxModuleBody+1)}, "body"},
			{"too many criteria", coaching.Module{Title: "Greeting", Body: "x", CriterionKeys: tooMany}, "criteria"},
			{"bad criterion key", coaching.Module{Title: "Greeting", Body: "x", CriterionKeys: []string{"Not A Key!"}}, "criteria"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for op, save := range map[string]func() error{
					"create": func() error { _, err := db.CreateModule(ctx, tt.m, w.asTrainer); return err },
					"update": func() error {
						m := tt.m
						m.ID, m.Version = good.ID, good.Version
						_, err := db.UpdateModule(ctx, m, w.asTrainer)
						return err
					},
				} {
					err := save()
					require.Error(t, err, op)
					assert.ErrorIs(t, err, rubrics.ErrInvalid, op)
					var p coaching.Problems
					require.ErrorAs(t, err, &p, op)
					assert.NotEmpty(t, p.For(tt.field), "%s: problem on %s in %v", op, tt.field, p)
				}
				assert.EqualValues(t, 1, db.count(t, "SELECT COUNT(*) FROM coaching_modules"))
				assert.Equal(t, events, db.count(t, "SELECT COUNT(*) FROM audit_events"))
				got, err := db.Module(ctx, good.ID)
				require.NoError(t, err)
				assert.Equal(t, good, got, "a refused update changes nothing")
			})
		}

		// The author must be a user: the system actor is refused.
		_, err := db.CreateModule(ctx, coaching.Module{Title: "Orphan", Body: "x"}, system)
		assert.ErrorIs(t, err, rubrics.ErrInvalid)
		assert.EqualValues(t, 1, db.count(t, "SELECT COUNT(*) FROM coaching_modules"))
	})
}

func TestUpdateModuleOptimistic(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustModuleWorld(t, db)
		other := mustNamedUser(t, db, "tuan", "Trainer Tuấn", coaching.RoleTrainer)
		asOther := scoring.Actor{UserID: other.ID, RequestID: "req-other"}
		orig := MustCreateModule(t, db, "การทักทายลูกค้า", w.asTrainer, "greeting")

		// Two trainers open version 1; the first save wins.
		first, second := orig, orig
		first.Title, first.Body, first.CriterionKeys = " Chào hỏi khách hàng ", "Nội dung mới", []string{"greeting", "empathy"}
		saved, err := db.UpdateModule(ctx, first, asOther)
		require.NoError(t, err)
		assert.EqualValues(t, 2, saved.Version)
		assert.Equal(t, "Chào hỏi khách hàng", saved.Title)
		assert.Equal(t, []string{"empathy", "greeting"}, saved.CriterionKeys)
		assert.Equal(t, w.trainer.ID, saved.AuthorID, "the author stays the creator")
		assert.Equal(t, w.trainer.Name, saved.AuthorName)
		assert.Equal(t, orig.CreatedAt, saved.CreatedAt)
		assert.False(t, saved.UpdatedAt.Before(orig.UpdatedAt))
		got, err := db.Module(ctx, orig.ID)
		require.NoError(t, err)
		assert.Equal(t, saved, got, "the returned module is the stored one")

		ev, err := db.AuditEvents(ctx, 1)
		require.NoError(t, err)
		require.Len(t, ev, 1)
		assert.Equal(t, "module.update", ev[0].Action)
		assert.Equal(t, "module", ev[0].Entity)
		assert.Equal(t, orig.ID, ev[0].EntityID)
		assert.Equal(t, other.ID, ev[0].ActorID)
		var b, a map[string]any
		require.NoError(t, json.Unmarshal([]byte(ev[0].Before), &b))
		require.NoError(t, json.Unmarshal([]byte(ev[0].After), &a))
		assert.Equal(t, "การทักทายลูกค้า", b["title"])
		assert.EqualValues(t, 1, b["version"])
		assert.Equal(t, "Chào hỏi khách hàng", a["title"])
		assert.Equal(t, []any{"empathy", "greeting"}, a["criteria"])
		assert.EqualValues(t, 2, a["version"])

		second.Title = "Lost update"
		_, err = db.UpdateModule(ctx, second, w.asTrainer)
		assert.ErrorIs(t, err, rubrics.ErrConflict, "a stale version never overwrites")
		got, err = db.Module(ctx, orig.ID)
		require.NoError(t, err)
		assert.Equal(t, saved, got)

		missing := orig
		missing.ID = 999_999
		_, err = db.UpdateModule(ctx, missing, w.asTrainer)
		assert.ErrorIs(t, err, rubrics.ErrNotFound)
		missing.Version = 5
		_, err = db.UpdateModule(ctx, missing, w.asTrainer)
		assert.ErrorIs(t, err, rubrics.ErrNotFound, "an unknown id is not-found whatever the version")

		assert.EqualValues(t, 1, db.auditCount(t, "module.update"))
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}
