package empathy

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// token is the position of one normalised word of an analysed text; the
// word itself is doc.word(i). Contractions are split
// into several tokens that share the original word's span, so that a single
// cue list entry "i am sorry" covers "I'm sorry", "im sorry" and "I am sorry".
type token struct {
	s, e   int32 // rune offsets of the original word
	bs, be int32 // byte range of the word in the lowered text
	stat   int32 // 1 + index in staticWords when the word is a fixed expansion, else 0
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
	ls    string // the lowered text that words are cut from; it borrows low's bytes
	sents []sentence
	runes int
	emo   bool   // the text holds ':', '<' or a rune from '♥' up, so may hold an emoticon
	low   []byte // lowered text buffer, kept for reuse
}

// reset empties d, keeping its buffers.
func (d *doc) reset() {
	d.toks, d.ls, d.sents, d.runes, d.emo = d.toks[:0], "", d.sents[:0], 0, false
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

// staticWords are the words tokens can expand to that are not part of the
// text: the parts of contractions and the words of apostrophe suffixes.
var staticWords, staticIdx = func() ([]string, map[string]int32) {
	var ws []string
	idx := map[string]int32{}
	add := func(w string) {
		if _, ok := idx[w]; !ok && w != "" {
			ws = append(ws, w)
			idx[w] = int32(len(ws))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(contractions)) {
		add(contractions[k][0])
		add(contractions[k][1])
	}
	for _, w := range []string{"not", "am", "are", "have", "will", "would"} {
		add(w)
	}
	return ws, idx
}()

// staticIndex is the token stat value of a static word.
func staticIndex(w string) int32 { return staticIdx[w] }

// contrStat is contractions with each part as its staticIndex (0 for
// none), so a contraction costs one map lookup.
var contrStat = func() map[string][2]int32 {
	m := make(map[string][2]int32, len(contractions))
	for w, c := range contractions {
		m[w] = [2]int32{staticIndex(c[0]), staticIndex(c[1])}
	}
	return m
}()

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
// no Unicode table lookup. Bytes from 0x80 up are unmarked.
var asciiWord = func() (t [256]bool) {
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

// tokenizeInto splits text into normalised tokens and sentences, recording
// rune offsets, because cue spans are reported in runes to the UI. The
// lowered text is built once in d's reused buffer and words are slices of
// it, so tokenising a text allocates nothing once the buffers have grown.
// The loop state lives in locals (no closures) and ASCII runs skip UTF-8
// decoding and Unicode tables.
func tokenizeInto(d *doc, text string) {
	raw := d.toks[:0]
	d.sents = d.sents[:0]
	low := d.low[:0]
	wb := -1 // byte start of current word in low, -1 outside a word
	var ws int
	apos := false   // the current word holds an apostrophe
	sentStart := -1 // rune offset of first non-space rune of current sentence
	sentEnd := 0    // rune offset just after its last non-space rune
	tokStart := 0
	q := false
	term := false // inside a run of sentence-ending punctuation
	emo := false

	ri := 0
	var prev rune
	for bi := 0; bi < len(text); ri++ {
		if text[bi] == ' ' && wb < 0 {
			// A space outside a word changes nothing but prev.
			prev = ' '
			bi++
			continue
		}
		var r rune
		var word, space bool
		if c := text[bi]; c < utf8.RuneSelf {
			r = rune(c)
			bi++
			word = asciiWord[c]
			space = c == ' ' || ('\t' <= c && c <= '\r')
			emo = emo || c == ':' || c == '<'
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(text[bi:])
			bi += n
			emo = emo || r >= '♥'
			word = isWordRune(r)
			space = !word && unicode.IsSpace(r)
		}
		switch {
		case word:
			if term {
				d.addSent(sentStart, sentEnd, tokStart, len(raw), q)
				sentStart, q, term = -1, false, false
				tokStart = len(raw)
			}
			if wb < 0 {
				wb, ws, apos = len(low), ri, false
			}
			if r < utf8.RuneSelf {
				if sentStart < 0 {
					sentStart = ri
					tokStart = len(raw)
				}
				// The rest of an ASCII run is copied here: it only extends
				// the word and the sentence.
				j := bi
				for j < len(text) && asciiWord[text[j]] {
					j++
				}
				from := len(low)
				low = append(low, text[bi-1:j]...)
				for k := from; k < len(low); k++ {
					if c := low[k]; 'A' <= c && c <= 'Z' {
						low[k] = c + 'a' - 'A'
					}
				}
				ri += j - bi
				bi = j
				r = rune(text[bi-1])
				if bi < len(text) {
					if c := text[bi]; c < utf8.RuneSelf && c != '\'' && c != '.' {
						// The word surely ends here: flush it now, as the
						// next rune would, so that rune takes a short path.
						if !apos && !contrMask.hasBytes(low[wb:]) {
							// addWord's plain case, without a call.
							raw = append(raw, token{s: int32(ws), e: int32(ri + 1), bs: int32(wb), be: int32(len(low))})
						} else {
							raw = d.addWord(raw, low, wb, ws, ri+1, apos)
						}
						wb = -1
					}
				}
			} else {
				low = utf8.AppendRune(low, unicode.ToLower(r))
			}
		case wb >= 0 && isApostrophe(r):
			low = append(low, '\'')
			apos = true
		default:
			if wb >= 0 {
				raw = d.addWord(raw, low, wb, ws, ri, apos)
				wb = -1
				if r == '.' && unicode.IsDigit(prev) {
					// "2.5" stays one sentence; the digits after it start a new word.
					break
				}
			}
			switch {
			case r == '.' || r == '!' || r == '?' || r == '…':
				if sentStart >= 0 {
					term = true
					if r == '?' {
						q = true
					}
				}
			case r == '\n' || r == '\r':
				d.addSent(sentStart, sentEnd, tokStart, len(raw), q)
				sentStart, q, term = -1, false, false
				tokStart = len(raw)
			case space:
			default:
				if term && !unicode.IsPunct(r) {
					d.addSent(sentStart, sentEnd, tokStart, len(raw), q)
					sentStart, q, term = -1, false, false
					tokStart = len(raw)
				}
			}
		}
		if !space {
			if sentStart < 0 {
				sentStart = ri
				tokStart = len(raw)
			}
			sentEnd = ri + 1
		}
		prev = r
	}
	if wb >= 0 {
		raw = d.addWord(raw, low, wb, ws, ri, apos)
	}
	d.addSent(sentStart, sentEnd, tokStart, len(raw), q)
	d.runes, d.emo = ri, emo
	d.ls = ""
	if len(low) > 0 {
		// Borrow the buffer rather than copy it: words cut from d.ls live
		// only for one Detect call (they are copied into any reason that
		// quotes them), and the buffer is not written again until the
		// next tokenizeInto of this doc, after that call has returned.
		d.ls = unsafe.String(&low[0], len(low))
	}
	d.toks, d.low = raw, low
}

// word is token i's word: lower-case, apostrophes normalised, contraction
// expanded. It is cut from d.ls on demand, so tokens hold no pointers.
func (d *doc) word(i int) string {
	t := &d.toks[i]
	if t.stat > 0 {
		return staticWords[t.stat-1]
	}
	return d.ls[t.bs:t.be]

}

// addSent records a sentence if one has started.
func (d *doc) addSent(start, end, t0, t1 int, q bool) {
	if start >= 0 {
		d.sents = append(d.sents, sentence{s: start, e: end, t0: t0, t1: t1, q: q})
	}
}

// addWord appends the tokens of the word low[wb:] spanning runes [ws, end).
// apos tells whether the word holds an apostrophe.
func (d *doc) addWord(raw []token, low []byte, wb, ws, end int, apos bool) []token {
	be := len(low)
	// A trailing apostrophe ("students'") is not part of the word.
	for apos && be > wb && low[be-1] == '\'' {
		be--
	}
	b0 := wb
	if be == b0 {
		return raw
	}
	word := low[b0:be]
	s, e := int32(ws), int32(end)
	if !contrMask.hasBytes(word) {
		// not a contraction
	} else if c, ok := contrStat[string(word)]; ok {
		raw = append(raw, token{s: s, e: e, stat: c[0]})
		if c[1] != 0 {
			raw = append(raw, token{s: s, e: e, stat: c[1]})
		}
		return raw
	}
	if !apos {
		return append(raw, token{s: s, e: e, bs: int32(b0), be: int32(be)})
	}
	if i := bytes.LastIndexByte(word, '\''); i > 0 {
		// expand without copying the word: the first part is a prefix
		// of it, filled in from the lowered text below.
		n, second := expandLen(word, i)
		raw = append(raw, token{s: s, e: e, bs: int32(b0), be: int32(b0 + n)})
		if second != "" {
			raw = append(raw, token{s: s, e: e, stat: staticIndex(second)})
		}
		return raw
	}
	return append(raw, token{s: s, e: e, bs: int32(b0), be: int32(be)})
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || ('\t' <= r && r <= '\r')
	}
	return unicode.IsSpace(r)
}
