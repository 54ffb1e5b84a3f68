package sentiment

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// VADER's empirically derived constants (vaderSentiment 3.3.2).
const (
	boostIncr     = 0.293 // B_INCR: booster word adds this much intensity
	capsIncr      = 0.733 // C_INCR: an ALL-CAPS word in mixed-case text
	negScalar     = -0.74 // N_SCALAR: a negated word flips and dampens
	alpha         = 15.0  // normalisation constant for the compound score
	maxExclaim    = 4     // exclamation marks beyond this add nothing
	exclaimScale  = 0.292 // per exclamation mark
	questionScale = 0.18  // per question mark when there are 2 or 3
	maxQuestion   = 0.96  // 4 or more question marks
	butBefore     = 0.5   // weight of words before a contrastive "but"
	butAfter      = 1.5   // weight of words after it
	neverSoScale  = 1.25  // "never so good" intensifies rather than negates
	farScale1     = 0.95  // booster two words before the sentiment word
	farScale2     = 0.9   // booster three words before
)

// Scores is VADER's polarity triple plus its normalised compound score.
// Neg, Neu and Pos are the proportions of the text's sentiment mass that are
// negative, neutral and positive (they sum to 1, or are all 0 for text with
// no words); Compound is the sum of word valences normalised into [-1, 1].
// Unlike the Python reference the values are not rounded, because callers
// correlate and threshold them.
type Scores struct{ Neg, Neu, Pos, Compound float64 }

// Analyzer scores text for one language. It is immutable after New and safe
// for concurrent use: Score keeps its working state on the stack.
type Analyzer struct {
	lang string
	spec *langSpec
}

// New returns the analyzer for lang: "en" (VADER's lexicon and rules), "vi"
// (Vietnamese) or "ms" (Malay). Lexicons are parsed once per process and
// shared, so New is cheap after the first call for a language.
func New(lang string) (*Analyzer, error) {
	spec, err := loadSpec(lang)
	if err != nil {
		return nil, err
	}
	return &Analyzer{lang: lang, spec: spec}, nil
}

// token is one word of the text (or, for vi and ms, one multi-word
// entry) with every lookup done once, so the rule passes below only read
// fields. It is eight bytes: the rules compare entry indexes where VADER
// compares lower-cased text, and read values from the entry, so a token
// stores no strings (which made appending them costly).
type token struct {
	id    uint32 // index into langSpec.entries; 0 for a word in no list
	flags uint8  // the entry's flags plus tUpper and tNT
}

// Token flags beyond the entry's own.
const (
	tUpper = fIdiom << (1 + iota) // Python str.isupper(): has a cased letter, none lower case
	tNT                           // (English) contains "n't", which negates like a negator
)

// scratch is Score's working memory, pooled so that a short turn neither
// allocates nor clears a large stack array.
type scratch struct {
	toks  []token
	spans []span // vi and ms: words before phrase merging
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{toks: make([]token, 0, 64)}
}}

// maxPooledTokens bounds what a pooled scratch keeps, so that one huge text
// does not pin its buffers.
const maxPooledTokens = 4096

// Score returns the valence scores of text.
func (a *Analyzer) Score(text string) Scores {
	s := a.spec
	sc := scratchPool.Get().(*scratch)
	defer func() {
		if cap(sc.toks) <= maxPooledTokens && cap(sc.spans) <= maxPooledTokens {
			scratchPool.Put(sc)
		}
	}()
	var info textInfo
	toks := s.tokenize(text, sc, &info)
	if s.emoji != nil && info.nonASCII {
		// Emoji become words: tokenize the replaced text instead. Rare in
		// chat turns, so the ASCII common case makes one pass.
		if r := s.replaceEmoji(text); r != text {
			text = r
			info = textInfo{}
			toks = s.tokenize(text, sc, &info)
		}
	}
	if len(toks) == 0 {
		return Scores{}
	}
	// capDiff: some but not all words are ALL CAPS; only then is
	// capitalisation emphasis rather than shouting or an acronym-only text.
	capDiff := info.upper > 0 && info.upper < len(toks)
	// The valences are summed as they are computed, in VADER's order, with
	// _but_check's weights applied first: the same sums as VADER's list.
	var sum, pos, neg, neu float64
	for i, t := range toks {
		var v float64
		switch {
		case t.flags&(fBoost|fPost) != 0:
			// Modifiers carry no valence of their own.
		case s.english && t.id == s.rule.kind && i < len(toks)-1 && toks[i+1].id == s.rule.of:
		case t.flags&fLex == 0:
			// Not a sentiment word: valence would return 0.
		default:
			v = s.valence(toks, i, capDiff)
		}
		// _but_check: after a contrastive conjunction the second clause
		// dominates. Only the first one counts, as in VADER.
		if info.but > 0 {
			switch bi := info.but - 1; {
			case i < bi:
				v *= butBefore
			case i > bi:
				v *= butAfter
			}
		}
		sum += v
		switch {
		case v > 0:
			pos += v + 1 // +1 compensates for neutral words counted as 1
		case v < 0:
			neg += v - 1
		default:
			neu++
		}
	}
	return scoreValence(sum, pos, neg, neu, punctuationEmphasis(info.exclaim, info.question))
}

