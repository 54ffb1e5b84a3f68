package transcript_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

// textFormats are the formats this package's text importers own.
var textFormats = map[transcript.Format]bool{
	transcript.FormatNative: true, transcript.FormatJSONL: true, transcript.FormatCSV: true,
	transcript.FormatWebVTT: true, transcript.FormatSRT: true, transcript.FormatABCD: true,
}

// readHead reads up to 64 KiB of a file, as Detect is given.
func readHead(tb testing.TB, path string) []byte {
	tb.Helper()
	f, err := os.Open(path)
	require.NoError(tb, err)
	defer f.Close()
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	if err != io.ErrUnexpectedEOF && err != io.EOF {
		require.NoError(tb, err)
	}
	return head[:n]
}

// sniffedBy lists the text importers whose Sniff accepts a file.
func sniffedBy(name string, head []byte) []transcript.Format {
	var out []transcript.Format
	for _, im := range transcript.Importers() {
		if textFormats[im.Format()] && im.Sniff(name, head) {
			out = append(out, im.Format())
		}
	}
	return out
}

func TestDetectTextTestdata(t *testing.T) {
	tests := map[string]transcript.Format{
		"native/single.json": transcript.FormatNative, "native/array.json": transcript.FormatNative,
		"native/wrapped.json": transcript.FormatNative, "jsonl/calls.jsonl": transcript.FormatJSONL,
		"csv/chats.csv": transcript.FormatCSV, "csv/semicolon.csv": transcript.FormatCSV,
		"webvtt/call.vtt": transcript.FormatWebVTT, "webvtt/utf16be.vtt": transcript.FormatWebVTT,
		"webvtt/bad-timing.vtt": transcript.FormatWebVTT, "srt/call.srt": transcript.FormatSRT,
		"srt/bad.srt": transcript.FormatSRT, "abcd/mini.json": transcript.FormatABCD,
	}
	for file, want := range tests {
		t.Run(file, func(t *testing.T) {
			path := filepath.Join("testdata", filepath.FromSlash(file))
			head := readHead(t, path)
			im, err := transcript.Detect(filepath.Base(path), head)
			require.NoError(t, err)
			assert.Equal(t, want, im.Format())
			// Detection by content alone, as for a file uploaded under an
			// uninformative name (.vtt with no header and .srt need names).
			if file != "webvtt/bad-timing.vtt" && file != "srt/bad.srt" && file != "csv/semicolon.csv" {
				im, err = transcript.Detect("upload.bin", head)
				require.NoError(t, err)
				assert.Equal(t, want, im.Format(), "by content")
			}
		})
	}
}

// TestDetectSharedSamples runs Detect over every shared sample: ours are
// detected as ours, and no text sniffer claims a vendor file.
func TestDetectSharedSamples(t *testing.T) {
	dir := needShared(t)
	ours := map[string]transcript.Format{"webvtt": transcript.FormatWebVTT, "abcd": transcript.FormatABCD}
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".md") {
			return err
		}
		n++
		rel, _ := filepath.Rel(dir, path)
		t.Run(rel, func(t *testing.T) {
			head := readHead(t, path)
			got := sniffedBy(d.Name(), head)
			want, isOurs := ours[strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]]
			if !isOurs {
				assert.Empty(t, got, "a text sniffer claims a vendor file")
				return
			}
			require.NotEmpty(t, got)
			assert.Equal(t, want, got[0])
			im, err := transcript.Detect(d.Name(), head)
			require.NoError(t, err)
			assert.Equal(t, want, im.Format())
		})
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, n, 20)
}

func TestSniffText(t *testing.T) {
	tests := []struct {
		name, file, head string
		want             []transcript.Format
	}{
		{"webvtt magic", "a.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi", []transcript.Format{transcript.FormatWebVTT}},
		{"webvtt utf16le", "a.txt", "\xff\xfeW\x00E\x00B\x00V\x00T\x00T\x00\n\x00", []transcript.Format{transcript.FormatWebVTT}},
		{"srt magic crlf", "a.txt", "1\r\n00:00:01,000 --> 00:00:02,000\r\nhi", []transcript.Format{transcript.FormatSRT}},
		{"csv header", "export.txt", "External_ID,Role,Text,At\n", []transcript.Format{transcript.FormatCSV}},
		{"csv prose", "notes.txt", "role of external_id in x\n", nil},
		{"jsonl content", "x.txt", `{"external_id":"a","turns":[]}` + "\n" + `{"external_id":"b","turns":[]}`, []transcript.Format{transcript.FormatJSONL, transcript.FormatNative}},
		{"native cut-off head", "x.json", `[{"external_id":"a","channel":"chat","turns":[{"role":"agent","text":"hel`, []transcript.Format{transcript.FormatNative}},
		{"keys in text only", "x.json", `{"id":"a","text":"\"external_id\" \"turns\""}`, nil},
		{"abcd wrapper", "x.json", `{"train":[{"convo_id":1,"original":[]}]}`, []transcript.Format{transcript.FormatABCD}},
		{"garbage", "x.bin", "\x00\x01\x02", nil},
		{"empty", "x", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sniffedBy(tt.file, []byte(tt.head)))
		})
	}
}
