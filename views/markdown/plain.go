package markdown

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Plain returns the text of src without markup, for excerpts on list
// pages: markdown is rendered and its text taken, so what the excerpt shows
// is exactly what the lesson shows. Runs of whitespace (including block
// boundaries) collapse to one space. When the text is longer than maxRunes
// runes it is cut to at most maxRunes runes and "…" is appended, so the
// result may be one rune longer than maxRunes. The cut never separates a
// base character from the combining marks, joiners or modifiers that
// follow it (Thai vowels and tone marks, decomposed Vietnamese, emoji ZWJ
// sequences, flags), since a dangling mark renders as a dotted circle.
// A maxRunes of zero or less means no limit. The result is plain text and
// must be escaped by the caller, as templ does.
func Plain(src string, maxRunes int) string {
	text := textOf(Render(src))
	if maxRunes <= 0 || utf8.RuneCountInString(text) <= maxRunes {
		return text
	}
	runes := []rune(text)
	cut := maxRunes
	for cut > 0 && (extends(runes[cut]) || runes[cut-1] == zwj) {
		cut--
	}
	if isRegional(runes[cut]) {
		// Flags are pairs of regional indicators: count those before the
		// cut; an odd number means the cut falls inside a pair.
		k := 0
		for cut-k > 0 && isRegional(runes[cut-k-1]) {
			k++
		}
		if k%2 == 1 {
			cut--
		}
	}
	return strings.TrimRight(string(runes[:cut]), " ") + "…"
}

const zwj = '\u200d'

// extends reports runes that attach to the character before them, so a
// cut must not fall just before them.
func extends(r rune) bool {
	return unicode.Is(unicode.M, r) || // combining marks (Mn, Mc, Me), variation selectors
		r == zwj ||
		(r >= 0x1f3fb && r <= 0x1f3ff) || // emoji skin-tone modifiers
		(r >= 0xe0020 && r <= 0xe007f) || // emoji tag sequences
		(r >= 0x1160 && r <= 0x11ff) || (r >= 0xd7b0 && r <= 0xd7ff) // Hangul medial and final jamo
}

func isRegional(r rune) bool { return r >= 0x1f1e6 && r <= 0x1f1ff }

// textOf strips the tags from Render's output, unescapes entities and
// collapses whitespace. Render's output is regular enough for a scan: '<'
// only starts a tag (text '<' is escaped), and '>' never occurs inside one
// (attribute values are escaped too). Block tags and <br> become spaces so
// that words from adjacent blocks do not run together; inline tags vanish.
func textOf(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for i := 0; i < len(h); {
		if h[i] != '<' {
			j := strings.IndexByte(h[i:], '<')
			if j < 0 {
				j = len(h) - i
			}
			b.WriteString(h[i : i+j])
			i += j
			continue
		}
		end := strings.IndexByte(h[i:], '>')
		if end < 0 {
			break // cannot happen with Render's output
		}
		name := strings.TrimLeft(h[i+1:i+end], "/")
		if sp := strings.IndexByte(name, ' '); sp >= 0 {
			name = name[:sp]
		}
		switch name {
		case "strong", "em", "code", "a":
		default:
			b.WriteByte(' ')
		}
		i += end + 1
	}
	return collapse(html.UnescapeString(b.String()))
}

// collapse replaces each run of Unicode whitespace with a single space and
// trims the ends.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