// valence is VADER's sentiment_valence for toks[i]; capDiff is whether
// ALL-CAPS words are emphasis.
func (s *langSpec) valence(toks []token, i int, capDiff bool) float64 {
	t := toks[i]
	if t.flags&fLex == 0 {
		return 0
	}
	val := s.entries[t.id].val
	v := val
	r := &s.rule
	// "no" before another lexicon word is a negator, not a sentiment word.
	if s.english && t.id == r.no && i != len(toks)-1 && toks[i+1].flags&fLex != 0 {
		v = 0
	}
	if s.english && ((i > 0 && toks[i-1].id == r.no) ||
		(i > 1 && toks[i-2].id == r.no) ||
		(i > 2 && toks[i-3].id == r.no && (toks[i-1].id == r.or || toks[i-1].id == r.nor))) {
		v = val * negScalar
	}
	if t.flags&tUpper != 0 && capDiff {
		if v > 0 {
			v += capsIncr
		} else {
			v -= capsIncr
		}
	}
	// Vietnamese and Malay put intensifiers after the word ("tốt lắm",
	// "baik sekali"); apply them before negation, as VADER does for
	// preceding boosters, so "không tốt lắm" is a mild negative.
	if s.hasPost {
		for j := i + 1; j < len(toks) && j <= i+2 && toks[j].flags&fPost != 0; j++ {
			v += s.scalar(toks[j], v, capDiff)
		}
	}
	for start := 0; start < 3; start++ {
		j := i - (start + 1)
		if j < 0 || toks[j].flags&fLex != 0 {
			continue
		}
		sc := s.scalar(toks[j], v, capDiff)
		if start == 1 && sc != 0 {
			sc *= farScale1
		}
		if start == 2 && sc != 0 {
			sc *= farScale2
		}
		v += sc
		v = s.negationCheck(v, toks, start, i)
		if start == 2 && s.english {
			v = s.specialIdioms(v, toks, i)
		}
	}
	return s.leastCheck(v, toks, i)
}

// scalar is VADER's scalar_inc_dec: the intensity a booster or dampener adds
// to valence v, signed to push v further from zero.
func (s *langSpec) scalar(b token, v float64, capDiff bool) float64 {
	var sc float64
	switch {
	case b.flags&fBoost != 0:
		sc = s.entries[b.id].boost
	case b.flags&fPost != 0:
		sc = s.entries[b.id].post
	default:
		return 0
	}
	if v < 0 {
		sc = -sc
	}
	if b.flags&tUpper != 0 && capDiff {
		if v > 0 {
			sc += capsIncr
		} else {
			sc -= capsIncr
		}
	}
	return sc
}

