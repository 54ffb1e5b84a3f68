package empathy

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one normalised word of an analysed text. Contractions are split
// into several tokens that share the original word's span, so that a single
// cue list entry "i am sorry" covers "I'm sorry", "im sorry" and "I am sorry".
type token struct {
	w      string // lower-case, apostrophes normalised, contraction expanded
	s, e   int    // rune offsets of the original word
	sent   int    // index of the sentence holding the word
	bs, be int    // byte range in the lowered text while tokenising
}

// sentence is a run of text ended by . ! ? or a line break.
type sentence struct {
	s, e   int // rune span, trimmed of surrounding space
	t0, t1 int // token range [t0, t1)
	q      bool
}

// doc is a tokenised text.
type doc struct {
	toks  []token
	sents []sentence
	runes int
	low   []byte // lowered text buffer, kept for reuse
}

// reset empties d, keeping its buffers, and drops references to the text.
func (d *doc) reset() {
	clear(d.toks)
	d.toks, d.sents, d.runes = d.toks[:0], d.sents[:0], 0
}

// contractions maps apostrophe-less spellings common in chat and on Reddit
// (and a few irregular forms) to their expansion; regular apostrophe forms
// are handled by rule in expand.
var contractions = map[string][2]string{
	"im": {"i", "am"}, "ive": {"i", "have"}, "youre": {"you", "are"}, "youve": {"you", "have"},
	"dont": {"do", "not"}, "doesnt": {"does", "not"}, "didnt": {"did", "not"}, "cant": {"can", "not"},
	"cannot": {"can", "not"}, "isnt": {"is", "not"}, "arent": {"are", "not"}, "wasnt": {"was", "not"},
	"havent": {"have", "not"}, "hasnt": {"has", "not"}, "wouldnt": {"would", "not"}, "couldnt": {"could", "not"},
	"shouldnt": {"should", "not"}, "thats": {"that", "is"}, "whats": {"what", "is"}, "hows": {"how", "is"},
	"theres": {"there", "is"}, "u": {"you", ""}, "ur": {"your", ""}, "youll": {"you", "will"},
	"wanna": {"want", "to"}, "gonna": {"going", "to"}, "gotta": {"got", "to"},
	"can't": {"can", "not"}, "won't": {"will", "not"}, "shan't": {"shall", "not"},
	"it's": {"it", "is"}, "that's": {"that", "is"}, "what's": {"what", "is"}, "how's": {"how", "is"},
	"there's": {"there", "is"}, "here's": {"here", "is"}, "he's": {"he", "is"}, "she's": {"she", "is"},
	"who's": {"who", "is"}, "where's": {"where", "is"}, "let's": {"let", "us"},
}

// contrMask prefilters contractions.
var contrMask = func() (m wordMask) {
	for w := range contractions {
		m.add(w)
	}
	return m
}()

func (m *wordMask) hasBytes(w []byte) bool {
	if len(w) == 0 {
		return true
	}
	return m[min(len(w), 15)][w[0]&31]&(1<<(w[len(w)-1]&31)) != 0
}

// expand splits a lower-case word into at most two normalised tokens.
func expand(w string) (string, string) {
	if c, ok := contractions[w]; ok {
		return c[0], c[1]
	}
	i := strings.LastIndexByte(w, '\'')
	if i <= 0 {
		return w, ""
	}
	stem, suf := w[:i], w[i+1:]
	switch suf {
	case "t":
		if strings.HasSuffix(stem, "n") {
			return stem[:len(stem)-1], "not"
		}
	case "m":
		return stem, "am"
	case "re":
		return stem, "are"
	case "ve":
		return stem, "have"
	case "ll":
		return stem, "will"
	case "d":
		return stem, "would"
	case "s", "":
		return stem, ""
	}
	return w, ""
}

// expandLen is expand for a word holding an apostrophe at i > 0 (its last)
// and absent from contractions: the first part is w[:n].
func expandLen(w []byte, i int) (n int, second string) {
	stem, suf := w[:i], w[i+1:]
	switch string(suf) {
	case "t":
		if len(stem) > 0 && stem[len(stem)-1] == 'n' {
			return i - 1, "not"
		}
	case "m":
		return i, "am"
	case "re":
		return i, "are"
	case "ve":
		return i, "have"
	case "ll":
		return i, "will"
	case "d":
		return i, "would"
	case "s", "":
		return i, ""
	}
	return len(w), ""
}

