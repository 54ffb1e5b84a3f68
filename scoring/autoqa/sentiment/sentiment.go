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

// token is one whitespace-separated word of the text with every lookup
// done once, so the rule passes below only read fields.
type token struct {
	raw      string // punctuation-stripped word, original case
	start    int    // byte offsets of the unstripped word in the text
	end      int
	low      string  // lower-cased raw
	val      float64 // lexicon valence when inLex
	boost    float64 // booster/dampener value when isBoost
	post     float64 // post-position booster value when isPost (vi, ms)
	inLex    bool
	isBoost  bool
	isPost   bool
	neg      bool // negator, or (English) contains "n't"
	upper    bool // Python str.isupper(): has a cased letter, none lower case
	idiom    bool // part of some special-case or booster n-gram
	contrast bool // "but" or an equivalent
}

// scratch is Score's working memory, pooled so that a short turn neither
// allocates nor clears a large stack array.
type scratch struct {
	toks  []token
	sents []float64
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{toks: make([]token, 0, 64), sents: make([]float64, 0, 64)}
}}

// maxPooledTokens bounds what a pooled scratch keeps, so that one huge text
// does not pin its buffers.
const maxPooledTokens = 4096

// Score returns the valence scores of text.
func (a *Analyzer) Score(text string) Scores {
	s := a.spec
	sc := scratchPool.Get().(*scratch)
	defer func() {
		if cap(sc.toks) <= maxPooledTokens {
			// The tokens are not cleared: clearing them cost more than
			// tokenising (write barriers on every string), and the texts
			// they point into are kept at most until the next Score or
			// until the GC drops the pool, two cycles later.
			sc.toks = sc.toks[:0]
			scratchPool.Put(sc)
		}
	}()
	var info textInfo
	toks := s.tokenize(text, sc.toks[:0], &info)
	sc.toks = toks
	if s.emoji != nil && info.nonASCII {
		// Emoji become words: tokenize the replaced text instead. Rare in
		// chat turns, so the ASCII common case makes one pass.
		if r := s.replaceEmoji(text); r != text {
			text = r
			info = textInfo{}
			toks = s.tokenize(text, sc.toks[:0], &info)
			sc.toks = toks
		}
	}
	if len(toks) == 0 {
		return Scores{}
	}
	sents := sc.sents[:0]
	for i := range toks {
		t := &toks[i]
		switch {
		case t.isBoost || t.isPost:
			// Modifiers carry no valence of their own.
			sents = append(sents, 0)
		case s.english && i < len(toks)-1 && t.low == "kind" && toks[i+1].low == "of":
			sents = append(sents, 0)
		default:
			sents = append(sents, s.valence(toks, i))
		}
	}
	sc.sents = sents
	s.butCheck(toks, sents)
	return scoreValence(sents, punctuationEmphasis(info.exclaim, info.question))
}

