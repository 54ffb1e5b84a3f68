package transcript

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
	"time"
)

// WebVTTImporter reads WebVTT captions (meeting and call recordings): one
// file is one call. See FORMATS.md for the speaker and role rules.
type WebVTTImporter struct{}

// Format returns FormatWebVTT.
func (WebVTTImporter) Format() Format { return FormatWebVTT }

// Sniff accepts the WEBVTT magic line (after a UTF-8 or UTF-16 BOM) and
// any .vtt file, so a .vtt without the header gets a clear "missing
// WEBVTT header" error instead of "unknown format".
func (WebVTTImporter) Sniff(name string, head []byte) bool {
	return hasExt(name, ".vtt") || hasWebVTTMagic(sniffText(head))
}

// hasWebVTTMagic reports whether text starts with the WEBVTT signature.
func hasWebVTTMagic(text []byte) bool {
	rest, ok := bytes.CutPrefix(text, []byte("WEBVTT"))
	return ok && (len(rest) == 0 || strings.ContainsRune(" \t\r\n", rune(rest[0])))
}

// Parse reads each file whole: caption files are small, and cues are
// sorted by start time before they become turns.
func (WebVTTImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	return parseCaptionFiles(ctx, files, emit, parseWebVTT)
}

// cue is one caption cue on its way to becoming a turn.
type cue struct {
	start, end int64
	speaker    string
	text       string
}

// captionMeta is what a caption file may say about the call in NOTE
// lines (WebVTT only; SRT has no comments).
type captionMeta struct {
	externalID string
	agent      string
	language   string
	startedAt  *time.Time
}

// parseCaptionFiles reads, decodes and parses each file and emits its one
// record.
func parseCaptionFiles(ctx context.Context, files []File, emit func(Record) error,
	parse func(name, text string) ([]cue, captionMeta, Format, *fieldError),
) error {
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := readTextFile(f, maxTextFile)
		if err != nil {
			return err
		}
		text, fe := captionText(data)
		var rec Record
		if fe == nil {
			var cues []cue
			var meta captionMeta
			var format Format
			cues, meta, format, fe = parse(f.Name, text)
			if fe == nil {
				rec, fe = captionRecord(f.Name, format, cues, meta)
			}
		}
		if fe != nil {
			rec = errRecord(f.Name, fe)
		}
		if err := emit(rec); err != nil {
			return err
		}
	}
	return nil
}

// captionText decodes a caption file to UTF-8 text with LF line endings,
// or says which encoding problem it has.
func captionText(data []byte) (string, *fieldError) {
	dec, err := decodeUnicode(data)
	if err != nil {
		return "", ferr("encoding", "%v", err)
	}
	text := normalizeNewlines(string(dec))
	if line := firstInvalidLine(text); line > 0 {
		return "", ferr("encoding", "line %d is not UTF-8: save the file as UTF-8 (or UTF-16 with a byte order mark)", line)
	}
	return text, nil
}

// parseWebVTT splits WebVTT text into cues and NOTE metadata.
func parseWebVTT(_ string, text string) ([]cue, captionMeta, Format, *fieldError) {
	var meta captionMeta
	lines := strings.Split(text, "\n")
	if !hasWebVTTMagic([]byte(lines[0])) {
		return nil, meta, FormatWebVTT, ferr("header", "missing WEBVTT header on line 1: not a WebVTT file")
	}
	var cues []cue
	i := 1
	// The header block runs to the first blank line.
	for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
		i++
	}
	for i < len(lines) {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		startLine := i + 1
		var block []string
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			block = append(block, lines[i])
			i++
		}
		if first := block[0]; first == "NOTE" || strings.HasPrefix(first, "NOTE ") || strings.HasPrefix(first, "NOTE\t") {
			block[0] = strings.TrimSpace(strings.TrimPrefix(first, "NOTE"))
			if fe := noteMeta(block, startLine, &meta); fe != nil {
				return nil, meta, FormatWebVTT, fe
			}
			continue
		}
		timing := -1
		switch {
		case strings.Contains(block[0], "-->"):
			timing = 0
		case len(block) > 1 && strings.Contains(block[1], "-->"):
			timing = 1
		}
		if timing < 0 {
			// STYLE and REGION blocks, legacy "Region:" lines and
			// anything else that is not a cue carry no words.
			continue
		}
		start, end, fe := parseTiming(block[timing], '.', startLine+timing)
		if fe != nil {
			return nil, meta, FormatWebVTT, fe
		}
		c := vttPayload(strings.Join(block[timing+1:], "\n"))
		c.start, c.end = start, end
		cues = append(cues, c)
	}
	return cues, meta, FormatWebVTT, nil
}