// asciiWord marks the ASCII letters and digits, so the common case needs
// no Unicode table lookup.
var asciiWord = func() (t [128]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	return t
}()

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' }

// tokenize splits text into normalised tokens and sentences, recording rune
// offsets, because cue spans are reported in runes to the UI. The lowered
// text is built once and tokens are slices of it, so tokenising costs a few
// allocations per text rather than one per word.
func tokenize(text string) doc {
	var d doc
	tokenizeInto(&d, text)
	return d
}

// tokenizeInto is tokenize reusing the buffers of d.
func tokenizeInto(d *doc, text string) {
	raw := d.toks[:0]
	d.sents = d.sents[:0]
	low := d.low[:0]
	wb := -1 // byte start of current word in low, -1 outside a word
	var ws int
	sentStart := -1 // rune offset of first non-space rune of current sentence
	sentEnd := 0    // rune offset just after its last non-space rune
	tokStart := 0
	q := false
	term := false // inside a run of sentence-ending punctuation

	flushWord := func(end int) {
		if wb < 0 {
			return
		}
		be := len(low)
		// A trailing apostrophe ("students'") is not part of the word.
		for be > wb && low[be-1] == '\'' {
			be--
		}
		b0 := wb
		wb = -1
		if be == b0 {
			return
		}
		si := len(d.sents)
		word := low[b0:be]
		if !contrMask.hasBytes(word) {
			// not a contraction
		} else if c, ok := contractions[string(word)]; ok {
			raw = append(raw, token{w: c[0], s: ws, e: end, sent: si})
			if c[1] != "" {
				raw = append(raw, token{w: c[1], s: ws, e: end, sent: si})
			}
			return
		}
		if i := bytes.LastIndexByte(word, '\''); i > 0 {
			// expand without copying the word: the first part is a prefix
			// of it, filled in from the lowered text below.
			n, second := expandLen(word, i)
			raw = append(raw, token{bs: b0, be: b0 + n, s: ws, e: end, sent: si})
			if second != "" {
				raw = append(raw, token{w: second, s: ws, e: end, sent: si})
			}
			return
		}
		raw = append(raw, token{bs: b0, be: be, s: ws, e: end, sent: si})
	}
	flushSent := func() {
		if sentStart >= 0 {
			d.sents = append(d.sents, sentence{s: sentStart, e: sentEnd, t0: tokStart, t1: len(raw), q: q})
		}
		sentStart, q, term = -1, false, false
		tokStart = len(raw)
	}

	ri := 0
	var prev rune
	for _, r := range text {
		switch {
		case isWordRune(r):
			if term {
				flushSent()
			}
			if wb < 0 {
				wb, ws = len(low), ri
			}
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				low = append(low, byte(r))
			} else {
				low = utf8.AppendRune(low, unicode.ToLower(r))
			}
		case isApostrophe(r) && wb >= 0:
			low = append(low, '\'')
		default:
			if r == '.' && wb >= 0 && unicode.IsDigit(prev) {
				// "2.5" stays one sentence; the digits after it start a new word.
				flushWord(ri)
				break
			}
			flushWord(ri)
			switch {
			case r == '.' || r == '!' || r == '?' || r == '…':
				if sentStart >= 0 {
					term = true
					if r == '?' {
						q = true
					}
				}
			case r == '\n' || r == '\r':
				flushSent()
			case isSpace(r):
			default:
				if term && !unicode.IsPunct(r) {
					flushSent()
				}
			}
		}
		if !isSpace(r) {
			if sentStart < 0 {
				sentStart = ri
				tokStart = len(raw)
			}
			sentEnd = ri + 1
		}
		prev = r
		ri++
	}
	flushWord(ri)
	flushSent()
	d.runes = ri
	if len(low) > 0 {
		ls := string(low)
		for i := range raw {
			if raw[i].w == "" {
				raw[i].w = ls[raw[i].bs:raw[i].be]
			}
		}
	}
	d.toks, d.low = raw, low
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || ('\t' <= r && r <= '\r')
	}
	return unicode.IsSpace(r)
}
