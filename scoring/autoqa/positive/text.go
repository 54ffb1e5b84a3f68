package positive

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of the analysed text. Offsets are kept both as runes
// (what callers see) and as bytes of the original string (so the phrase
// "as written" and its sentence can be sliced without re-walking the text).
type token struct {
	start, end int    // rune offsets in the original text
	bs, be     int    // byte offsets in the original text
	word       string // lower-cased, apostrophes normalised to '
	sent       int    // index into doc.sents
}

// sentence is a run of tokens ended by . ! ? ; … or a newline. Reframes
// rewrite the sentence around a phrase, and openers are judged per
// sentence.
type sentence struct {
	bs, be      int // bytes in the original text, from the first word to the end punctuation
	first, last int // token indexes, inclusive
}

// doc is a tokenised text.
type doc struct {
	text   string
	tokens []token
	sents  []sentence
}

// isApostrophe reports the characters people and keyboards use for
// apostrophes; typographic ones come from phones and word processors.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02bc', '\u2032', '`':
		return true
	}
	return false
}

// isWordRune keeps letters, digits and combining marks together so that
// decomposed Vietnamese stays one word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isSentenceEnd reports punctuation that closes a sentence for our purposes.
func isSentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', ';', '\n', '\u2026', '\u3002', '\uff01', '\uff1f':
		return true
	}
	return false
}

// tokenize splits text into lower-cased words with rune and byte offsets in
// one pass. Lower-casing is done rune by rune, so the rune count never
// changes, and all words share one backing string (one allocation).
func tokenize(text string) doc {
	d := doc{text: text, tokens: make([]token, 0, len(text)/5+1)}
	var lower strings.Builder
	lower.Grow(len(text))
	type span struct{ lbs, lbe int }
	spans := make([]span, 0, cap(d.tokens))

	runeIdx := 0
	inWord := false
	sentStart := true
	var cur token
	var curL span
	closeWord := func(bEnd, rEnd int) {
		if !inWord {
			return
		}
		cur.be, cur.end = bEnd, rEnd
		curL.lbe = lower.Len()
		if sentStart {
			d.sents = append(d.sents, sentence{bs: cur.bs, first: len(d.tokens)})
			sentStart = false
		}
		cur.sent = len(d.sents) - 1
		d.tokens = append(d.tokens, cur)
		spans = append(spans, curL)
		inWord = false
	}
	for i, r := range text {
		switch {
		case isWordRune(r):
			if !inWord {
				inWord = true
				cur = token{start: runeIdx, bs: i}
				curL = span{lbs: lower.Len()}
			}
			switch {
			case r >= 'A' && r <= 'Z':
				lower.WriteByte(byte(r) + 'a' - 'A')
			case r < utf8.RuneSelf:
				lower.WriteByte(byte(r))
			default:
				lower.WriteRune(unicode.ToLower(r))
			}
		case isApostrophe(r) && inWord:
			// Only an apostrophe followed by a letter is part of a word
			// ("can't", "you’ll"); a closing quote or plural possessive
			// ends it.
			next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):])
			if isWordRune(next) {
				lower.WriteByte('\'')
			} else {
				closeWord(i, runeIdx)
			}
		default:
			closeWord(i, runeIdx)
			if isSentenceEnd(r) && !sentStart {
				// A full stop between digits (3.5) is not a sentence end.
				if r == '.' && i > 0 && i+1 < len(text) && text[i-1] >= '0' && text[i-1] <= '9' && text[i+1] >= '0' && text[i+1] <= '9' {
					break
				}
				d.sents[len(d.sents)-1].be = i + utf8.RuneLen(r)
				if r == '\n' {
					d.sents[len(d.sents)-1].be = i
				}
				sentStart = true
			}
		}
		runeIdx++
	}
	closeWord(len(text), runeIdx)
	low := lower.String()
	for k := range d.tokens {
		d.tokens[k].word = low[spans[k].lbs:spans[k].lbe]
	}
	for k := range d.sents {
		s := &d.sents[k]
		if k+1 < len(d.sents) {
			s.last = d.sents[k+1].first - 1
		} else {
			s.last = len(d.tokens) - 1
		}
		// A sentence still open at the end of the text (or cut at a word
		// boundary) ends at its last word.
		if s.be < d.tokens[s.last].be {
			s.be = d.tokens[s.last].be
		}
	}
	return d
}
