package transcript_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

// txWant describes one expected record: an interaction id and turn count,
// or the error's ref and field.
type txWant struct {
	id       string
	turns    int
	errRef   string
	errField string
}

// txCheck compares records with wants, in order, and checks the
// invariants of every record.
func txCheck(t *testing.T, recs []transcript.Record, wants []txWant) {
	t.Helper()
	require.Len(t, recs, len(wants))
	for i, w := range wants {
		rec := recs[i]
		assertInvariants(t, rec)
		if w.errRef != "" {
			re := txRecErr(t, rec)
			assert.Equal(t, w.errRef, re.Ref, "record %d ref", i)
			assert.Equal(t, w.errField, re.Field, "record %d field (%v)", i, rec.Err)
			continue
		}
		require.NoError(t, rec.Err, "record %d", i)
		assert.Equal(t, w.id, rec.Interaction.ExternalID)
		assert.Len(t, rec.Interaction.Turns, w.turns, "record %d turns", i)
	}
}

func TestNativeFiles(t *testing.T) {
	tests := []struct {
		file  string
		wants []txWant
	}{
		{"single.json", []txWant{{id: "chat-th-001", turns: 4}}},
		{"array.json", []txWant{
			{id: "call-1", turns: 2},
			{errRef: "array.json interaction 2", errField: "typo_field"},
			{id: "chat-2", turns: 2},
			{errRef: "array.json interaction 4", errField: "turns[1].start_ms"},
			{errRef: "array.json interaction 5", errField: "turns[0].sentiment"},
		}},
		{"wrapped.json", []txWant{{id: "w-1", turns: 1}, {id: "w-2", turns: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs := txParse(t, transcript.NativeImporter{}, txDisk(t, filepath.Join("testdata", "native", tt.file)))
			txCheck(t, recs, tt.wants)
		})
	}
}

func TestNativeFieldsKeptExactly(t *testing.T) {
	recs := txParse(t, transcript.NativeImporter{}, txDisk(t, filepath.Join("testdata", "native", "single.json")))
	require.Len(t, recs, 1)
	require.NoError(t, recs[0].Err)
	in := recs[0].Interaction
	assert.Equal(t, "json", in.Source)
	assert.Equal(t, transcript.ChannelChat, in.Channel)
	assert.Equal(t, "Somchai P.", in.AgentName)
	assert.Equal(t, "somchai@example.com", recs[0].AgentEmail)
	assert.Equal(t, "Nguyễn Thị Hoa", in.CustomerName)
	assert.Equal(t, "คืนสินค้า 📦", in.Subject)
	assert.Equal(t, time.Date(2024, 5, 1, 2, 30, 0, 0, time.UTC), in.StartedAt)
	assert.Equal(t, time.UTC, in.StartedAt.Location())
	require.NotNil(t, in.CSAT)
	assert.Equal(t, 5, *in.CSAT)
	assert.Equal(t, "สวัสดีครับ ยินดีให้บริการ 🙏", in.Turns[0].Text)
	assert.Equal(t, "Tôi muốn trả lại đơn hàng.", in.Turns[1].Text)
	assert.Equal(t, "Բարև ձեզ — مرحبا 👋🏽", in.Turns[2].Text)
	assert.Equal(t, transcript.RoleBot, in.Turns[2].Role)
	assert.Equal(t, transcript.RoleSystem, in.Turns[3].Role)
	// No duration given and no offsets: the span of the "at" times.
	assert.Equal(t, int64(115000), in.DurationMS)
}

func TestNativeDefaults(t *testing.T) {
	recs := txParse(t, transcript.NativeImporter{}, txDisk(t, filepath.Join("testdata", "native", "array.json")))
	require.Len(t, recs, 5)
	call := recs[0].Interaction
	assert.Equal(t, int64(65000), call.DurationMS, "given duration wins")
	chat := recs[2].Interaction
	assert.Equal(t, time.Date(2024, 5, 2, 11, 0, 0, 0, time.UTC), chat.StartedAt, "earliest turn at")
	assert.Equal(t, int64(150000), chat.DurationMS, "last at − first at")
	assert.Equal(t, transcript.ChannelChat, chat.Channel)
}

func TestNativeErrors(t *testing.T) {
	const turn = `{"role":"agent","text":"hi","at":"2024-05-01T10:00:00Z"}`
	tests := []struct {
		name  string
		json  string
		field string
	}{
		{"unknown nested field", `{"external_id":"x","agent":{"name":"A","phone":"1"},"turns":[` + turn + `]}`, "agent.phone"},
		{"unknown turn field", `{"external_id":"x","turns":[{"role":"agent","text":"hi","at":"2024-05-01T10:00:00Z","mood":1}]}`, "turns[0].mood"},
		{"missing id", `{"turns":[` + turn + `]}`, "external_id"},
		{"blank id", `{"external_id":"  ","turns":[` + turn + `]}`, "external_id"},
		{"bad channel", `{"external_id":"x","channel":"fax","turns":[` + turn + `]}`, "channel"},
		{"csat out of range", `{"external_id":"x","csat":6,"turns":[` + turn + `]}`, "csat"},
		{"csat not a number", `{"external_id":"x","csat":"5","turns":[` + turn + `]}`, "csat"},
		{"no turns", `{"external_id":"x","started_at":"2024-05-01T10:00:00Z","turns":[]}`, "turns"},
		{"turns missing", `{"external_id":"x","started_at":"2024-05-01T10:00:00Z"}`, "turns"},
		{"no time", `{"external_id":"x","turns":[{"role":"agent","text":"hi"}]}`, "started_at"},
		{"bad started_at", `{"external_id":"x","started_at":"yesterday","turns":[` + turn + `]}`, "started_at"},
		{"start without end", `{"external_id":"x","turns":[{"role":"agent","text":"hi","at":"2024-05-01T10:00:00Z","start_ms":1}]}`, "turns[0].end_ms"},
		{"end before start", `{"external_id":"x","turns":[{"role":"agent","text":"hi","at":"2024-05-01T10:00:00Z","start_ms":10,"end_ms":5}]}`, "turns[0].end_ms"},
		{"negative start", `{"external_id":"x","turns":[{"role":"agent","text":"hi","at":"2024-05-01T10:00:00Z","start_ms":-1,"end_ms":5}]}`, "turns[0].start_ms"},
		{"fractional ms", `{"external_id":"x","turns":[{"role":"agent","text":"hi","at":"2024-05-01T10:00:00Z","start_ms":1.5,"end_ms":5}]}`, "turns[0].start_ms"},
		{"missing role", `{"external_id":"x","turns":[{"text":"hi","at":"2024-05-01T10:00:00Z"}]}`, "turns[0].role"},
		{"missing text", `{"external_id":"x","turns":[{"role":"agent","at":"2024-05-01T10:00:00Z"}]}`, "turns[0].text"},
		{"invalid UTF-8 text", "{\"external_id\":\"x\",\"turns\":[{\"role\":\"agent\",\"text\":\"a\xc3\",\"at\":\"2024-05-01T10:00:00Z\"}]}", "turns[0].text"},
		{"lone surrogate escape", `{"external_id":"x","turns":[{"role":"agent","text":"a\ud800b","at":"2024-05-01T10:00:00Z"}]}`, "turns[0].text"},
		{"invalid UTF-8 subject", "{\"external_id\":\"x\",\"subject\":\"\xff\",\"turns\":[" + turn + "]}", "subject"},
		{"sentiment out of range", `{"external_id":"x","turns":[{"role":"agent","text":"hi","at":"2024-05-01T10:00:00Z","sentiment":1.5}]}`, "turns[0].sentiment"},
		{"sentiment a word", `{"external_id":"x","turns":[{"role":"agent","text":"hi","at":"2024-05-01T10:00:00Z","sentiment":"POSITIVE"}]}`, "turns[0].sentiment"},
		{"turn not an object", `{"external_id":"x","turns":["hi"]}`, "turns[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := txParse(t, transcript.NativeImporter{}, txMem("in.json", []byte(tt.json)))
			require.Len(t, recs, 1)
			assertInvariants(t, recs[0])
			re := txRecErr(t, recs[0])
			assert.Equal(t, "in.json", re.Ref)
			assert.Equal(t, tt.field, re.Field, "%v", recs[0].Err)
		})
	}
}

