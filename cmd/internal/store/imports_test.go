package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/scoring/transcript/ingest"
)

func TestResolveAgent(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		ann := MustCreateUser(t, db, "ann", coaching.RoleAgent)
		MustCreateUser(t, db, "sam", coaching.RoleSupervisor)
		twin1 := MustCreateUser(t, db, "twin1", coaching.RoleAgent)
		twin2 := MustCreateUser(t, db, "twin2", coaching.RoleAgent)
		name := "Lê Văn Twin"
		for _, u := range []coaching.User{twin1, twin2} {
			_, err := db.UpdateUser(ctx, u.ID, coaching.UserUpdate{Name: &name}, system)
			require.NoError(t, err)
		}
		cases := []struct {
			email, name string
			want        int64
		}{
			{"ANN@example.com", "someone else", ann.ID}, // email first
			{"", "  ANN ", ann.ID},                      // name, case and spaces ignored
			{"nobody@example.com", "ann", ann.ID},       // unknown email falls back to the name
			{"sam@example.com", "sam", 0},               // only agent accounts
			{"", "Lê Văn Twin", 0},                      // ambiguous: a person decides
			{"", "Zed", 0},
			{"", "", 0},
		}
		for _, c := range cases {
			got, err := db.ResolveAgent(ctx, c.email, c.name)
			require.NoError(t, err)
			assert.Equal(t, c.want, got, "%q %q", c.email, c.name)
		}
	})
}

func importBatch(ext ...string) []transcript.Interaction {
	out := make([]transcript.Interaction, len(ext))
	for i, e := range ext {
		out[i] = newInteraction(e, 0, t0, "hello", "hi")
		out[i].Source = "jsonl"
		out[i].AgentName = "Zed Unknown"
	}
	return out
}

func TestImportInteractions(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		outs, err := db.ImportInteractions(ctx, importBatch("a", "b"))
		require.NoError(t, err)
		require.Len(t, outs, 2)
		assert.Positive(t, outs[0].ID)
		assert.False(t, outs[0].AlreadyThere)

		// A batch holding an imported id, and the same new id twice,
		// stores only the new one and does not fail.
		outs, err = db.ImportInteractions(ctx, importBatch("b", "c", "c", "a"))
		require.NoError(t, err)
		got := []bool{}
		for _, o := range outs {
			got = append(got, o.AlreadyThere)
		}
		assert.Equal(t, []bool{true, false, true, true}, got)
		assert.Zero(t, outs[0].ID)
		assert.Positive(t, outs[1].ID)
		assert.Equal(t, int64(3), db.count(t, "SELECT COUNT(*) FROM interactions"))
		assert.Equal(t, int64(6), db.count(t, "SELECT COUNT(*) FROM turns"))

		// The same external id from another source is another conversation.
		other := importBatch("a")
		other[0].Source = "webvtt"
		outs, err = db.ImportInteractions(ctx, other)
		require.NoError(t, err)
		assert.False(t, outs[0].AlreadyThere)

		// Imported conversations are searchable like any other.
		list, total, err := db.ListInteractions(ctx, transcript.Filter{Scope: transcript.Scope{All: true}, Query: "hello"})
		require.NoError(t, err)
		assert.Equal(t, 4, total)
		assert.Len(t, list, 4)

		bad := importBatch("d", "e")
		bad[1].Turns = nil
		_, err = db.ImportInteractions(ctx, bad)
		require.ErrorIs(t, err, rubrics.ErrInvalid)
		assert.Equal(t, int64(4), db.count(t, "SELECT COUNT(*) FROM interactions"), "nothing of an invalid batch is written")
	})
}

func TestImportInteractionsBigBatch(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ids := make([]string, ingest.BatchSize)
		for i := range ids {
			ids[i] = fmt.Sprint("x", i)
		}
		outs, err := db.ImportInteractions(context.Background(), importBatch(ids...))
		require.NoError(t, err)
		assert.Len(t, outs, ingest.BatchSize)
		outs, err = db.ImportInteractions(context.Background(), importBatch(ids...))
		require.NoError(t, err)
		assert.True(t, outs[len(outs)-1].AlreadyThere)
		assert.Equal(t, int64(ingest.BatchSize), db.count(t, "SELECT COUNT(*) FROM interactions"))
	})
}

func TestMapAgent(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		zed := MustCreateUser(t, db, "zed", coaching.RoleAgent)
		sup := MustCreateUser(t, db, "sue", coaching.RoleSupervisor)
		batch := importBatch("1", "2", "3")
		batch[2].AgentName = "Other Person"
		_, err := db.ImportInteractions(ctx, batch)
		require.NoError(t, err)

		un, err := db.UnmappedAgents(ctx)
		require.NoError(t, err)
		assert.Equal(t, []ingest.UnmappedAgent{{Name: "Zed Unknown", Conversations: 2}, {Name: "Other Person", Conversations: 1}}, un)

		_, err = db.MapAgent(ctx, "Zed Unknown", sup.ID, system)
		require.ErrorIs(t, err, rubrics.ErrInvalid, "only agents")
		_, err = db.MapAgent(ctx, "Zed Unknown", 999_999, system)
		require.ErrorIs(t, err, rubrics.ErrInvalid)
		_, err = db.MapAgent(ctx, "  ", zed.ID, system)
		require.ErrorIs(t, err, rubrics.ErrInvalid)

		n, err := db.MapAgent(ctx, "Zed Unknown", zed.ID, scoring.Actor{UserID: sup.ID, RequestID: "r-map"})
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		un, err = db.UnmappedAgents(ctx)
		require.NoError(t, err)
		assert.Equal(t, []ingest.UnmappedAgent{{Name: "Other Person", Conversations: 1}}, un)
		list, total, err := db.ListInteractions(ctx, transcript.Filter{Scope: transcript.Scope{AgentID: zed.ID}})
		require.NoError(t, err)
		assert.Equal(t, 2, total)
		assert.Len(t, list, 2)

		// The next import of that name maps by itself, whatever its case.
		id, err := db.ResolveAgent(ctx, "", "zed  UNKNOWN")
		require.NoError(t, err)
		assert.Equal(t, zed.ID, id)

		events, err := db.AuditEvents(ctx, 1)
		require.NoError(t, err)
		require.Len(t, events, 1)
		assert.Equal(t, "agent.map", events[0].Action)
		assert.Equal(t, zed.ID, events[0].EntityID)
		assert.Equal(t, "r-map", events[0].RequestID)
		assert.Contains(t, events[0].After, `"updated":2`)

		// Mapping again moves the alias; nothing is left to update.
		ann := MustCreateUser(t, db, "ann", coaching.RoleAgent)
		n, err = db.MapAgent(ctx, "Zed Unknown", ann.ID, system)
		require.NoError(t, err)
		assert.Zero(t, n)
		id, err = db.ResolveAgent(ctx, "", "Zed Unknown")
		require.NoError(t, err)
		assert.Equal(t, ann.ID, id)
	})
}
