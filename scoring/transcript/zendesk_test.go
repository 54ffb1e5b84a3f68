package transcript_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

// publicBodies lists the bodies of a comments file's public comments,
// decoded independently of the importer.
func publicBodies(t *testing.T, p string) []string {
	var out []string
	for _, c := range vdJSON(t, p)["comments"].([]any) {
		m := c.(map[string]any)
		if pub, ok := m["public"].(bool); ok && !pub {
			continue
		}
		out = append(out, m["body"].(string))
	}
	return out
}

func TestZendeskSamples(t *testing.T) {
	dir := vdSamples(t, "zendesk")
	file := func(n string) transcript.File { return vdDisk(t, filepath.Join(dir, n)) }
	commentsData, err := os.ReadFile(filepath.Join(dir, "ticket_comments.json"))
	require.NoError(t, err)
	bodies := publicBodies(t, filepath.Join(dir, "ticket_comments.json"))
	ticket := vdJSON(t, filepath.Join(dir, "ticket.json"))["ticket"].(map[string]any)

	t.Run("one ticket with its comments and users", func(t *testing.T) {
		recs := vdParse(t, transcript.ZendeskImporter{}, file("ticket.json"), file("ticket_comments.json"), file("users.json"))
		require.Len(t, recs, 1)
		require.NoError(t, recs[0].Err)
		vdCheck(t, recs)
		in := recs[0].Interaction
		require.Len(t, in.Turns, len(bodies))
		for i, tu := range in.Turns {
			assert.Equal(t, bodies[i], tu.Text)
			// The author is in no users list but is the requester.
			assert.Equal(t, transcript.RoleCustomer, tu.Role)
			assert.Equal(t, "Yosuke Tamura", tu.Speaker)
			require.NotNil(t, tu.At)
		}
		assert.True(t, in.Turns[0].At.Before(*in.Turns[1].At))
		assert.Equal(t, "zendesk-2", in.ExternalID)
		assert.Equal(t, "zendesk", in.Source)
		assert.Equal(t, transcript.ChannelEmail, in.Channel)
		assert.Equal(t, ticket["subject"], in.Subject)
		assert.Equal(t, time.Date(2019, 6, 3, 2, 23, 47, 0, time.UTC), in.StartedAt)
		assert.Equal(t, "Zendesk user 377922500012", in.AgentName, "unresolvable assignee still identified")
		assert.Nil(t, in.CSAT)
	})

	t.Run("every file: comments cannot be placed among two tickets", func(t *testing.T) {
		recs := vdParse(t, transcript.ZendeskImporter{}, file("tickets.json"), file("ticket.json"),
			file("ticket_comments.json"), file("ticket_audits.json"), file("users.json"))
		vdCheck(t, recs)
		var ok []transcript.Interaction
		var errs []*transcript.RecordError
		for _, r := range recs {
			if r.Err != nil {
				var re *transcript.RecordError
				require.True(t, vdAs(r.Err, &re))
				errs = append(errs, re)
				continue
			}
			ok = append(ok, r.Interaction)
		}
		require.Len(t, ok, 2, "tickets 2 and 3, ticket.json's copy of 2 merged")
		assert.Equal(t, "にゃー", ok[1].Subject)
		for _, in := range ok {
			require.Len(t, in.Turns, 1, "description stands in for the missing comments")
		}
		require.Len(t, errs, 2)
		assert.Equal(t, "ticket_comments.json", errs[0].Ref)
		assert.Contains(t, errs[0].Message, "ticket_<id>_comments.json")
		assert.Contains(t, errs[1].Message, "666")
	})

	t.Run("comments named by file", func(t *testing.T) {
		recs := vdParse(t, transcript.ZendeskImporter{}, file("tickets.json"),
			vdMem("ticket_2_comments.json", commentsData), file("users.json"))
		require.Len(t, recs, 2)
		vdCheck(t, recs)
		require.NoError(t, recs[0].Err)
		assert.Equal(t, "zendesk-2", recs[0].Interaction.ExternalID)
		require.Len(t, recs[0].Interaction.Turns, len(bodies))
		require.NoError(t, recs[1].Err)
		assert.Len(t, recs[1].Interaction.Turns, 1)
	})
}

