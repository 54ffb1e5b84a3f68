package autoqa

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isWordRune reports letters, digits and combining marks (Thai vowels and
// Vietnamese tones are marks) as parts of words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// isWordRuneASCII is isWordRune for r < utf8.RuneSelf.
func isWordRuneASCII(r byte) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

// inWord reports whether r belongs to a word as words splits them: a
// letter, digit or mark after lower-casing, or an apostrophe.
func inWord(r rune) bool {
	if r < utf8.RuneSelf {
		return isWordRuneASCII(byte(r)) || r == '\''
	}
	r = unicode.ToLower(r)
	return isWordRune(r) || r == '’' || r == '\''
}

// asciiInWord is inWord for bytes below utf8.RuneSelf.
var asciiInWord = func() (t [utf8.RuneSelf]bool) {
	for b := range t {
		t[b] = inWord(rune(b))
	}
	return t
}()

// nextWord returns the byte range [start, end) in text of the first word
// at or after byte i, as words would split it (words lower-cases rune by
// rune, so its word boundaries are the original's); start < 0 when there
// is none.
func nextWord(text string, i int) (start, end int) {
	start = -1
	for i < len(text) {
		if b := text[i]; b < utf8.RuneSelf {
			if asciiInWord[b] {
				if start < 0 {
					start = i
				}
			} else if start >= 0 {
				return start, i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if inWord(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			return start, i
		}
		i += n
	}
	if start >= 0 {
		return start, len(text)
	}
	return -1, -1
}

// countWords is len(words(text)) without building the words.
func countWords(text string) int {
	n := 0
	in := false
	for i := 0; i < len(text); {
		var w bool
		if b := text[i]; b < utf8.RuneSelf {
			w = asciiInWord[b]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			w = inWord(r)
			i += size
		}
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// turnCounts returns utf8.RuneCountInString(text), countWords(text) and
// whether text has a letter or digit (isWordRune), in one pass, because
// Score needs all three for every turn.
func turnCounts(text string) (runes, words int, has bool) {
	in := false
	for i := 0; i < len(text); runes++ {
		var w bool
		if b := text[i]; b < utf8.RuneSelf {
			w = asciiInWord[b]
			has = has || (w && b != '\'')
			i++
		} else {
			// Invalid bytes decode as one RuneError each, which is how
			// RuneCountInString counts them and is neither kind of word rune.
			r, size := utf8.DecodeRuneInString(text[i:])
			w = inWord(r)
			has = has || isWordRune(r)
			i += size
		}
		if w && !in {
			words++
		}
		in = w
	}
	return runes, words, has
}

// appendWordHashes appends a hash of each of words(text) to dst, in one
// pass over text: FNV-1a over the word's lower-cased runes, so equal words
// hash alike.
func appendWordHashes(dst []uint64, text string) []uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h, in := uint64(offset), false
	for i := 0; i < len(text); {
		r := rune(text[i])
		var w bool
		if r < utf8.RuneSelf {
			w = asciiInWord[r]
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			i++
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(text[i:])
			w = inWord(r)
			r = unicode.ToLower(r)
			i += size
		}
		if w {
			h = (h ^ uint64(r)) * prime
			in = true
		} else if in {
			dst = append(dst, h)
			h, in = offset, false
		}
	}
	if in {
		dst = append(dst, h)
	}
	return dst
}

// firstWord returns the first of words(text), lower-cased into buf.
func firstWord(text string, buf []byte) []byte {
	s, e := nextWord(text, 0)
	if s < 0 {
		return buf[:0]
	}
	b := buf[:0]
	for _, r := range text[s:e] {
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return b
}

// phraseHit is a phrase found in a text, in rune offsets.
type phraseHit struct {
	start, end int
	phrase     string
}

// phraseSet is a list of phrases for findPhrases with its anchors: each
// phrase's longest word (the last of equals), minus any anchor that
// contains another. Every phrase contains an anchor, so a text without any
// anchor has no phrase.
type phraseSet struct {
	phrases []string
	anchors [][]byte
	// needs[i] is the index in anchors of an anchor that phrases[i]
	// contains, so a phrase is only searched for when its anchor is in
	// the text.
	needs []int
}

// newPhraseSet builds the phraseSet of phrases (lower case, single spaces).
func newPhraseSet(phrases ...string) *phraseSet {
	ps := &phraseSet{phrases: phrases}
	var last []string
	for _, p := range phrases {
		longest := ""
		for _, w := range strings.Split(p, " ") {
			if len(w) >= len(longest) {
				longest = w
			}
		}
		last = append(last, longest)
	}
	for i, a := range last {
		redundant := false
		for j, b := range last {
			if j != i && strings.Contains(a, b) && (len(b) < len(a) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			ps.anchors = append(ps.anchors, []byte(a))
		}
	}
	for _, p := range phrases {
		need := -1
		for k, a := range ps.anchors {
			if strings.Contains(p, string(a)) {
				need = k
				break
			}
		}
		ps.needs = append(ps.needs, need)
	}
	return ps
}

// findPhrases finds each phrase (lower case, single spaces) in text on whole
// words, case-insensitively, returning rune offsets. It folds case rune by
// rune (and ’ to '), so the n-th rune of the folded text is the n-th rune of
// the original, and matches bytes of the folded text: UTF-8 is
// self-synchronising, so a byte match of a phrase is a rune match.
func findPhrases(text string, ps *phraseSet) []phraseHit {
	var buf [512]byte
	low := buf[:0]
	for i := 0; i < len(text); i++ {
		if b := text[i]; b < utf8.RuneSelf {
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			low = append(low, b)
			continue
		}
		for _, r := range text[i:] {
			if r == '’' {
				r = '\''
			}
			low = utf8.AppendRune(low, unicode.ToLower(r))
		}
		break
	}
	// found has bit k set when anchors[k] is in the text; sets with more
	// than 64 anchors treat the rest as always present.
	var found uint64
	for k, a := range ps.anchors {
		if k >= 64 || bytes.Contains(low, a) {
			found |= 1 << min(k, 63)
		}
	}
	if found == 0 {
		return nil
	}
	var hits []phraseHit
	for pi, p := range ps.phrases {
		if k := ps.needs[pi]; k >= 0 && found&(1<<min(k, 63)) == 0 {
			// The phrase's anchor is absent, so the phrase is too.
			continue
		}
		for from := 0; ; {
			k := bytes.Index(low[from:], []byte(p))
			if k < 0 || len(p) == 0 {
				break
			}
			at, end := from+k, from+k+len(p)
			if at > 0 {
				if r, _ := utf8.DecodeLastRune(low[:at]); isWordRune(r) {
					from = at + 1
					continue
				}
			}
			if end < len(low) {
				if r, _ := utf8.DecodeRune(low[end:]); isWordRune(r) {
					from = at + 1
					continue
				}
			}
			start := utf8.RuneCount(low[:at])
			hits = append(hits, phraseHit{start: start, end: start + utf8.RuneCount(low[at:end]), phrase: p})
			from = end
		}
	}
	return hits
}
