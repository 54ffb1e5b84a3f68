package transcript

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// maxTextFile bounds how much of a caption, CSV or ABCD file is read into
// memory at once: these formats are parsed whole, and a runaway upload
// must fail cleanly instead of exhausting memory.
const maxTextFile = 64 << 20

// unknownStart is the StartedAt given to interactions whose source has no wall
// clock time (captions, ABCD). Interaction.Validate rejects the zero time,
// so the importers use the Unix unknownStart as an explicit "unknown" marker that
// the import pipeline replaces with the import time.
var unknownStart = time.Unix(0, 0).UTC()

// fieldError is a problem with one field, before the record's Ref is known
// to the code that found it.
type fieldError struct {
	Field   string
	Message string
}

func (e *fieldError) Error() string { return e.Field + ": " + e.Message }

// ferr builds a fieldError with a formatted message.
func ferr(field, format string, args ...any) *fieldError {
	return &fieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// errRecord turns a fieldError into the Record that reports it.
func errRecord(ref string, fe *fieldError) Record {
	return Record{Ref: ref, Err: &RecordError{Ref: ref, Field: fe.Field, Message: fe.Message}}
}

// readTextFile reads a whole file, refusing files larger than max so one bad
// upload cannot take the process down.
func readTextFile(f File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: open: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: read: %w", f.Name, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: larger than %d MiB: split it", f.Name, max>>20)
	}
	return data, nil
}

// baseName is a file's name without directory or extension: the external
// id of one-interaction-per-file formats.
func baseName(name string) string {
	b := filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// hasExt reports whether name ends in one of exts (case-insensitive).
func hasExt(name string, exts ...string) bool {
	e := strings.ToLower(filepath.Ext(name))
	for _, x := range exts {
		if e == x {
			return true
		}
	}
	return false
}

// decodeUnicode returns data as UTF-8: a UTF-8 BOM is dropped and UTF-16
// with a BOM is converted, because caption tools on Windows write both.
// Without a BOM the bytes are returned unchanged; whether they are valid
// UTF-8 is for the caller to report with a precise location.
func decodeUnicode(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return data[3:], nil
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		le := data[0] == 0xff
		body := data[2:]
		if len(body)%2 != 0 {
			return nil, fmt.Errorf("UTF-16 text with an odd number of bytes (truncated file?)")
		}
		u := make([]uint16, len(body)/2)
		for i := range u {
			if le {
				u[i] = uint16(body[2*i]) | uint16(body[2*i+1])<<8
			} else {
				u[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
			}
		}
		// utf16.Decode turns lone surrogates into U+FFFD; that would be
		// mangled text, so refuse them instead.
		for i := 0; i < len(u); i++ {
			switch {
			case utf16.IsSurrogate(rune(u[i])) && u[i] < 0xdc00 && i+1 < len(u) && u[i+1] >= 0xdc00 && u[i+1] <= 0xdfff:
				i++
			case utf16.IsSurrogate(rune(u[i])):
				return nil, fmt.Errorf("UTF-16 text with an unpaired surrogate at byte %d", 2+2*i)
			}
		}
		return []byte(string(utf16.Decode(u))), nil
	}
	return data, nil
}

// sniffText decodes the head of a file for sniffing: UTF-16 heads are
// converted (an odd trailing byte of a cut-off head is dropped).
func sniffText(head []byte) []byte {
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		if len(head)%2 != 0 {
			head = head[:len(head)-1]
		}
		// A head cut inside a surrogate pair must not make sniffing fail.
		if len(head) >= 4 {
			h, err := decodeUnicode(head)
			if err != nil {
				h, _ = decodeUnicode(head[:len(head)-2])
			}
			return h
		}
	}
	out, _ := decodeUnicode(head)
	return out
}

// normalizeNewlines turns CRLF and bare CR into LF so the line-based
// parsers see one kind of line ending.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// firstInvalidLine returns the 1-based line of the first invalid UTF-8
// byte in s, or 0 when s is valid.
func firstInvalidLine(s string) int {
	if utf8.ValidString(s) {
		return 0
	}
	line := 1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if s[i] == '\n' {
			line++
		}
		i += n
	}
	return line
}

