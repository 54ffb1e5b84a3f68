package transcript

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// maxJSONLLine bounds one JSONL line: an interaction with a long call
// transcript fits easily, and a file that is not line-delimited at all
// fails on its first line instead of being read whole.
const maxJSONLLine = 8 << 20

// Keys of our documented schema (FORMATS.md). Anything else is an error,
// because a misspelt key would otherwise silently lose data.
var (
	nativeInteractionKeys = []string{"external_id", "channel", "agent", "customer", "language", "subject",
		"started_at", "duration_ms", "csat", "turns"}
	nativeAgentKeys    = []string{"name", "email"}
	nativeCustomerKeys = []string{"name"}
	nativeTurnKeys     = []string{"role", "speaker", "text", "start_ms", "end_ms", "at", "sentiment"}
)

// NativeImporter reads our documented JSON: one interaction object, an
// array of them, or {"interactions": [...]}.
type NativeImporter struct{}

// Format returns FormatNative.
func (NativeImporter) Format() Format { return FormatNative }

// Sniff accepts JSON whose first interaction object (at top level, first
// in an array, or first under "interactions") has both "external_id" and
// "turns": vendor formats use other key names, so the pair is specific.
func (NativeImporter) Sniff(name string, head []byte) bool {
	if hasExt(name, ".jsonl", ".ndjson") {
		return false
	}
	keys := firstRecordKeys(head, "interactions")
	return keys["external_id"] && keys["turns"]
}

// Parse streams the file with a json.Decoder, decoding one interaction at
// a time so a large array never sits in memory as one tree.
func (NativeImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	for _, f := range files {
		if err := parseNativeFile(ctx, f, emit); err != nil {
			return err
		}
	}
	return nil
}

func parseNativeFile(ctx context.Context, f File, emit func(Record) error) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: open: %w", f.Name, err)
	}
	defer rc.Close()
	ref := func(idx int) string {
		if idx == 0 {
			return f.Name
		}
		return fmt.Sprintf("%s interaction %d", f.Name, idx)
	}
	return streamJSONRecords(ctx, rc, []string{"interactions"}, true,
		func(idx int, _ string, raw json.RawMessage) error {
			return emit(nativeRecord(ref(idx), raw, FormatNative))
		},
		func(idx int, msg string) error {
			return emit(errRecord(ref(idx), &fieldError{Message: msg}))
		})
}

// JSONLImporter reads our documented JSON, one interaction object per
// line.
type JSONLImporter struct{}

// Format returns FormatJSONL.
func (JSONLImporter) Format() Format { return FormatJSONL }

// Sniff accepts .jsonl and .ndjson files, and files whose first line is a
// complete interaction object followed by another line starting with "{".
func (JSONLImporter) Sniff(name string, head []byte) bool {
	if hasExt(name, ".jsonl", ".ndjson") {
		return true
	}
	head = bytes.TrimLeft(head, " \t\r\n")
	nl := bytes.IndexByte(head, '\n')
	if nl < 0 {
		return false
	}
	first, rest := bytes.TrimSpace(head[:nl]), bytes.TrimLeft(head[nl+1:], " \t\r\n")
	if !bytes.HasPrefix(first, []byte("{")) || !bytes.HasPrefix(rest, []byte("{")) || !json.Valid(first) {
		return false
	}
	keys := firstRecordKeys(first)
	return keys["external_id"] && keys["turns"]
}

// Parse reads line by line with a bufio.Reader, so memory is bounded by
// the longest line, not the file.
func (JSONLImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	for _, f := range files {
		if err := parseJSONLFile(ctx, f, emit); err != nil {
			return err
		}
	}
	return nil
}

func parseJSONLFile(ctx context.Context, f File, emit func(Record) error) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: open: %w", f.Name, err)
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	var buf []byte
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		var tooLong bool
		var rerr error
		buf, tooLong, rerr = readJSONLLine(br, buf[:0], maxJSONLLine)
		if rerr != nil && rerr != io.EOF {
			return fmt.Errorf("%s line %d: read: %w", f.Name, n, rerr)
		}
		ref := fmt.Sprintf("%s line %d", f.Name, n)
		line := buf
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		line = bytes.TrimSpace(line)
		switch {
		case tooLong:
			if err := emit(errRecord(ref, ferr("", "line longer than %d MiB", maxJSONLLine>>20))); err != nil {
				return err
			}
		case len(line) > 0:
			if err := emit(nativeRecord(ref, json.RawMessage(line), FormatJSONL)); err != nil {
				return err
			}
		}
		if rerr == io.EOF {
			return nil
		}
	}
}

// readJSONLLine reads one line (without its '\n') into buf, reporting lines
// longer than max as tooLong after skipping the rest of them.
func readJSONLLine(br *bufio.Reader, buf []byte, max int) ([]byte, bool, error) {
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > max+1 {
				tooLong = true
				buf = buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(buf, []byte("\n")), tooLong, err
	}
}

