package transcript

import (
	"context"
	"regexp"
	"strconv"
	"strings"
)

// SRTImporter reads SubRip subtitles with "Name:" speaker prefixes: one
// file is one call, with the same speaker and role rules as WebVTT.
type SRTImporter struct{}

// Format returns FormatSRT.
func (SRTImporter) Format() Format { return FormatSRT }

// srtMagicRE is the start of an SRT file: a cue number, then its timing.
var srtMagicRE = regexp.MustCompile(`\A\d+[ \t]*(?:\r\n|\r|\n)\d{2,}:\d\d:\d\d[,.]\d{1,3}[ \t]*-->`)

// Sniff accepts .srt files and text starting with a numbered cue.
func (SRTImporter) Sniff(name string, head []byte) bool {
	if hasExt(name, ".srt") {
		return true
	}
	h := sniffText(head)
	for len(h) > 0 && (h[0] == ' ' || h[0] == '\t' || h[0] == '\r' || h[0] == '\n') {
		h = h[1:]
	}
	return srtMagicRE.Match(h)
}

// Parse reads each file whole; see WebVTTImporter.Parse.
func (SRTImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	return parseCaptionFiles(ctx, files, emit, parseSRT)
}

// srtTagRE matches the HTML-like tags SRT players honour (<i>, <b>, <u>,
// <s>, <font ...>); other text in angle brackets is kept.
var srtTagRE = regexp.MustCompile(`^/?(?i:b|i|u|s|font)(?:[ \t][^<>]*)?$`)

// srtASSRE matches the {\an8}-style positioning codes some tools add.
var srtASSRE = regexp.MustCompile(`\{\\[^{}]*\}`)

// parseSRT splits SRT text into cues. A block with no timing line is
// taken as more text of the cue before it, because a blank line inside a
// cue's text is the commonest corruption of hand-edited SRT files.
func parseSRT(_ string, text string) ([]cue, captionMeta, Format, *fieldError) {
	var meta captionMeta
	var cues []cue
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); {
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
		timing := -1
		switch {
		case strings.Contains(block[0], "-->"):
			timing = 0
		case len(block) > 1 && strings.Contains(block[1], "-->") && allDigits(strings.TrimSpace(block[0])):
			timing = 1
		}
		if timing < 0 {
			if n := len(cues); n > 0 {
				extra := srtText(strings.Join(block, "\n"), new(string))
				cues[n-1].text = strings.TrimSpace(cues[n-1].text + " " + extra)
				continue
			}
			return nil, meta, FormatSRT, ferr("cue at line "+strconv.Itoa(startLine), "expected a cue number and a \"hh:mm:ss,ttt --> hh:mm:ss,ttt\" line")
		}
		start, end, fe := parseTiming(block[timing], ',', startLine+timing)
		if fe != nil {
			return nil, meta, FormatSRT, fe
		}
		c := cue{start: start, end: end}
		c.text = srtText(strings.Join(block[timing+1:], "\n"), &c.speaker)
		cues = append(cues, c)
	}
	if len(cues) == 0 {
		return nil, meta, FormatSRT, ferr("turns", "no cues: not an SRT file")
	}
	return cues, meta, FormatSRT, nil
}

// srtText strips formatting from cue text and finds a "Name:" speaker.
func srtText(payload string, speaker *string) string {
	payload = stripTags(payload, srtTagRE.MatchString)
	payload = srtASSRE.ReplaceAllString(payload, "")
	return captionLines(payload, speaker)
}
