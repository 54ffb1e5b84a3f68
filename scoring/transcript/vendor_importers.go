package transcript

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// vendorImporters are the formats of other tools (Zendesk, Amazon,
// Google), tried first because their JSON shapes are distinctive. Their
// sniffers are mutually exclusive, so the order among them does not
// matter; it only matters that they run before the looser text formats.
func vendorImporters() []Importer {
	return []Importer{
		TranscribeCAImporter{},
		ContactLensImporter{},
		TranscribeImporter{},
		CCAIImporter{},
		ZendeskImporter{},
	}
}

// maxFileBytes bounds how much of one file a vendor importer reads, so a
// wrong or hostile upload cannot exhaust memory. Real exports of one
// conversation are far smaller.
const maxFileBytes = 64 << 20

// readAll reads one file whole. Failure to open or read is the only case
// where Parse returns an error instead of emitting a record error.
func readAll(f File) ([]byte, error) {
	if f.Open == nil {
		return nil, fmt.Errorf("%s: no content", f.Name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB", f.Name, maxFileBytes>>20)
	}
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
}

// recErr builds the error of one bad record.
func recErr(ref, field, format string, args ...any) Record {
	return Record{Ref: ref, Err: &RecordError{Ref: ref, Field: field, Message: fmt.Sprintf(format, args...)}}
}

// decodeErr turns a JSON syntax or type error into a record error. The
// JSON decoder's own message names the offending field for type errors.
func decodeErr(ref string, err error) Record {
	return recErr(ref, "", "not valid JSON for this format: %v", err)
}

// checkUTF8 returns a record error naming the first field whose bytes are
// not valid UTF-8. It must run before decoding: encoding/json silently
// replaces invalid bytes with U+FFFD, and text must arrive unaltered or
// not at all.
func checkUTF8(ref string, raw []byte) (Record, bool) {
	if utf8.Valid(raw) {
		return Record{}, true
	}
	return recErr(ref, invalidUTF8Field(raw), "is not valid UTF-8"), false
}

// invalidUTF8Field walks raw JSON token by token and returns the path
// (e.g. "Transcript[3].Content") of the value holding the first invalid
// UTF-8 byte, or "" when it cannot tell.
func invalidUTF8Field(raw []byte) string {
	bad := 0
	for bad < len(raw) {
		r, size := utf8.DecodeRune(raw[bad:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		bad += size
	}
	type frame struct {
		array     bool
		idx       int
		key       string
		expectKey bool
	}
	var stack []frame
	pathOf := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.array {
				fmt.Fprintf(&b, "[%d]", f.idx)
			} else if f.key != "" {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			}
		}
		return b.String()
	}
	valueStart := func() {
		if n := len(stack); n > 0 && stack[n-1].array {
			stack[n-1].idx++
		}
	}
	valueEnd := func() {
		if n := len(stack); n > 0 && !stack[n-1].array {
			stack[n-1].expectKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := dec.Token()
		if err != nil {
			return pathOf()
		}
		isKey := false
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				valueStart()
				stack = append(stack, frame{array: t == '[', idx: -1, expectKey: true})
			default:
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				valueEnd()
			}
		case string:
			if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].expectKey {
				stack[n-1].key = t
				stack[n-1].expectKey = false
				isKey = true
			} else {
				valueStart()
			}
		default:
			valueStart()
		}
		if dec.InputOffset() > int64(bad) {
			if isKey {
				return pathOf() + " (a key)"
			}
			return pathOf()
		}
		if !isKey {
			if _, ok := tok.(json.Delim); !ok {
				valueEnd()
			}
		}
	}
}

// jsonInt reads an integer that a vendor may write as a JSON number
// (possibly with a fraction, which is rounded) or as a quoted string, as
// proto3 JSON does for int64. ok is false when the value is absent or
// null.
func jsonInt(raw json.RawMessage) (n int64, ok bool, err error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, false, nil
	}
	if len(s) >= 2 && s[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, false, err
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1<<62 {
		return 0, false, fmt.Errorf("%s is not a number", truncate(s, 40))
	}
	return int64(math.Round(f)), true, nil
}

// jsonSecondsMS reads seconds (Transcribe writes them as strings such as
// "4.87") and returns whole milliseconds.
func jsonSecondsMS(raw json.RawMessage) (ms int64, ok bool, err error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, false, nil
	}
	if s[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, false, err
		}
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
		return 0, false, fmt.Errorf("%s is not a number of seconds", truncate(s, 40))
	}
	return int64(math.Round(f * 1000)), true, nil
}

// maxOffsetMS bounds call offsets: nothing lasts 30 years, and the bound
// keeps sums and durations far from overflow.
const maxOffsetMS = int64(1) << 40

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// primaryLanguage turns "en-US" into "en": interactions store the BCP 47
// primary tag only, so filters group all English calls together.
func primaryLanguage(code string) string {
	code = strings.TrimSpace(code)
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i]
	}
	if len(code) < 2 || len(code) > 3 {
		return ""
	}
	for _, r := range code {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return ""
		}
	}
	return strings.ToLower(code)
}

// fileStem is the base name without its extension; used as the external
// id when the file itself carries none.
func fileStem(name string) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if ext := path.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	if base == "." || base == "/" {
		return ""
	}
	return base
}

var nameTimeRE = regexp.MustCompile(`(\d{4})-(\d{2})-(\d{2})T(\d{2})[:_-]?(\d{2})[:_-]?(\d{2})`)

// fallbackStart picks started_at for call transcripts that carry no wall
// clock (Transcribe, Contact Lens voice): a timestamp in the file name
// (Contact Lens writes …_analysis_2022-10-27T03:31:50Z.json), else the
// Unix epoch, the package's "unknown" placeholder (as for captions),
// which the import pipeline replaces with the import time. Reading the
// clock here would make importers impure.
func fallbackStart(names ...string) time.Time {
	for _, n := range names {
		if m := nameTimeRE.FindStringSubmatch(n); m != nil {
			v := make([]int, 6)
			for i := range v {
				v[i], _ = strconv.Atoi(m[i+1])
			}
			t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], 0, time.UTC)
			// time.Date normalises out-of-range fields; accept only a date
			// that round-trips so "2022-13-45" is not silently shifted.
			if t.Year() == v[0] && int(t.Month()) == v[1] && t.Day() == v[2] && t.Hour() == v[3] && t.Minute() == v[4] && t.Second() == v[5] {
				return t
			}
		}
	}
	return time.Unix(0, 0).UTC()
}

// isPlaceholder reports a redaction placeholder such as "[PII]" or
// "[NAME]", which names nobody and must not become an agent's name.
func isPlaceholder(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || (strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"))
}

// finish validates an interaction before it is emitted, so every record
// without Err is storable: a vendor file that breaks an invariant the
// mapping could not repair becomes that record's error instead.
func finish(ref string, rec Record) Record {
	rec.Ref = ref
	if err := rec.Interaction.Validate(); err != nil {
		return recErr(ref, "", "%v", err)
	}
	return rec
}

// headHas reports whether head contains every one of the quoted keys.
func headHas(head []byte, keys ...string) bool {
	for _, k := range keys {
		if !bytes.Contains(head, []byte(`"`+k+`"`)) {
			return false
		}
	}
	return true
}

// looksLikeJSONObject is the cheap first gate of every vendor sniffer.
func looksLikeJSONObject(head []byte) bool {
	head = bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	return len(head) > 0 && head[0] == '{'
}

func ptr[T any](v T) *T { return &v }
