package transcript_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/qascore/qascore/scoring/transcript"
)

// seedText adds every testdata file of a subdirectory to the corpus.
func seedText(f *testing.F, sub string) {
	entries, _ := os.ReadDir(filepath.Join("testdata", sub))
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join("testdata", sub, e.Name())); err == nil {
			f.Add(data)
		}
	}
}

// fuzzImporter parses data as one file named name and checks the
// invariants of every record; any panic fails the fuzz run.
func fuzzImporter(t *testing.T, im transcript.Importer, name string, data []byte) {
	err := im.Parse(context.Background(), []transcript.File{txMem(name, data)}, func(r transcript.Record) error {
		assertInvariants(t, r)
		return nil
	})
	if err != nil {
		t.Fatalf("Parse failed on readable input: %v", err)
	}
	// Sniffing must not panic on anything either.
	_ = im.Sniff(name, data)
}

func FuzzNative(f *testing.F) {
	seedText(f, "native")
	f.Add([]byte(`{"external_id":"x","turns":[{"role":"agent","text":"hi","start_ms":1,"end_ms":2}],"started_at":"2024-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"interactions":[{"external_id":"x","turns":[{"role":"bot","text":"\ud800","at":"2024-01-01T00:00:00Z"}]}]}`))
	f.Add([]byte(`[{},[],null,1,"x"]`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImporter(t, transcript.NativeImporter{}, "f.json", data) })
}

func FuzzJSONL(f *testing.F) {
	seedText(f, "jsonl")
	f.Add([]byte("{\"external_id\":\"x\",\"turns\":[{\"role\":\"agent\",\"text\":\"hi\",\"at\":\"2024-01-01T00:00:00Z\"}]}\n\n[1]\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImporter(t, transcript.JSONLImporter{}, "f.jsonl", data) })
}

func FuzzCSV(f *testing.F) {
	seedText(f, "csv")
	f.Add([]byte("external_id,role,text,at,start_ms,end_ms\na,agent,hi,2024-01-01T00:00:00Z,1,2\na,customer,\"x\"\"y\",,0,1\n"))
	f.Add([]byte("external_id;role;text;started_at\nb;bot;x;2024-01-01T00:00:00+14:00\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImporter(t, transcript.CSVImporter{}, "f.csv", data) })
}

func FuzzWebVTT(f *testing.F) {
	seedText(f, "webvtt")
	f.Add([]byte("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>hi <b>there</b> &amp;\n\n00:00.500 --> 00:03.000\nB: yo\n"))
	f.Add([]byte("WEBVTT\r\rNOTE agent: B\r\r1\r00:00:01.5 --> 00:00:02\r<v.x B>a<00:01.700>b\r"))
	f.Add([]byte("\xff\xfeW\x00E\x00B\x00V\x00T\x00T\x00"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImporter(t, transcript.WebVTTImporter{}, "f.vtt", data) })
}

func FuzzSRT(f *testing.F) {
	seedText(f, "srt")
	f.Add([]byte("1\n00:00:01,000 --> 00:00:02,000\nA: hi\n\n2\n00:00:01,500 --> 00:00:03,000\n<i>B:</i> yo\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImporter(t, transcript.SRTImporter{}, "f.srt", data) })
}

func FuzzABCD(f *testing.F) {
	seedText(f, "abcd")
	f.Add([]byte(`[{"convo_id":1,"original":[["agent","hi"],["customer","yo"],["action","x"]]}]`))
	f.Add([]byte(`[{"convo_id":"","original":[["agent"]]},{"convo_id":1e400}]`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImporter(t, transcript.ABCDImporter{}, "f.json", data) })
}