func TestNativeAccepted(t *testing.T) {
	tests := []struct {
		name string
		json string
		text string
	}{
		{"literal replacement char kept", `{"external_id":"x","turns":[{"role":"agent","text":"a\ufffd b �","at":"2024-05-01T10:00:00Z"}]}`, "a\ufffd b \ufffd"},
		{"escaped pair", `{"external_id":"x","turns":[{"role":"agent","text":"\ud83d\ude00","at":"2024-05-01T10:00:00Z"}]}`, "😀"},
		{"sentiment bounds", `{"external_id":"x","turns":[{"role":"agent","text":"ok","at":"2024-05-01T10:00:00Z","sentiment":-1}]}`, "ok"},
		{"empty text", `{"external_id":"x","turns":[{"role":"agent","text":"","at":"2024-05-01T10:00:00Z"}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := txParse(t, transcript.NativeImporter{}, txMem("in.json", []byte(tt.json)))
			require.Len(t, recs, 1)
			require.NoError(t, recs[0].Err)
			assertInvariants(t, recs[0])
			assert.Equal(t, tt.text, recs[0].Interaction.Turns[0].Text)
		})
	}
}

func TestNativeDocumentErrors(t *testing.T) {
	good := `{"external_id":"a","turns":[{"role":"agent","text":"hi","at":"2024-05-01T10:00:00Z"}]}`
	tests := []struct {
		name  string
		json  string
		wants []txWant
	}{
		{"empty file", "", []txWant{{errRef: "in.json interaction 1"}}},
		{"empty array", "[]", nil},
		{"broken after good", "[" + good + `, {"external_id": ` + "\n", []txWant{{id: "a", turns: 1}, {errRef: "in.json interaction 2"}}},
		{"trailing garbage", good + " x", []txWant{{id: "a", turns: 1}, {errRef: "in.json interaction 1"}}},
		{"wrapper with other key", `{"interactions":[` + good + `],"version":2}`, []txWant{{id: "a", turns: 1}, {errRef: "in.json interaction 2"}}},
		{"not JSON", "hello", []txWant{{errRef: "in.json interaction 1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := txParse(t, transcript.NativeImporter{}, txMem("in.json", []byte(tt.json)))
			txCheck(t, recs, tt.wants)
		})
	}
}

func TestJSONLFile(t *testing.T) {
	recs := txParse(t, transcript.JSONLImporter{}, txDisk(t, filepath.Join("testdata", "jsonl", "calls.jsonl")))
	txCheck(t, recs, []txWant{
		{id: "l-1", turns: 2},
		{errRef: "calls.jsonl line 3", errField: "started_at"},
		{errRef: "calls.jsonl line 4", errField: "turns[0].text"},
		{id: "l-4", turns: 2},
		{errRef: "calls.jsonl line 6", errField: "turns[0].role"},
		{errRef: "calls.jsonl line 7"},
		{id: "l-7", turns: 1},
	})
	assert.Equal(t, "calls.jsonl line 1", recs[0].Ref)
	assert.Equal(t, "jsonl", recs[0].Interaction.Source)
	assert.Equal(t, "ana@example.com", recs[0].AgentEmail)
	assert.Equal(t, "Բարև, ես ուզում եմ չեղարկել", recs[0].Interaction.Turns[1].Text)
	assert.Equal(t, int64(5200), recs[0].Interaction.DurationMS, "last end_ms")
	assert.Equal(t, "ขอบคุณค่ะ", recs[3].Interaction.Turns[1].Text)
}

func TestJSONLLongLine(t *testing.T) {
	good := `{"external_id":"a","turns":[{"role":"agent","text":"hi","at":"2024-05-01T10:00:00Z"}]}`
	long := make([]byte, 9<<20)
	for i := range long {
		long[i] = 'x'
	}
	data := good + "\n" + string(long) + "\n" + good + "\n"
	recs := txParse(t, transcript.JSONLImporter{}, txMem("big.jsonl", []byte(data)))
	txCheck(t, recs, []txWant{{id: "a", turns: 1}, {errRef: "big.jsonl line 2"}, {id: "a", turns: 1}})
}