// valence is VADER's sentiment_valence for toks[i].
func (s *langSpec) valence(toks []token, i int) float64 {
	t := &toks[i]
	if !t.inLex {
		return 0
	}
	v := t.val
	// "no" before another lexicon word is a negator, not a sentiment word.
	if s.english && t.low == "no" && i != len(toks)-1 && toks[i+1].inLex {
		v = 0
	}
	if s.english && ((i > 0 && toks[i-1].low == "no") ||
		(i > 1 && toks[i-2].low == "no") ||
		(i > 2 && toks[i-3].low == "no" && (toks[i-1].low == "or" || toks[i-1].low == "nor"))) {
		v = t.val * negScalar
	}
	if t.upper && s.capDiff(toks) {
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
		for j := i + 1; j < len(toks) && j <= i+2 && toks[j].isPost; j++ {
			v += s.scalar(&toks[j], v, toks)
		}
	}
	for start := 0; start < 3; start++ {
		j := i - (start + 1)
		if j < 0 || toks[j].inLex {
			continue
		}
		sc := s.scalar(&toks[j], v, toks)
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
func (s *langSpec) scalar(b *token, v float64, toks []token) float64 {
	var sc float64
	switch {
	case b.isBoost:
		sc = b.boost
	case b.isPost:
		sc = b.post
	default:
		return 0
	}
	if v < 0 {
		sc = -sc
	}
	if b.upper && s.capDiff(toks) {
		if v > 0 {
			sc += capsIncr
		} else {
			sc -= capsIncr
		}
	}
	return sc
}

// capDiff reports whether some but not all words are ALL CAPS; only then is
// capitalisation emphasis rather than shouting or an acronym-only text.
// Computed lazily because most texts have no upper-case sentiment word.
func (s *langSpec) capDiff(toks []token) bool {
	n := 0
	for i := range toks {
		if toks[i].upper {
			n++
		}
	}
	d := len(toks) - n
	return d > 0 && d < len(toks)
}

// negationCheck is VADER's _negation_check for the word start+1 positions
// before toks[i]. The "never so/this" clause follows the reference's
// intent (both words must match) rather than its operator-precedence slip.
func (s *langSpec) negationCheck(v float64, toks []token, start, i int) float64 {
	switch start {
	case 0:
		if toks[i-1].neg {
			return v * negScalar
		}
	case 1:
		switch {
		case s.english && toks[i-2].low == "never" && (toks[i-1].low == "so" || toks[i-1].low == "this"):
			return v * neverSoScale
		case s.english && toks[i-2].low == "without" && toks[i-1].low == "doubt":
			return v
		case toks[i-2].neg:
			return v * negScalar
		}
	case 2:
		switch {
		case s.english && toks[i-3].low == "never" &&
			(toks[i-2].low == "so" || toks[i-2].low == "this" || toks[i-1].low == "so" || toks[i-1].low == "this"):
			return v * neverSoScale
		case s.english && toks[i-3].low == "without" && (toks[i-2].low == "doubt" || toks[i-1].low == "doubt"):
			return v
		case toks[i-3].neg:
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
	w := func(k int) string { return toks[k].low }
	f := func(k int) bool { return toks[k].idiom }
	look := func(m map[[3]string]float64, ok bool, a, b, c string) (float64, bool) {
		if !ok {
			return 0, false
		}
		x, found := m[[3]string{a, b, c}]
		return x, found
	}
	seqs := [...]struct {
		ok      bool
		a, b, c string
	}{
		{f(i-1) && f(i), w(i - 1), w(i), ""},
		{f(i-2) && f(i-1) && f(i), w(i - 2), w(i - 1), w(i)},
		{f(i-2) && f(i-1), w(i - 2), w(i - 1), ""},
		{f(i-3) && f(i-2) && f(i-1), w(i - 3), w(i - 2), w(i - 1)},
		{f(i-3) && f(i-2), w(i - 3), w(i - 2), ""},
	}
	for _, q := range seqs {
		if x, ok := look(s.special, q.ok, q.a, q.b, q.c); ok {
			v = x
			break
		}
	}
	if len(toks)-1 > i {
		if x, ok := look(s.special, f(i) && f(i+1), w(i), w(i+1), ""); ok {
			v = x
		}
	}
	if len(toks)-1 > i+1 {
		if x, ok := look(s.special, f(i) && f(i+1) && f(i+2), w(i), w(i+1), w(i+2)); ok {
			v = x
		}
	}
	for _, q := range [...]int{3, 4, 2} { // threetwoone, threetwo, twoone
		if x, ok := look(s.boostGrams, seqs[q].ok, seqs[q].a, seqs[q].b, seqs[q].c); ok {
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
	if i > 1 && !toks[i-1].inLex && toks[i-1].low == "least" {
		if toks[i-2].low != "at" && toks[i-2].low != "very" {
			v *= negScalar
		}
	} else if i > 0 && !toks[i-1].inLex && toks[i-1].low == "least" {
		v *= negScalar
	}
	return v
}

// butCheck is VADER's _but_check: after a contrastive conjunction the
// second clause dominates. Only the first one counts, as in VADER.
func (s *langSpec) butCheck(toks []token, sents []float64) {
	bi := -1
	for i := range toks {
		if toks[i].contrast {
			bi = i
			break
		}
	}
	if bi < 0 {
		return
	}
	for i := range sents {
		switch {
		case i < bi:
			sents[i] *= butBefore
		case i > bi:
			sents[i] *= butAfter
		}
	}
}

// scoreValence is VADER's score_valence: punctuation emphasis, the compound
// normalisation and the pos/neg/neu proportions.
func scoreValence(sents []float64, amp float64) Scores {
	var sum float64
	for _, v := range sents {
		sum += v
	}
	if sum > 0 {
		sum += amp
	} else if sum < 0 {
		sum -= amp
	}
	compound := sum / math.Sqrt(sum*sum+alpha)
	compound = max(-1, min(1, compound))

	var pos, neg, neu float64
	for _, v := range sents {
		switch {
		case v > 0:
			pos += v + 1 // +1 compensates for neutral words counted as 1
		case v < 0:
			neg += v - 1
		default:
			neu++
		}
	}
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

// isPunct reports whether c is in Python's string.punctuation, which is what
// VADER strips from word edges.
func isPunct(c byte) bool {
	return c < utf8.RuneSelf && punctTable[c]
}

var punctTable = func() (t [utf8.RuneSelf]bool) {
	for _, c := range []byte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") {
		t[c] = true
	}
	return t
}()

// textInfo is what tokenize notes about the whole text on its one pass.
type textInfo struct {
	nonASCII          bool
	exclaim, question int // counts of '!' and '?'
}

// Byte classes for tokenize's ASCII fast path.
const (
	clsOther = iota
	clsSpace
	clsExclaim
	clsQuestion
)

var byteClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		if isSpaceByte(byte(c)) {
			t[c] = clsSpace
		}
	}
	t['!'], t['?'] = clsExclaim, clsQuestion
	return t
}()

// isSpaceByte matches Python's str.split() whitespace in ASCII, which
// includes the \x1c–\x1f separators.
func isSpaceByte(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)
}

// tokenize splits text on whitespace, strips edge punctuation as VADER does
// (only when at least 3 characters remain, which keeps emoticons such as
// ":)" whole), and resolves every lookup for each word once.
func (s *langSpec) tokenize(text string, toks []token, info *textInfo) []token {
	i := 0
	for i < len(text) {
		// skip whitespace
		for i < len(text) {
			c := text[i]
			if c < utf8.RuneSelf {
				if byteClass[c] != clsSpace {
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
		if i >= len(text) {
			break
		}
		start := i
		for i < len(text) {
			c := text[i]
			if c < utf8.RuneSelf {
				switch byteClass[c] {
				case clsOther:
				case clsSpace:
					goto end
				case clsExclaim:
					info.exclaim++
				case clsQuestion:
					info.question++
				}
				i++
				continue
			}
			info.nonASCII = true
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				break
			}
			i += n
		}
	end:
		toks = append(toks, token{raw: text[start:i], start: start, end: i})
	}
	if s.maxPhrase > 1 {
		toks = s.mergePhrases(text, toks)
	}
	for k := range toks {
		s.resolve(&toks[k])
	}
	return toks
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
	var kb [maxKey]byte
	var e word
	if n, _, h, ok := lowerASCII(kb[:], w); ok {
		if s.mayKnow(h) {
			e = s.words[string(kb[:n])]
		}
	} else {
		e = s.words[lower(w)]
	}
	if e.flags&fLex != 0 {
		return 0, len(w)
	}
	return a, b
}

// lower lower-cases w, without allocating when it is already lower case
// ASCII (the common case).
func lower(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(w)
		}
	}
	return w
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

// maxKey bounds the stack buffer an ASCII word is lower-cased into for its
// lookup; longer words take the allocating path.
const maxKey = 64

// resolve fills in a token's lookups. An ASCII word is lower-cased into a
// stack buffer and looked up without allocating; its low is then the
// lexicon's own key, or the word itself when it is already lower case. A
// word in no list that has upper-case letters gets an empty low: the rules
// only compare low with words that are indexed (ruleWords), so no rule can
// tell the difference.
func (s *langSpec) resolve(t *token) {
	var w word
	if t.low != "" { // a merged phrase, already in canonical form
		w = s.words[t.low]
		t.neg = s.english && strings.Contains(t.low, "n't")
	} else {
		a, b := s.stripWord(t.raw)
		t.raw = t.raw[a:b]
		var kb [maxKey]byte
		if n, hasUpper, h, ok := lowerASCII(kb[:], t.raw); ok {
			key := kb[:n]
			if s.mayKnow(h) {
				w = s.words[string(key)] // no allocation for the lookup
			}
			switch {
			case w.key != "":
				t.low = w.key
			case !hasUpper:
				t.low = t.raw
			}
			t.neg = s.english && containsNT(key)
		} else {
			t.low = lower(t.raw)
			w = s.words[t.low]
			t.neg = s.english && strings.Contains(t.low, "n't")
		}
	}
	t.upper = isUpper(t.raw)
	f := w.flags
	t.val, t.inLex = w.val, f&fLex != 0
	t.boost, t.isBoost = w.boost, f&fBoost != 0
	t.post, t.isPost = w.post, f&fPost != 0
	t.neg = t.neg || f&fNeg != 0
	t.idiom = f&fIdiom != 0
	t.contrast = f&fContrast != 0
}

// lowerASCII lower-cases w into dst when w is ASCII and fits, reporting
// its length, whether it had upper-case letters and keyHash of the result.
func lowerASCII(dst []byte, w string) (n int, hasUpper bool, h uint64, ok bool) {
	if len(w) > len(dst) {
		return 0, false, 0, false
	}
	h = fnvOffset
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return 0, false, 0, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
			hasUpper = true
		}
		dst[i] = c
		h = (h ^ uint64(c)) * fnvPrime
	}
	return len(w), hasUpper, h, true
}

// containsNT reports whether w contains "n't".
func containsNT(w []byte) bool {
	for i := 0; i+2 < len(w); i++ {
		if w[i] == 'n' && w[i+1] == '\'' && w[i+2] == 't' {
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
func (s *langSpec) mergePhrases(text string, toks []token) []token {
	out := toks[:0]
	var kb [128]byte
	for i := 0; i < len(toks); {
		best, canon := 1, ""
		for n := min(s.maxPhrase, len(toks)-i); n >= 2; n-- {
			key := kb[:0]
			ok := true
			for k := i; k < i+n; k++ {
				w := toks[k].raw
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
			out = append(out, toks[i])
			i++
			continue
		}
		a, b := toks[i].start, toks[i+best-1].end
		out = append(out, token{raw: text[a:b], low: canon, start: a, end: b})
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
