package transcript_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

func TestCSVFiles(t *testing.T) {
	tests := []struct {
		file  string
		wants []txWant
	}{
		{"chats.csv", []txWant{
			{id: "c-1", turns: 2},
			{id: "c-2", turns: 2},
			{errRef: "chats.csv row 7", errField: "role"},
			{errRef: "chats.csv row 8", errField: "csat"},
			{id: "c-5", turns: 1},
		}},
		{"semicolon.csv", []txWant{
			{id: "s-1", turns: 2},
			{errRef: "semicolon.csv row 3"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs := txParse(t, transcript.CSVImporter{}, txDisk(t, filepath.Join("testdata", "csv", tt.file)))
			txCheck(t, recs, tt.wants)
		})
	}
}

func TestCSVGrouping(t *testing.T) {
	recs := txParse(t, transcript.CSVImporter{}, txDisk(t, filepath.Join("testdata", "csv", "chats.csv")))
	require.Len(t, recs, 5)
	c1 := recs[0].Interaction
	assert.Equal(t, "chats.csv row 2", recs[0].Ref)
	assert.Equal(t, "csv", c1.Source)
	assert.Equal(t, "Somchai", c1.AgentName)
	assert.Equal(t, "somchai@example.com", recs[0].AgentEmail)
	assert.Equal(t, "คืนสินค้า", c1.Subject)
	assert.Equal(t, "สวัสดีครับ, ยินดีให้บริการ", c1.Turns[0].Text)
	assert.Equal(t, "Tôi muốn trả lại \"đơn hàng\".\nCảm ơn 🙏", c1.Turns[1].Text)
	assert.Equal(t, transcript.RoleCustomer, c1.Turns[1].Role)
	require.NotNil(t, c1.CSAT)
	assert.Equal(t, 4, *c1.CSAT)
	c2 := recs[1].Interaction
	assert.Equal(t, transcript.ChannelCall, c2.Channel)
	assert.Equal(t, "Բարև — مرحبا", c2.Turns[1].Text)
	assert.Equal(t, int64(4000), c2.DurationMS)
	c5 := recs[4].Interaction
	assert.Equal(t, time.Date(2024, 5, 2, 8, 0, 0, 0, time.UTC), c5.StartedAt, "from at")
	assert.Equal(t, transcript.ChannelEmail, c5.Channel)

	semi := txParse(t, transcript.CSVImporter{}, txDisk(t, filepath.Join("testdata", "csv", "semicolon.csv")))
	assert.Equal(t, "Ma facture; numéro 12,5", semi[0].Interaction.Turns[1].Text)
}

func TestCSVErrors(t *testing.T) {
	const head = "external_id,role,text,at,start_ms,end_ms,channel\n"
	tests := []struct {
		name  string
		csv   string
		wants []txWant
	}{
		{"empty", "", []txWant{{errRef: "in.csv"}}},
		{"no role column", "external_id,text,at\nx,hi,2024-05-01T10:00:00Z\n", []txWant{{errRef: "in.csv row 1", errField: "header"}}},
		{"no time column", "external_id,role,text\nx,agent,hi\n", []txWant{{errRef: "in.csv row 1", errField: "header"}}},
		{"unknown column", "external_id,role,text,at,mood\nx,agent,hi,2024-05-01T10:00:00Z,1\n", []txWant{{errRef: "in.csv row 1", errField: "header"}}},
		{"bare quote", head + "a,agent,hi,2024-05-01T10:00:00Z,,,\nb,agent,say \"hi\",2024-05-01T10:00:00Z,,,\nc,agent,ok,2024-05-01T10:00:00Z,,,\n",
			[]txWant{{id: "a", turns: 1}, {errRef: "in.csv row 3"}, {id: "c", turns: 1}}},
		{"too few fields", head + "a,agent,hi\n", []txWant{{errRef: "in.csv row 2"}}},
		{"missing id", head + ",agent,hi,2024-05-01T10:00:00Z,,,\n", []txWant{{errRef: "in.csv row 2", errField: "external_id"}}},
		{"conflicting channel", head + "a,agent,hi,2024-05-01T10:00:00Z,,,chat\na,customer,yo,2024-05-01T10:00:01Z,,,call\n",
			[]txWant{{errRef: "in.csv row 3", errField: "channel"}}},
		{"backwards start", head + "a,agent,hi,2024-05-01T10:00:00Z,500,900,\na,customer,yo,,100,200,\n",
			[]txWant{{errRef: "in.csv row 3", errField: "start_ms"}}},
		{"start without end", head + "a,agent,hi,2024-05-01T10:00:00Z,500,,\n", []txWant{{errRef: "in.csv row 2", errField: "end_ms"}}},
		{"bad ms", head + "a,agent,hi,2024-05-01T10:00:00Z,1.5,2,\n", []txWant{{errRef: "in.csv row 2", errField: "start_ms"}}},
		{"bad at", head + "a,agent,hi,10am,,,\n", []txWant{{errRef: "in.csv row 2", errField: "at"}}},
		{"invalid UTF-8", head + "a,agent,h\xffi,2024-05-01T10:00:00Z,,,\nb,agent,ok,2024-05-01T10:00:00Z,,,\n",
			[]txWant{{errRef: "in.csv row 2", errField: "text"}, {id: "b", turns: 1}}},
		{"no time at all", head + "a,agent,hi,,,,\n", []txWant{{errRef: "in.csv row 2", errField: "started_at"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := txParse(t, transcript.CSVImporter{}, txMem("in.csv", []byte(tt.csv)))
			txCheck(t, recs, tt.wants)
		})
	}
}