// nativeRecord decodes one interaction object of our schema.
func nativeRecord(ref string, raw json.RawMessage, source Format) Record {
	in, email, fe := nativeInteraction(raw)
	if fe != nil {
		return errRecord(ref, fe)
	}
	in.Source = string(source)
	return Record{Ref: ref, Interaction: in, AgentEmail: email}
}

// jsonFields is one decoded JSON object, by key, with its values still
// raw so each can be checked with its own path.
type jsonFields map[string]json.RawMessage

// decodeObject decodes raw as an object and rejects keys not in allowed,
// naming the first unknown one (in sorted order, for stable messages).
func decodeObject(raw json.RawMessage, path string, allowed []string) (jsonFields, *fieldError) {
	if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
		return nil, ferr(path, "must be a JSON object")
	}
	var m jsonFields
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, ferr(path, "invalid JSON: %v", err)
	}
	var unknown []string
	for k := range m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, ferr(joinPath(path, unknown[0]), "unknown field (known: %s)", strings.Join(allowed, ", "))
	}
	return m, nil
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// str returns an optional string field ("" when absent or null).
func (m jsonFields) str(path, key string) (string, *fieldError) {
	raw := m[key]
	if isNull(raw) {
		return "", nil
	}
	s, msg := jsonString(raw)
	if msg != "" {
		return "", ferr(joinPath(path, key), "%s", msg)
	}
	return s, nil
}

// int returns an optional integer field (nil when absent or null).
func (m jsonFields) int(path, key string) (*int64, *fieldError) {
	raw := m[key]
	if isNull(raw) {
		return nil, nil
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err != nil {
		return nil, ferr(joinPath(path, key), "must be a whole number, got %.40s", string(raw))
	}
	return &n, nil
}

// time returns an optional RFC 3339 time field in UTC.
func (m jsonFields) time(path, key string) (*time.Time, *fieldError) {
	s, fe := m.str(path, key)
	if fe != nil || (s == "" && isNull(m[key])) {
		return nil, fe
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil, ferr(joinPath(path, key), "must be an RFC 3339 time such as 2024-05-01T09:30:00Z, got %q", s)
	}
	t = t.UTC()
	return &t, nil
}

// nativeInteraction decodes and checks one interaction object.
func nativeInteraction(raw json.RawMessage) (Interaction, string, *fieldError) {
	var in Interaction
	m, fe := decodeObject(raw, "", nativeInteractionKeys)
	if fe != nil {
		return in, "", fe
	}
	var channel string
	for _, f := range []struct {
		key string
		dst *string
	}{
		{"external_id", &in.ExternalID}, {"channel", &channel}, {"language", &in.Language}, {"subject", &in.Subject},
	} {
		if *f.dst, fe = m.str("", f.key); fe != nil {
			return in, "", fe
		}
	}
	if strings.TrimSpace(in.ExternalID) == "" {
		return in, "", ferr("external_id", "is required")
	}
	if in.Channel, fe = parseChannel("channel", channel); fe != nil {
		return in, "", fe
	}
	var email string
	if !isNull(m["agent"]) {
		a, fe := decodeObject(m["agent"], "agent", nativeAgentKeys)
		if fe != nil {
			return in, "", fe
		}
		if in.AgentName, fe = a.str("agent", "name"); fe != nil {
			return in, "", fe
		}
		if email, fe = a.str("agent", "email"); fe != nil {
			return in, "", fe
		}
	}
	if !isNull(m["customer"]) {
		c, fe := decodeObject(m["customer"], "customer", nativeCustomerKeys)
		if fe != nil {
			return in, "", fe
		}
		if in.CustomerName, fe = c.str("customer", "name"); fe != nil {
			return in, "", fe
		}
	}
	started, fe := m.time("", "started_at")
	if fe != nil {
		return in, "", fe
	}
	dur, fe := m.int("", "duration_ms")
	if fe != nil {
		return in, "", fe
	}
	csat, fe := m.int("", "csat")
	if fe != nil {
		return in, "", fe
	}
	if csat != nil {
		if *csat < 1 || *csat > 5 {
			return in, "", ferr("csat", "must be 1 to 5 or null, got %d", *csat)
		}
		c := int(*csat)
		in.CSAT = &c
	}
	if isNull(m["turns"]) {
		return in, "", ferr("turns", "is required")
	}
	var rawTurns []json.RawMessage
	if err := json.Unmarshal(m["turns"], &rawTurns); err != nil {
		return in, "", ferr("turns", "must be an array of turn objects")
	}
	in.Turns = make([]Turn, 0, len(rawTurns))
	for i, rt := range rawTurns {
		t, fe := nativeTurn(rt, fmt.Sprintf("turns[%d]", i))
		if fe != nil {
			return in, "", fe
		}
		in.Turns = append(in.Turns, t)
	}
	if started != nil {
		in.StartedAt = *started
	}
	if dur != nil {
		if *dur < 0 {
			return in, "", ferr("duration_ms", "must not be negative")
		}
		in.DurationMS = *dur
	}
	if fe := finishInteraction(&in, started != nil, dur != nil); fe != nil {
		return in, "", fe
	}
	return in, email, nil
}

// nativeTurn decodes and checks one turn object at path.
func nativeTurn(raw json.RawMessage, path string) (Turn, *fieldError) {
	var t Turn
	m, fe := decodeObject(raw, path, nativeTurnKeys)
	if fe != nil {
		return t, fe
	}
	role, fe := m.str(path, "role")
	if fe != nil {
		return t, fe
	}
	if t.Role, fe = parseRole(path+".role", role); fe != nil {
		return t, fe
	}
	if t.Speaker, fe = m.str(path, "speaker"); fe != nil {
		return t, fe
	}
	if isNull(m["text"]) {
		return t, ferr(path+".text", "is required")
	}
	if t.Text, fe = m.str(path, "text"); fe != nil {
		return t, fe
	}
	if t.StartMS, fe = m.int(path, "start_ms"); fe != nil {
		return t, fe
	}
	if t.EndMS, fe = m.int(path, "end_ms"); fe != nil {
		return t, fe
	}
	if t.At, fe = m.time(path, "at"); fe != nil {
		return t, fe
	}
	if raw := m["sentiment"]; !isNull(raw) {
		// Accepted so exports from tools that score sentiment import
		// as-is; the Turn type has nowhere to keep it yet.
		var s float64
		if err := json.Unmarshal(raw, &s); err != nil || math.IsNaN(s) || s < -1 || s > 1 {
			return t, ferr(path+".sentiment", "must be a number from -1 to 1, got %.40s", string(raw))
		}
	}
	return t, checkOffsets(path, t.StartMS, t.EndMS)
}

// parseChannel maps a channel name ("" means chat, the common case).
func parseChannel(field, s string) (Channel, *fieldError) {
	if s == "" {
		return ChannelChat, nil
	}
	c := Channel(strings.ToLower(strings.TrimSpace(s)))
	if !c.Valid() {
		return "", ferr(field, "%q is not chat, email or call", s)
	}
	return c, nil
}

// parseRole maps a role name; it is required.
func parseRole(field, s string) (Role, *fieldError) {
	if strings.TrimSpace(s) == "" {
		return "", ferr(field, "is required (agent, customer, bot or system)")
	}
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		return "", ferr(field, "%q is not agent, customer, bot or system", s)
	}
	return r, nil
}