// noteMeta reads "key: value" lines of a NOTE block: external_id,
// started_at, agent and language. Other NOTE text is a comment.
func noteMeta(block []string, line int, meta *captionMeta) *fieldError {
	for j, l := range block {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "external_id":
			meta.externalID = v
		case "agent":
			meta.agent = v
		case "language":
			meta.language = v
		case "started_at":
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return ferr("started_at", "NOTE on line %d: must be an RFC 3339 time such as 2024-05-01T09:30:00Z, got %q", line+j, v)
			}
			t = t.UTC()
			meta.startedAt = &t
		}
	}
	return nil
}

// voiceRE matches a WebVTT voice tag, <v Name> or <v.class Name>.
var voiceRE = regexp.MustCompile(`<v(?:\.[^\s>]*)?[ \t]+([^>]*)>`)

// vttPayload turns cue text into a cue's speaker and plain text: the
// speaker comes from the first voice tag, else from a "Name:" prefix;
// every tag is dropped and entities are decoded.
func vttPayload(payload string) cue {
	var c cue
	if m := voiceRE.FindStringSubmatch(payload); m != nil {
		c.speaker = strings.TrimSpace(m[1])
	}
	payload = stripTags(payload, func(string) bool { return true })
	// &nbsp; becomes a plain space: it only stops a caption line breaking.
	payload = html.UnescapeString(strings.ReplaceAll(payload, "&nbsp;", " "))
	c.text = captionLines(payload, &c.speaker)
	return c
}

