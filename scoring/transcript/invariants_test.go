package transcript_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

// sharedFormats is where the real sample files live, relative to this
// package's directory; tests that need them skip when it is absent.
var sharedFormats = filepath.Join("..", "..", "..", "shared", "data", "formats")

// needShared returns the shared sample directory or skips the test.
func needShared(tb testing.TB) string {
	tb.Helper()
	if _, err := os.Stat(sharedFormats); err != nil {
		tb.Skip("../shared/data not found: sample-format tests skipped")
	}
	return sharedFormats
}

// txMem wraps bytes as a transcript.File.
func txMem(name string, data []byte) transcript.File {
	return transcript.File{Name: name, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// txDisk opens a file from disk as a transcript.File named by its base
// name, as an upload would be.
func txDisk(tb testing.TB, path string) transcript.File {
	tb.Helper()
	st, err := os.Stat(path)
	require.NoError(tb, err)
	return transcript.File{Name: filepath.Base(path), Size: st.Size(), Open: func() (io.ReadCloser, error) {
		return os.Open(path)
	}}
}

// txParse runs im over files and collects every record; Parse itself
// must not fail for files that can be read.
func txParse(tb testing.TB, im transcript.Importer, files ...transcript.File) []transcript.Record {
	tb.Helper()
	var recs []transcript.Record
	err := im.Parse(context.Background(), files, func(r transcript.Record) error {
		recs = append(recs, r)
		return nil
	})
	require.NoError(tb, err)
	return recs
}

// assertInvariants checks what every importer promises about a record
// without Err: it validates, every string is valid UTF-8, roles are in the
// enum, offsets are paired with start ≤ end, timed turns are in start
// order and Seq counts from 0. Records with Err must carry a
// *transcript.RecordError with a Ref. Vendor importer tests can use it too.
func assertInvariants(tb testing.TB, rec transcript.Record) {
	tb.Helper()
	if rec.Err != nil {
		var re *transcript.RecordError
		require.ErrorAs(tb, rec.Err, &re, "record errors are RecordErrors")
		assert.NotEmpty(tb, re.Ref, "a record error names its file and record")
		assert.True(tb, utf8.ValidString(rec.Err.Error()), "error text is valid UTF-8")
		return
	}
	in := rec.Interaction
	require.NoError(tb, in.Validate(), "record %s", rec.Ref)
	assert.NotEmpty(tb, rec.Ref)
	assert.NotEmpty(tb, in.Source, "source")
	for _, s := range []string{in.ExternalID, in.Source, in.AgentName, in.CustomerName, in.Language, in.Subject, rec.AgentEmail} {
		assert.True(tb, utf8.ValidString(s), "%s: %q is not valid UTF-8", rec.Ref, s)
	}
	var prev int64 = -1
	for i, t := range in.Turns {
		assert.Equal(tb, i, t.Seq, "%s turns[%d].Seq", rec.Ref, i)
		assert.True(tb, t.Role.Valid(), "%s turns[%d].Role %q", rec.Ref, i, t.Role)
		assert.True(tb, utf8.ValidString(t.Text) && utf8.ValidString(t.Speaker), "%s turns[%d] UTF-8", rec.Ref, i)
		require.Equal(tb, t.StartMS == nil, t.EndMS == nil, "%s turns[%d] offsets paired", rec.Ref, i)
		if t.StartMS != nil {
			assert.LessOrEqual(tb, *t.StartMS, *t.EndMS, "%s turns[%d] start ≤ end", rec.Ref, i)
			assert.GreaterOrEqual(tb, *t.StartMS, prev, "%s turns[%d] in start order", rec.Ref, i)
			prev = *t.StartMS
		}
	}
}

// txRecErr returns a record's *transcript.RecordError or fails.
func txRecErr(tb testing.TB, rec transcript.Record) *transcript.RecordError {
	tb.Helper()
	var re *transcript.RecordError
	require.ErrorAs(tb, rec.Err, &re, "record %s", rec.Ref)
	return re
}
