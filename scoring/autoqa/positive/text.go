package positive

import (
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// token is one word of the analysed text. Offsets are kept both as runes
// (what callers see) and as bytes of the original string (so the phrase
// "as written" and its sentence can be sliced without re-walking the text).
//
// The word itself is doc.word: a token holds no pointer, so that the
// pooled token buffers are written without GC write barriers and never
// scanned.
type token struct {
	start, end int // rune offsets in the original text
	bs, be     int // byte offsets in the original text
	// lbs, lbe locate the lowered word in doc.low; lbe is 0 for a word
	// that needed no lowering (lower-case ASCII), which is text[bs:be].
	lbs, lbe int
	sent     int // index into doc.sents
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
	low    string // the words that needed lowering, back to back
	tokens []token
	sents  []sentence
}

// word returns token k lower-cased, apostrophes normalised to '.
func (d *doc) word(k int) string {
	t := &d.tokens[k]
	if t.lbe == 0 {
		return d.text[t.bs:t.be]
	}
	return d.low[t.lbs:t.lbe]
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

// asciiWord classifies ASCII bytes for the tokenizer: 1 lower-case
// letter or digit, 2 upper-case letter, 0 anything else.
var asciiWord = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = 1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = 2
	}
	return t
}()

// isSentenceEnd reports punctuation that closes a sentence for our purposes.
func isSentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', ';', '\n', '\u2026', '\u3002', '\uff01', '\uff1f':
		return true
	}
	return false
}

// tokenize splits text into lower-cased words with rune and byte offsets in
// one pass.
func tokenize(text string) doc {
	var d doc
	var sc tokScratch
	tokenizeInto(&d, text, &sc, false)
	return d
}

// tokenizeInto is tokenize reusing d's slices.
// Words that are already lower-case ASCII (with plain apostrophes) are
// substrings of text; the others are lowered rune by rune, so the rune
// count never changes, into one shared string.
//
// sc holds reusable buffers. With borrowed set, the lowered words are
// strings over sc.low itself (no copy): the caller must be done with d's
// words before sc is used again, which analyze guarantees by pooling doc
// and scratch together and never letting a word escape (phrases slice the
// original text). Without it the lowered words get one copy of their own.
func tokenizeInto(d *doc, text string, sc *tokScratch, borrowed bool) {
	d.text = text
	// Local slices, stored back into d at the end: appending to d.tokens
	// itself would store the slice into the heap (with a write barrier
	// check) for every word.
	toks := d.tokens[:0]
	sents := d.sents[:0]
	lower := sc.low[:0]

	runeIdx := 0
	inWord := false
	dirty := false
	sentStart := true
	closeWord := func(bEnd, rEnd int) {
		if !inWord {
			return
		}
		inWord = false
		k := len(toks) - 1
		cur := &toks[k]
		cur.be, cur.end = bEnd, rEnd
		if dirty {
			if cap(lower) == 0 {
				lower = make([]byte, 0, len(text)/4+16)
			}
			cur.lbs = len(lower)
			for _, r := range text[cur.bs:cur.be] {
				switch {
				case isApostrophe(r):
					lower = append(lower, '\'')
				case r >= 'A' && r <= 'Z':
					lower = append(lower, byte(r)+'a'-'A')
				case r < utf8.RuneSelf:
					lower = append(lower, byte(r))
				default:
					lower = utf8.AppendRune(lower, unicode.ToLower(r))
				}
			}
			cur.lbe = len(lower)
		}
		if sentStart {
			sents = append(sents, sentence{bs: cur.bs, first: k})
			sentStart = false
		}
		cur.sent = len(sents) - 1
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case r < utf8.RuneSelf && asciiWord[r] != 0 || r >= utf8.RuneSelf && isWordRune(r):
			if !inWord {
				inWord, dirty = true, false
				toks = append(toks, token{start: runeIdx, bs: i})
			}
			if r >= utf8.RuneSelf {
				dirty = true
				break
			}
			// ASCII fast path: take the rest of the ASCII run of the word
			// in one tight loop.
			j := i
			for j < len(text) {
				c := asciiWord[text[j]]
				if c == 0 {
					break
				}
				if c == 2 {
					dirty = true
				}
				j++
			}
			runeIdx += j - i - 1
			size = j - i
		case isApostrophe(r) && inWord:
			// Only an apostrophe followed by a letter is part of a word
			// ("can't", "you’ll"); a closing quote or plural possessive
			// ends it.
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			if isWordRune(next) {
				if r != '\'' {
					dirty = true
				}
			} else {
				closeWord(i, runeIdx)
			}
		default:
			if inWord {
				closeWord(i, runeIdx)
			}
			if isSentenceEnd(r) && !sentStart {
				// A full stop between digits (3.5) is not a sentence end.
				if r == '.' && i > 0 && i+1 < len(text) && text[i-1] >= '0' && text[i-1] <= '9' && text[i+1] >= '0' && text[i+1] <= '9' {
					break
				}
				sents[len(sents)-1].be = i + size
				if r == '\n' {
					sents[len(sents)-1].be = i
				}
				sentStart = true
			}
		}
		i += size
		runeIdx++
	}
	closeWord(len(text), runeIdx)
	sc.low = lower
	d.tokens, d.sents = toks, sents
	d.low = ""
	if len(lower) > 0 {
		if borrowed {
			d.low = unsafe.String(&lower[0], len(lower))
		} else {
			d.low = string(lower)
		}
	}
	for k := range sents {
		s := &sents[k]
		if k+1 < len(sents) {
			s.last = sents[k+1].first - 1
		} else {
			s.last = len(toks) - 1
		}
		// A sentence still open at the end of the text (or cut at a word
		// boundary) ends at its last word.
		if s.be < toks[s.last].be {
			s.be = toks[s.last].be
		}
	}
}

// tokScratch is the tokenizer's reusable state.
type tokScratch struct {
	low []byte // lowered words, back to back
}