// stripTags removes <...> tags for which isTag(inner) is true. A '<' with
// no closing '>' is kept as text rather than swallowing the rest.
func stripTags(s string, isTag func(inner string) bool) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		if !isTag(s[i+1 : i+j]) {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// speakerPrefixRE matches a "Name:" prefix at the start of a caption: a
// name of up to four words that starts with a letter, then a colon that
// ends the line or is followed by a space (so "7:35" is not a speaker).
var speakerPrefixRE = regexp.MustCompile(`^(\p{L}[\p{L}\p{M}\p{N}.'’-]*(?:[ \t]+[\p{L}\p{M}\p{N}.'’-]+){0,3})[ \t]*:(?:[ \t]+|$)`)

// captionLines joins a cue's lines with spaces (caption line breaks are
// layout, not meaning) and, when *speaker is empty, takes a "Name:"
// prefix of the first line as the speaker.
func captionLines(payload string, speaker *string) string {
	var parts []string
	for _, l := range strings.Split(payload, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	if len(parts) > 0 && *speaker == "" {
		if m := speakerPrefixRE.FindStringSubmatch(parts[0]); m != nil {
			*speaker = strings.TrimSpace(m[1])
			parts[0] = strings.TrimSpace(parts[0][len(m[0]):])
			if parts[0] == "" {
				parts = parts[1:]
			}
		}
	}
	return strings.Join(parts, " ")
}

// parseTiming parses "start --> end [settings]"; frac is the usual
// fraction separator ('.' for WebVTT, ',' for SRT), and both are accepted.
func parseTiming(line string, frac byte, lineNo int) (int64, int64, *fieldError) {
	l, r, _ := strings.Cut(line, "-->")
	field := fmt.Sprintf("cue at line %d", lineNo)
	start, ok := parseCaptionTime(strings.TrimSpace(l))
	if !ok {
		return 0, 0, ferr(field, "bad start time %q (want hh:mm:ss%cttt)", strings.TrimSpace(l), frac)
	}
	fields := strings.Fields(r)
	if len(fields) == 0 {
		return 0, 0, ferr(field, "missing end time")
	}
	end, ok := parseCaptionTime(fields[0])
	if !ok {
		return 0, 0, ferr(field, "bad end time %q (want hh:mm:ss%cttt)", fields[0], frac)
	}
	if end < start {
		return 0, 0, ferr(field, "ends (%s) before it starts (%s)", fields[0], strings.TrimSpace(l))
	}
	return start, end, nil
}

// parseCaptionTime parses [hh:]mm:ss[.ttt] (or ,ttt) into milliseconds.
// It is lenient where real files are (any number of hour digits, one to
// three fraction digits, no fraction) and strict about ranges.
func parseCaptionTime(s string) (int64, bool) {
	secPart, fracPart := s, ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		secPart, fracPart = s[:i], s[i+1:]
		if len(fracPart) == 0 || len(fracPart) > 3 || !allDigits(fracPart) {
			return 0, false
		}
	}
	parts := strings.Split(secPart, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var h, m, sec int64
	if len(parts) == 3 {
		if len(parts[0]) == 0 || len(parts[0]) > 6 || !allDigits(parts[0]) {
			return 0, false
		}
		h, _ = atoi64(parts[0])
		parts = parts[1:]
	}
	if len(parts[0]) != 2 || len(parts[1]) != 2 || !allDigits(parts[0]) || !allDigits(parts[1]) {
		return 0, false
	}
	m, _ = atoi64(parts[0])
	sec, _ = atoi64(parts[1])
	if m >= 60 || sec >= 60 {
		return 0, false
	}
	ms := int64(0)
	if fracPart != "" {
		ms, _ = atoi64((fracPart + "00")[:3])
	}
	return ((h*60+m)*60+sec)*1000 + ms, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// captionRecord turns cues into the file's one interaction. Cues are
// sorted by start (stable), because caption tools write overlapping
// speakers out of order; a cue without a speaker continues the previous
// speaker; consecutive cues of the same named speaker merge into one turn.
// The agent is the NOTE agent, else the first speaker; everyone else is a
// customer.
func captionRecord(name string, format Format, cues []cue, meta captionMeta) (Record, *fieldError) {
	sort.SliceStable(cues, func(i, j int) bool { return cues[i].start < cues[j].start })
	cur := ""
	kept := cues[:0]
	for _, c := range cues {
		if c.speaker == "" {
			c.speaker = cur
		}
		cur = c.speaker
		if c.text != "" {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return Record{}, ferr("turns", "no cues with text")
	}
	agent := meta.agent
	if agent == "" {
		agent = kept[0].speaker
	}
	in := Interaction{
		ExternalID: meta.externalID,
		Source:     string(format),
		Channel:    ChannelCall,
		AgentName:  agent,
		Language:   meta.language,
		StartedAt:  unknownStart,
	}
	if in.ExternalID == "" {
		in.ExternalID = baseName(name)
	}
	if meta.startedAt != nil {
		in.StartedAt = *meta.startedAt
	}
	for _, c := range kept {
		in.DurationMS = max(in.DurationMS, c.end)
		if n := len(in.Turns); n > 0 && c.speaker != "" && in.Turns[n-1].Speaker == c.speaker {
			last := &in.Turns[n-1]
			last.Text += " " + c.text
			*last.EndMS = max(*last.EndMS, c.end)
			continue
		}
		role := RoleCustomer
		if c.speaker == agent {
			role = RoleAgent
		} else if in.CustomerName == "" {
			in.CustomerName = c.speaker
		}
		start, end := c.start, c.end
		in.Turns = append(in.Turns, Turn{Role: role, Speaker: c.speaker, Text: c.text, StartMS: &start, EndMS: &end})
	}
	if fe := finishInteraction(&in, true, true); fe != nil {
		return Record{}, fe
	}
	return Record{Ref: name, Interaction: in}, nil
}