// negationCheck is VADER's _negation_check for the word start+1 positions
// before toks[i]. The "never so/this" clause follows the reference's
// intent (both words must match) rather than its operator-precedence slip.
func (s *langSpec) negationCheck(v float64, toks []token, start, i int) float64 {
	r := &s.rule
	isNeg := func(t token) bool { return t.flags&(fNeg|tNT) != 0 }
	switch start {
	case 0:
		if isNeg(toks[i-1]) {
			return v * negScalar
		}
	case 1:
		switch {
		case s.english && toks[i-2].id == r.never && (toks[i-1].id == r.so || toks[i-1].id == r.this):
			return v * neverSoScale
		case s.english && toks[i-2].id == r.without && toks[i-1].id == r.doubt:
			return v
		case isNeg(toks[i-2]):
			return v * negScalar
		}
	case 2:
		switch {
		case s.english && toks[i-3].id == r.never &&
			(toks[i-2].id == r.so || toks[i-2].id == r.this || toks[i-1].id == r.so || toks[i-1].id == r.this):
			return v * neverSoScale
		case s.english && toks[i-3].id == r.without && (toks[i-2].id == r.doubt || toks[i-1].id == r.doubt):
			return v
		case isNeg(toks[i-3]):
			return v * negScalar
		}
	}
	return v
}

// specialIdioms is VADER's _special_idioms_check: phrases whose meaning is
// not the sum of their words ("the shit", "kiss of death") replace the
// valence, and booster n-grams ("kind of") adjust it. The idiom flag skips
// the lookups for the common case of no idiom word nearby.
func (s *langSpec) specialIdioms(v float64, toks []token, i int) float64 {
	// Every n-gram below lies within toks[i-3:i+3] and needs all its words
	// to be idiom words: usually none is.
	var near uint8
	for _, t := range toks[i-3 : min(i+3, len(toks))] {
		near |= t.flags
	}
	if near&fIdiom == 0 {
		return v
	}
	w := func(k int) uint32 { return toks[k].id }
	f := func(k int) bool { return toks[k].flags&fIdiom != 0 }
	look := func(m map[[3]uint32]float64, ok bool, a, b, c uint32) (float64, bool) {
		if !ok {
			return 0, false
		}
		x, found := m[[3]uint32{a, b, c}]
		return x, found
	}
	seqs := [...]struct {
		ok      bool
		a, b, c uint32
	}{
		{f(i-1) && f(i), w(i - 1), w(i), 0},
		{f(i-2) && f(i-1) && f(i), w(i - 2), w(i - 1), w(i)},
		{f(i-2) && f(i-1), w(i - 2), w(i - 1), 0},
		{f(i-3) && f(i-2) && f(i-1), w(i - 3), w(i - 2), w(i - 1)},
		{f(i-3) && f(i-2), w(i - 3), w(i - 2), 0},
	}
	for _, q := range seqs {
		if x, ok := look(s.specialIDs, q.ok, q.a, q.b, q.c); ok {
			v = x
			break
		}
	}
	if len(toks)-1 > i {
		if x, ok := look(s.specialIDs, f(i) && f(i+1), w(i), w(i+1), 0); ok {
			v = x
		}
	}
	if len(toks)-1 > i+1 {
		if x, ok := look(s.specialIDs, f(i) && f(i+1) && f(i+2), w(i), w(i+1), w(i+2)); ok {
			v = x
		}
	}
	for _, q := range [...]int{3, 4, 2} { // threetwoone, threetwo, twoone
		if x, ok := look(s.boostGramIDs, seqs[q].ok, seqs[q].a, seqs[q].b, seqs[q].c); ok {
			v += x
		}
	}
	return v
}

// leastCheck is VADER's _least_check: "least good" negates, "at least
// good" and "very least" do not.
func (s *langSpec) leastCheck(v float64, toks []token, i int) float64 {
	if !s.english {
		return v
	}
	r := &s.rule
	if i > 1 && toks[i-1].flags&fLex == 0 && toks[i-1].id == r.least {
		if toks[i-2].id != r.at && toks[i-2].id != r.very {
			v *= negScalar
		}
	} else if i > 0 && toks[i-1].flags&fLex == 0 && toks[i-1].id == r.least {
		v *= negScalar
	}
	return v
}

