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
//
// The loop itself only routes: a space between words and a run of ASCII
// letters and digits (nearly all of an English text) take short paths,
// everything else goes through tokenizer.rune. The state lives in a
// tokenizer rather than in locals of one big loop, because the compiler
// spilled and reloaded those locals around every branch, which cost more
// than the tokenising itself.
func tokenizeInto(d *doc, text string) {
	t := tokenizer{d: d, text: text, raw: d.toks[:0], low: d.low[:0], wb: -1, sentStart: -1}
	d.sents = d.sents[:0]
	bi, ri := 0, 0
	for bi < len(text) {
		c := text[bi]
		switch {
		case c == ' ' && t.wb < 0:
			// A space outside a word changes nothing but prev.
			t.prev = ' '
			bi++
			ri++
		case asciiWord[c]:
			bi, ri = t.asciiRun(bi, ri)
		default:
			bi, ri = t.rune(bi, ri)
		}
	}
	if t.wb >= 0 {
		t.raw = d.addWord(t.raw, t.low, t.wb, t.ws, ri, t.apos)
	}
	d.addSent(t.sentStart, t.sentEnd, t.tokStart, len(t.raw), t.q)
	d.runes, d.emo = ri, t.emo
	d.ls = ""
	if low := t.low; len(low) > 0 {
		// Borrow the buffer rather than copy it: words cut from d.ls live
		// only for one Detect call (they are copied into any reason that
		// quotes them), and the buffer is not written again until the
		// next tokenizeInto of this doc, after that call has returned.
		d.ls = unsafe.String(&low[0], len(low))
	}
	d.toks, d.low = t.raw, t.low
}

// tokenizer is the state of one tokenizeInto pass.
type tokenizer struct {
	d         *doc
	text      string
	raw       []token
	low       []byte
	wb        int  // byte start of current word in low, -1 outside a word
	ws        int  // rune offset of the current word
	apos      bool // the current word holds an apostrophe
	sentStart int  // rune offset of first non-space rune of current sentence, -1 before it
	sentEnd   int  // rune offset just after its last non-space rune
	tokStart  int  // first token of the current sentence
	q         bool // the current sentence ends in a question mark
	term      bool // inside a run of sentence-ending punctuation
	emo       bool // a rune that may start an emoticon was seen
	prev      rune
}

// endSent records the current sentence and starts the next.
func (t *tokenizer) endSent() {
	t.d.addSent(t.sentStart, t.sentEnd, t.tokStart, len(t.raw), t.q)
	t.sentStart, t.q, t.term = -1, false, false
	t.tokStart = len(t.raw)
}

// asciiRun reads the run of ASCII letters and digits starting at byte bi,
// rune ri, and returns the offsets after it. The run only extends the word
// and the sentence, so it is copied and lowered in one loop.
func (t *tokenizer) asciiRun(bi, ri int) (int, int) {
	if t.term {
		t.endSent()
	}
	if t.wb < 0 {
		t.wb, t.ws, t.apos = len(t.low), ri, false
	}
	if t.sentStart < 0 {
		t.sentStart = ri
		t.tokStart = len(t.raw)
	}
	text, low := t.text, t.low
	j := bi
	for j < len(text) {
		c := text[j]
		if !asciiWord[c] {
			break
		}
		// Setting bit 5 lowers an ASCII letter and leaves digits alone.
		low = append(low, c|0x20)
		j++
	}
	t.low = low
	ri += j - bi - 1 // the run's last rune
	t.sentEnd = ri + 1
	t.prev = rune(text[j-1])
	if j < len(text) {
		if c := text[j]; c < utf8.RuneSelf && c != '\'' && c != '.' {
			// The word surely ends here: flush it now, as the next rune
			// would, so that rune takes a short path.
			if !t.apos && !contrMask.hasBytes(low[t.wb:]) {
				// addWord's plain case, without a call.
				t.raw = append(t.raw, token{s: int32(t.ws), e: int32(ri + 1), bs: int32(t.wb), be: int32(len(low))})
			} else {
				t.raw = t.d.addWord(t.raw, low, t.wb, t.ws, ri+1, t.apos)
			}
			t.wb = -1
		}
	}
	return j, ri + 1
}

// rune reads the one rune at byte bi, rune ri, which is not an ASCII
// letter or digit, and returns the offsets after it.
func (t *tokenizer) rune(bi, ri int) (int, int) {
	text := t.text
	var r rune
	var word, space bool
	if c := text[bi]; c < utf8.RuneSelf {
		r = rune(c)
		bi++
		space = c == ' ' || ('\t' <= c && c <= '\r')
		t.emo = t.emo || c == ':' || c == '<'
	} else {
		var n int
		r, n = utf8.DecodeRuneInString(text[bi:])
		bi += n
		t.emo = t.emo || r >= '♥'
		word = isWordRune(r)
		space = !word && unicode.IsSpace(r)
	}
	switch {
	case word:
		if t.term {
			t.endSent()
		}
		if t.wb < 0 {
			t.wb, t.ws, t.apos = len(t.low), ri, false
		}
		t.low = utf8.AppendRune(t.low, unicode.ToLower(r))
	case t.wb >= 0 && isApostrophe(r):
		t.low = append(t.low, '\'')
		t.apos = true
	default:
		if t.wb >= 0 {
			t.raw = t.d.addWord(t.raw, t.low, t.wb, t.ws, ri, t.apos)
			t.wb = -1
			if r == '.' && unicode.IsDigit(t.prev) {
				// "2.5" stays one sentence; the digits after it start a new word.
				break
			}
		}
		switch {
		case r == '.' || r == '!' || r == '?' || r == '…':
			if t.sentStart >= 0 {
				t.term = true
				if r == '?' {
					t.q = true
				}
			}
		case r == '\n' || r == '\r':
			t.endSent()
		case space:
		default:
			if t.term && !unicode.IsPunct(r) {
				t.endSent()
			}
		}
	}
	if !space {
		if t.sentStart < 0 {
			t.sentStart = ri
			t.tokStart = len(t.raw)
		}
		t.sentEnd = ri + 1
	}
	t.prev = r
	return bi, ri + 1
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