func TestZendeskCombined(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "vendor", "zendesk-combined.json"))
	require.NoError(t, err)
	h := data
	im, err := transcript.Detect("export.json", h)
	require.NoError(t, err)
	require.Equal(t, transcript.FormatZendesk, im.Format())

	recs := vdParse(t, transcript.ZendeskImporter{}, vdMem("export.json", data))
	require.Len(t, recs, 2)
	vdCheck(t, recs)
	require.NoError(t, recs[0].Err)
	in := recs[0].Interaction
	assert.Equal(t, "export.json ticket 9001", recs[0].Ref)
	assert.Equal(t, "minh@example.com", recs[0].AgentEmail)
	assert.Equal(t, "Minh Tran", in.AgentName)
	assert.Equal(t, "Lan Nguyen", in.CustomerName)
	assert.Equal(t, "vi", in.Language)
	assert.Equal(t, transcript.ChannelChat, in.Channel)
	require.NotNil(t, in.CSAT)
	assert.Equal(t, 5, *in.CSAT)
	want := []struct {
		role    transcript.Role
		speaker string
		text    string
	}{
		{transcript.RoleCustomer, "Lan Nguyen", "Hóa đơn của tôi bị tính hai lần."},
		{transcript.RoleAgent, "Minh Tran", "Chào chị,\n\nEm đã kiểm tra & hoàn tiền.\nCảm ơn chị!"},
		{transcript.RoleCustomer, "Unknown participant", "Cảm ơn em."},
	}
	require.Len(t, in.Turns, len(want), "the internal note is left out")
	for i, w := range want {
		assert.Equal(t, w.role, in.Turns[i].Role)
		assert.Equal(t, w.speaker, in.Turns[i].Speaker)
		assert.Equal(t, w.text, in.Turns[i].Text)
	}
	assert.EqualValues(t, 20*60*1000, in.DurationMS)

	require.NoError(t, recs[1].Err)
	in2 := recs[1].Interaction
	assert.Equal(t, transcript.ChannelEmail, in2.Channel)
	assert.Equal(t, "Somchai", in2.CustomerName)
	assert.Equal(t, "Somchai", in2.Turns[0].Speaker)
	require.NotNil(t, in2.CSAT)
	assert.Equal(t, 1, *in2.CSAT)
}

func TestZendeskErrors(t *testing.T) {
	cases := []struct {
		name  string
		files []transcript.File
		ref   string
		field string
	}{
		{
			"invalid utf-8 in a comment fails its ticket",
			[]transcript.File{
				vdMem("ticket.json", []byte(`{"ticket":{"id":5,"created_at":"2024-01-01T00:00:00Z","requester_id":1}}`)),
				vdMem("ticket_comments.json", []byte("{\"comments\":[{\"id\":1,\"author_id\":1,\"body\":\"ok\"},{\"id\":2,\"author_id\":1,\"body\":\"b\xc3(d\"}]}")),
			},
			"ticket_comments.json ticket 5", "comments[1].body",
		},
		{
			"ticket without id",
			[]transcript.File{vdMem("tickets.json", []byte(`{"tickets":[{"subject":"x"}]}`))},
			"tickets.json", "tickets[0].id",
		},
		{
			"bad created_at",
			[]transcript.File{vdMem("ticket.json", []byte(`{"ticket":{"id":7,"created_at":"yesterday","description":"hi"}}`))},
			"ticket.json ticket 7", "created_at",
		},
		{
			"no comments, no description",
			[]transcript.File{vdMem("ticket.json", []byte(`{"ticket":{"id":8,"created_at":"2024-01-01T00:00:00Z"}}`))},
			"ticket.json ticket 8", "comments",
		},
		{
			"not zendesk",
			[]transcript.File{vdMem("x.json", []byte(`{"hello":1}`))},
			"x.json", "",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs := vdParse(t, transcript.ZendeskImporter{}, c.files...)
			require.Len(t, recs, 1)
			var re *transcript.RecordError
			require.True(t, vdAs(recs[0].Err, &re), "%v", recs[0].Err)
			assert.Equal(t, c.ref, re.Ref)
			assert.Equal(t, c.field, re.Field)
		})
	}
}

func FuzzZendesk(f *testing.F) {
	vdSeed(f, "zendesk")
	f.Add([]byte(`{"ticket":{"id":1,"created_at":"2024-01-01T00:00:00Z","requester_id":2,"assignee_id":3},"comments":[{"id":1,"author_id":3,"html_body":"<p>hi &amp; bye</p>"}]}`))
	f.Add([]byte(`{"audits":[{"ticket_id":1,"author_id":3,"created_at":"2024-01-01T00:00:00Z","events":[{"type":"Comment","body":"x"}]}],"tickets":[{"id":1,"created_at":"2024-01-01T00:00:00Z"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		im := transcript.ZendeskImporter{}
		_ = im.Sniff("tickets.json", data)
		vdCheck(t, vdParse(t, im, vdMem("tickets.json", data), vdMem("ticket_1_comments.json", data)))
	})
}