// scoreValence is VADER's score_valence given the sum of the word
// valences and the pos/neg/neu masses: punctuation emphasis, the compound
// normalisation and the proportions.
func scoreValence(sum, pos, neg, neu, amp float64) Scores {
	if sum > 0 {
		sum += amp
	} else if sum < 0 {
		sum -= amp
	}
	compound := sum / math.Sqrt(sum*sum+alpha)
	compound = max(-1, min(1, compound))

	if pos > math.Abs(neg) {
		pos += amp
	} else if pos < math.Abs(neg) {
		neg -= amp
	}
	total := pos + math.Abs(neg) + neu
	return Scores{
		Neg:      math.Abs(neg / total),
		Neu:      math.Abs(neu / total),
		Pos:      math.Abs(pos / total),
		Compound: compound,
	}
}

// punctuationEmphasis is the intensity added by ep "!" (up to 4) and by
// qm "?" when there are two or more.
func punctuationEmphasis(ep, qm int) float64 {
	amp := float64(min(ep, maxExclaim)) * exclaimScale
	if qm > 1 {
		if qm <= 3 {
			amp += float64(qm) * questionScale
		} else {
			amp += maxQuestion
		}
	}
	return amp
}

// replaceEmoji mirrors VADER's emoji pass: each emoji code point becomes its
// description, separated by a space from a preceding non-space character,
// and the result is trimmed.
func (s *langSpec) replaceEmoji(text string) string {
	found := false
	for _, r := range text {
		if r >= utf8.RuneSelf {
			if _, ok := s.emoji[r]; ok {
				found = true
				break
			}
		}
	}
	if !found {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 32)
	prevSpace := true
	for _, r := range text {
		if d, ok := s.emoji[r]; ok {
			if !prevSpace {
				b.WriteByte(' ')
			}
			b.WriteString(d)
			prevSpace = false
			continue
		}
		b.WriteRune(r)
		prevSpace = r == ' '
	}
	return strings.TrimSpace(b.String())
}

// Byte classes of ASCII characters, as bits so that a word's scan can OR
// them together.
const (
	cSpace uint8 = 1 << 0 // Python str.split() whitespace
	cPunct uint8 = 1 << 1 // in Python's string.punctuation
	cLower uint8 = 1 << 2 // a-z
	cApos  uint8 = 1 << 3 // ', for the "n't" test
	cMark  uint8 = 1 << 4 // ! or ?, for punctuation emphasis
	// cUpper marks A-Z; its value is the case offset, so that
	// c + class&cUpper lower-cases any ASCII c without a branch.
	cUpper uint8 = 'a' - 'A' // 1 << 5
	// cNonASCII is no class of charClass: it marks a span with non-ASCII
	// bytes.
	cNonASCII uint8 = 1 << 6
)

var charClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case isSpaceByte(byte(c)):
			t[c] = cSpace
		case 'a' <= c && c <= 'z':
			t[c] = cLower
		case 'A' <= c && c <= 'Z':
			t[c] = cUpper
		}
	}
	for _, c := range []byte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") {
		t[c] |= cPunct
	}
	t['\''] |= cApos
	t['!'] |= cMark
	t['?'] |= cMark
	return t
}()

// isPunct reports whether c is in Python's string.punctuation, which is what
// VADER strips from word edges.
func isPunct(c byte) bool {
	return c < utf8.RuneSelf && charClass[c]&cPunct != 0
}

// isSpaceByte matches Python's str.split() whitespace in ASCII, which
// includes the \x1c–\x1f separators.
func isSpaceByte(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)
}

// textInfo is what tokenize notes about the whole text on its one pass.
type textInfo struct {
	nonASCII          bool
	exclaim, question int // counts of '!' and '?'
	upper             int // tokens that are ALL CAPS
	but               int // 1 + index of the first contrast token; 0 if none
}

// add appends t to toks and notes it in info.
func (info *textInfo) add(toks []token, t token) []token {
	if t.flags&tUpper != 0 {
		info.upper++
	}
	if t.flags&fContrast != 0 && info.but == 0 {
		info.but = len(toks) + 1
	}
	return append(toks, t)
}