// jsonString decodes a raw JSON string without letting encoding/json
// replace invalid UTF-8 (or escaped lone surrogates) by U+FFFD: either the
// text comes through byte-identical or it is an error.
func jsonString(raw json.RawMessage) (string, string) {
	if !utf8.Valid(raw) {
		return "", "is not valid UTF-8"
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", "must be a string"
	}
	if strings.ContainsRune(s, utf8.RuneError) && countFFFD(raw) < strings.Count(s, "\ufffd") {
		return "", "contains an escaped unpaired surrogate (not valid Unicode)"
	}
	return s, ""
}

// countFFFD counts U+FFFD characters written literally or escaped in raw,
// to tell them apart from ones encoding/json substituted.
func countFFFD(raw []byte) int {
	return bytes.Count(raw, []byte("\ufffd")) + bytes.Count(bytes.ToLower(raw), []byte(`\ufffd`))
}

// isNull reports whether a raw JSON value is absent or null.
func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

// firstRecordKeys returns the top-level keys of the first record in a
// JSON head (possibly cut off): the document itself when it is an object,
// the first element of a top-level array, or the first element of the
// array under a wrapper key (e.g. {"interactions": [...]}) when the
// document's first key is one of wrappers. It never fails: a head that is
// not JSON gives no keys. Sniffers use it to look at structure instead of
// grepping for strings that could appear in text.
func firstRecordKeys(head []byte, wrappers ...string) map[string]bool {
	dec := json.NewDecoder(bytes.NewReader(head))
	tok, err := dec.Token()
	if err != nil {
		return nil
	}
	if tok == json.Delim('[') {
		if tok, err = dec.Token(); err != nil || tok != json.Delim('{') {
			return nil
		}
		return objectKeys(dec, nil)
	}
	if tok != json.Delim('{') {
		return nil
	}
	return objectKeys(dec, wrappers)
}

// objectKeys collects the keys of the object whose '{' dec has just
// read, skipping values. When the first key is a wrapper whose value is an
// array of objects, it descends into the first element instead.
func objectKeys(dec *json.Decoder, wrappers []string) map[string]bool {
	keys := map[string]bool{}
	first := true
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		k, ok := tok.(string)
		if !ok {
			return keys
		}
		keys[k] = true
		if first {
			first = false
			for _, w := range wrappers {
				if k == w {
					if t, err := dec.Token(); err != nil || t != json.Delim('[') {
						return keys
					}
					if t, err := dec.Token(); err != nil || t != json.Delim('{') {
						return keys
					}
					return objectKeys(dec, nil)
				}
			}
		}
		if !skipValue(dec) {
			return keys
		}
	}
	return keys
}

// skipValue reads one value from dec, however deeply nested, and reports
// whether it was read completely.
func skipValue(dec *json.Decoder) bool {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return true
		}
	}
}

// streamJSONRecords reads a JSON document from r and calls each with the
// raw bytes of every record, one at a time, so a large file never sits in
// memory as one tree. A document is a top-level array of records, an
// object whose first key is one of wrappers holding such an array, or
// (when single is true) one record object. each gets the 1-based index of
// the record and the wrapper key it came from ("" at top level). A syntax
// error cannot be recovered from in the middle of a stream, so it is
// reported through bad with the index of the record it broke, and the rest
// of the file is skipped.
func streamJSONRecords(ctx context.Context, r io.Reader, wrappers []string, single bool,
	each func(idx int, wrapper string, raw json.RawMessage) error,
	bad func(idx int, msg string) error,
) error {
	err := streamJSON(ctx, r, wrappers, single, each, func(idx int, msg string) error {
		if err := bad(idx, msg); err != nil {
			return err
		}
		return errStopStream
	})
	if err == errStopStream {
		return nil
	}
	return err
}

// errStopStream ends a stream after a syntax error has been reported.
var errStopStream = errors.New("stop")