// checkOffsets checks a turn's start and end offsets.
func checkOffsets(path string, start, end *int64) *fieldError {
	switch {
	case start == nil && end == nil:
		return nil
	case start == nil:
		return ferr(path+".start_ms", "is required when end_ms is set")
	case end == nil:
		return ferr(path+".end_ms", "is required when start_ms is set")
	case *start < 0:
		return ferr(path+".start_ms", "must not be negative")
	case *end < *start:
		return ferr(path+".end_ms", "%d is before start_ms %d", *end, *start)
	}
	return nil
}

// finishInteraction fills the defaults our formats document and checks
// what Validate checks, so no record leaves an importer that the store
// would refuse: turn order is the source's and start offsets going
// backwards is an error naming the turn; StartedAt defaults to the
// earliest turn "at"; DurationMS to the last turn's end_ms, else the span
// of the turns' "at" times.
func finishInteraction(in *Interaction, hasStart, hasDuration bool) *fieldError {
	if len(in.Turns) == 0 {
		return ferr("turns", "a conversation needs at least one turn")
	}
	var first, last *time.Time
	var prevStart, lastEnd int64 = -1, -1
	prevIdx := 0
	for i := range in.Turns {
		t := &in.Turns[i]
		t.Seq = i
		if t.At != nil {
			if first == nil || t.At.Before(*first) {
				first = t.At
			}
			if last == nil || t.At.After(*last) {
				last = t.At
			}
		}
		if t.StartMS != nil {
			if *t.StartMS < prevStart {
				return ferr(fmt.Sprintf("turns[%d].start_ms", i), "%d is before turns[%d].start_ms %d: turns must be in time order",
					*t.StartMS, prevIdx, prevStart)
			}
			prevStart, prevIdx = *t.StartMS, i
			lastEnd = max(lastEnd, *t.EndMS)
		}
	}
	if !hasStart {
		if first == nil {
			return ferr("started_at", "is required when no turn has an \"at\" time")
		}
		in.StartedAt = *first
	}
	if !hasDuration {
		switch {
		case lastEnd >= 0:
			in.DurationMS = lastEnd
		case first != nil:
			in.DurationMS = last.Sub(*first).Milliseconds()
		}
	}
	if err := in.Validate(); err != nil {
		// A safety net: the checks above should have caught it first.
		return ferr("", "%v", err)
	}
	return nil
}

// atoi64 parses a whole number for the text formats.
func atoi64(s string) (int64, error) {
	return strconv.ParseInt(strings.TrimSpace(s), 10, 64)
}