// tokenize splits text on whitespace, strips edge punctuation as VADER does
// (only when at least 3 characters remain, which keeps emoticons such as
// ":)" whole), and resolves every lookup for each word once. The tokens
// are sc.toks, which it may grow.
func (s *langSpec) tokenize(text string, sc *scratch, info *textInfo) []token {
	toks := sc.toks[:0]
	if s.maxPhrase > 1 {
		spans := sc.spans[:0]
		for w := nextWord(text, 0, info); w.start < w.end; w = nextWord(text, w.end, info) {
			spans = append(spans, w)
		}
		spans = s.mergePhrases(text, spans)
		sc.spans = spans
		for _, p := range spans {
			if p.id == 0 {
				toks = info.add(toks, s.resolveWord(text, p))
				continue
			}
			// A merged phrase is already in canonical form.
			e := &s.entries[p.id]
			t := token{id: p.id, flags: e.flags}
			if isUpper(text[p.start:p.end]) {
				t.flags |= tUpper
			}
			if s.english && strings.Contains(e.key, "n't") {
				t.flags |= tNT
			}
			toks = info.add(toks, t)
		}
	} else {
		for w := nextWord(text, 0, info); w.start < w.end; w = nextWord(text, w.end, info) {
			toks = info.add(toks, s.resolveWord(text, w))
		}
	}
	sc.toks = toks
	return toks
}

// span is one whitespace-separated word of the text as nextWord found it.
type span struct {
	start, end int   // byte offsets in the text
	core       int   // end of its last byte outside string.punctuation, or start
	seen       uint8 // OR of the charClass of its bytes, plus cNonASCII
	// id is, after mergePhrases (vi, ms), the entry of the multi-word
	// phrase that starts here and runs to end; 0 for a single word.
	id uint32
}

// nextWord returns the first whitespace-separated word of text at or after
// i (empty when there is none), counting its '!' and '?' and noting
// non-ASCII text in info. The same scan notes what resolveWord needs to
// know about the word's characters.
func nextWord(text string, i int, info *textInfo) span {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if charClass[c]&cSpace == 0 {
				break
			}
			i++
			continue
		}
		info.nonASCII = true
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	start, core := i, i
	var seen uint8
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			k := charClass[c]
			if k&cSpace != 0 {
				break
			}
			seen |= k
			if k&cPunct == 0 {
				core = i + 1
			} else if k&cMark != 0 {
				if c == '!' {
					info.exclaim++
				} else {
					info.question++
				}
			}
			i++
			continue
		}
		info.nonASCII = true
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			break
		}
		seen |= cNonASCII
		i += n
	}
	return span{start: start, end: i, core: core, seen: seen}
}

// resolveWord makes the token of the word w of text: VADER's
// _strip_punc_if_word, then the lookup of the lower-cased result. For an
// ASCII word nextWord has already found where trailing punctuation starts
// and which classes of character occur, so only the lookup key is read
// again, to hash it lower-cased: neither a lower-cased copy nor separate
// passes for case and "n't" are needed.
func (s *langSpec) resolveWord(text string, w span) token {
	if w.seen&cNonASCII != 0 {
		return s.resolveUnicode(text[w.start:w.end])
	}
	fold := w.seen&cUpper != 0
	a, b := w.start, w.core
	if w.seen&cPunct != 0 {
		for a < b && charClass[text[a]]&cPunct != 0 {
			a++
		}
	}
	if a != w.start || b != w.end { // stripping would change the word
		switch {
		case s.english:
			if b-a <= 2 {
				a, b = w.start, w.end
			}
		case a == b || s.entries[s.findLower(text[w.start:w.end], fold)].flags&fLex != 0:
			// Languages with their own lexicons strip always (their
			// words are often two letters long) unless the whole token
			// is itself an entry, such as an emoticon.
			a, b = w.start, w.end
		}
	}
	key := text[a:b]
	id := s.findLower(key, fold)
	t := token{id: id, flags: s.entries[id].flags}
	if w.seen&(cUpper|cLower) == cUpper {
		t.flags |= tUpper
	}
	if s.english && w.seen&cApos != 0 && containsNT(key) {
		t.flags |= tNT
	}
	return t
}

// findLower returns the entry of the ASCII word w lower-cased; fold says
// whether w has upper-case letters. It hashes w as keyHash would hash its
// lower-cased copy.
func (s *langSpec) findLower(w string, fold bool) uint32 {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		c := w[i]
		h = (h ^ uint64(c+charClass[c]&cUpper)) * fnvPrime
	}
	if !s.mayKnow(h) {
		return 0
	}
	return s.find(h, w, fold)
}