// streamJSON is streamJSONRecords without the stop handling: fail reports
// a syntax error and always returns an error that ends the stream.
func streamJSON(ctx context.Context, r io.Reader, wrappers []string, single bool,
	each func(idx int, wrapper string, raw json.RawMessage) error,
	fail func(idx int, msg string) error,
) error {
	br := newPeekReader(r)
	first, err := br.firstNonSpace()
	if err != nil {
		return fail(1, "empty file: expected a JSON object or array")
	}
	dec := json.NewDecoder(br)
	idx := 0
	streamArray := func(wrapper string) error {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return fail(idx+1, "expected an array of records")
		}
		for dec.More() {
			if err := ctx.Err(); err != nil {
				return err
			}
			idx++
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fail(idx, "invalid JSON: "+err.Error())
			}
			if err := each(idx, wrapper, raw); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return fail(idx+1, "invalid JSON: "+err.Error())
		}
		return nil
	}
	switch first {
	case '[':
		if err := streamArray(""); err != nil {
			return err
		}
	case '{':
		// Look at the first key without consuming the object, so a single
		// record can still be decoded whole.
		key := br.firstKey()
		isWrapper := false
		for _, w := range wrappers {
			isWrapper = isWrapper || key == w
		}
		if !isWrapper {
			if !single {
				return fail(1, "expected an array of records")
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fail(1, "invalid JSON: "+err.Error())
			}
			if err := each(0, "", raw); err != nil {
				return err
			}
			break
		}
		if _, err := dec.Token(); err != nil {
			return fail(1, "invalid JSON: "+err.Error())
		}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return fail(idx+1, "invalid JSON: "+err.Error())
			}
			k, _ := tok.(string)
			known := false
			for _, w := range wrappers {
				known = known || k == w
			}
			if !known {
				return fail(idx+1, fmt.Sprintf("unknown top-level field %q (expected %s)", k, strings.Join(wrappers, ", ")))
			}
			if err := streamArray(k); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return fail(idx+1, "invalid JSON: "+err.Error())
		}
	default:
		return fail(1, "not JSON: expected an object or an array")
	}
	if dec.More() {
		return fail(idx+1, "unexpected data after the end of the JSON document")
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(idx+1, "unexpected data after the end of the JSON document")
	}
	return nil
}

// peekReader is a reader that can look ahead at the start of a document
// (past a UTF-8 BOM, which it drops) before a json.Decoder consumes it.
type peekReader struct {
	r   io.Reader
	buf []byte
}

func newPeekReader(r io.Reader) *peekReader { return &peekReader{r: r} }

// Read serves the peeked bytes first, then the underlying reader.
func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}

// fill reads ahead until at least n bytes are buffered or the input ends.
func (p *peekReader) fill(n int) {
	for len(p.buf) < n {
		chunk := make([]byte, 4096)
		m, err := p.r.Read(chunk)
		p.buf = append(p.buf, chunk[:m]...)
		if err != nil {
			return
		}
	}
}

// firstNonSpace drops a BOM and leading whitespace and returns the first
// significant byte without consuming it.
func (p *peekReader) firstNonSpace() (byte, error) {
	p.fill(3)
	p.buf = bytes.TrimPrefix(p.buf, []byte("\xef\xbb\xbf"))
	for {
		p.buf = bytes.TrimLeft(p.buf, " \t\r\n")
		if len(p.buf) > 0 {
			return p.buf[0], nil
		}
		before := len(p.buf)
		p.fill(1)
		if len(p.buf) == before {
			return 0, io.EOF
		}
	}
}

// firstKey returns the first key of the object the buffer starts with,
// reading ahead a bounded amount; "" if it cannot tell.
func (p *peekReader) firstKey() string {
	for size := 256; size <= 1<<16; size *= 4 {
		p.fill(size)
		dec := json.NewDecoder(bytes.NewReader(p.buf))
		if _, err := dec.Token(); err == nil {
			if tok, err := dec.Token(); err == nil {
				k, _ := tok.(string)
				return k
			}
		}
		if len(p.buf) < size {
			return ""
		}
	}
	return ""
}