// resolveUnicode is resolveWord for a word with non-ASCII characters,
// which is lower-cased as a string (allocating only if it changes).
func (s *langSpec) resolveUnicode(w string) token {
	a, b := s.stripWord(w)
	w = w[a:b]
	low := strings.ToLower(w)
	id := s.lookup(low)
	t := token{id: id, flags: s.entries[id].flags}
	if isUpper(w) {
		t.flags |= tUpper
	}
	if s.english && strings.Contains(low, "n't") {
		t.flags |= tNT
	}
	return t
}

// stripWord is VADER's _strip_punc_if_word. Languages with their own
// lexicons strip always (their words are often two letters long) unless
// the whole token is itself an entry, such as an emoticon.
func (s *langSpec) stripWord(w string) (int, int) {
	a, b := 0, len(w)
	for a < b && isPunct(w[a]) {
		a++
	}
	for b > a && isPunct(w[b-1]) {
		b--
	}
	if a == 0 && b == len(w) {
		return a, b
	}
	st := w[a:b]
	if s.english {
		if utf8.RuneCountInString(st) <= 2 {
			return 0, len(w)
		}
		return a, b
	}
	if st == "" {
		return 0, len(w)
	}
	if s.entries[s.lookup(strings.ToLower(w))].flags&fLex != 0 {
		return 0, len(w)
	}
	return a, b
}

// isUpper is Python's str.isupper: at least one cased letter and no lower
// case letter.
func isUpper(w string) bool {
	cased := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return isUpperUnicode(w)
		}
		if 'a' <= c && c <= 'z' {
			return false
		}
		if 'A' <= c && c <= 'Z' {
			cased = true
		}
	}
	return cased
}

func isUpperUnicode(w string) bool {
	cased := false
	for _, r := range w {
		if unicode.IsLower(r) || unicode.IsTitle(r) {
			return false
		}
		if unicode.IsUpper(r) {
			cased = true
		}
	}
	return cased
}

// containsNT reports whether the ASCII word w contains "n't" in any case.
func containsNT(w string) bool {
	for i := 0; i+2 < len(w); i++ {
		if w[i]|0x20 == 'n' && w[i+1] == '\'' && w[i+2]|0x20 == 't' {
			return true
		}
	}
	return false
}

// mergePhrases joins runs of words that form a multi-word entry of the
// lexicon, the boosters or the negators, longest first, so that
// Vietnamese "hài lòng" (satisfied) is one word for the rules. A phrase
// only matches across single spaces between unpunctuated words, so a
// phrase never spans a sentence boundary.
func (s *langSpec) mergePhrases(text string, sp []span) []span {
	out := sp[:0]
	var kb [128]byte
	for i := 0; i < len(sp); {
		best, canon := 1, uint32(0)
		for n := min(s.maxPhrase, len(sp)-i); n >= 2; n-- {
			key := kb[:0]
			ok := true
			for k := i; k < i+n; k++ {
				w := text[sp[k].start:sp[k].end]
				if k > i {
					key = append(key, ' ')
				}
				if k < i+n-1 && w != "" && isPunct(w[len(w)-1]) {
					ok = false // punctuation inside: not a phrase
					break
				}
				key = appendLower(key, w)
			}
			if !ok {
				continue
			}
			// strip trailing punctuation of the last word
			for len(key) > 0 && isPunct(key[len(key)-1]) {
				key = key[:len(key)-1]
			}
			for len(key) > 0 && isPunct(key[0]) {
				key = key[1:]
			}
			if c, ok := s.phrases[string(key)]; ok { // no allocation for the lookup
				best, canon = n, c
				break
			}
		}
		if best == 1 {
			out = append(out, sp[i])
			i++
			continue
		}
		out = append(out, span{start: sp[i].start, end: sp[i+best-1].end, id: canon})
		i += best
	}
	return out
}

func appendLower(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return append(dst, strings.ToLower(w)...)
		}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// errLang names the unsupported language, as callers log it verbatim.
func errLang(lang string) error {
	return fmt.Errorf("sentiment: unsupported language %q (supported: en, vi, ms)", lang)
}
