package readability

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Match is one phrase found in a text, located by rune offsets [Start, End).
type Match struct {
	Start, End int
	// Term is the list entry that matched, as written in the list.
	Term string
	// Plain is the plainer alternative (empty for Kind "check").
	Plain string
	// Kind is "jargon", "wordy" or "check".
	Kind string
}

//go:embed jargon.txt
var jargonList string

//go:embed checks.txt
var checksList string

var (
	jargonSet = mustPhraseSet(jargonList, true)
	checksSet = mustPhraseSet(checksList, false)
)

// FindJargon finds jargon (contact-centre, telecom, IT and finance terms) and
// wordy phrases, each with a plainer alternative, from the embedded list
// jargon.txt. Matching is case-insensitive on whole words; where entries
// overlap, the longest one starting first wins, so "ticket number reference"
// is one match, not three. Matches never span a sentence break.
func FindJargon(text string) []Match { return jargonSet.find(text) }

// ChecksUnderstanding finds phrases where the agent checks that the customer
// understood ("does that make sense", "is that clear"), from the embedded list
// checks.txt, with Kind "check" and no Plain.
func ChecksUnderstanding(text string) []Match { return checksSet.find(text) }

// phrase is one parsed list entry.
type phrase struct {
	words             []string // lower-case word tokens
	term, plain, kind string
}

// phraseSet indexes phrases by their first word; each bucket is ordered
// longest first so that the first hit is the longest.
type phraseSet struct {
	byFirst map[string][]*phrase
	// slots holds byFirst as an open-addressing table probed with
	// wordHash: cheaper than the runtime's map for the short words of a
	// transcript, and the hash is computed once for both lists (findBoth).
	slots []firstSlot
	// firstKeys and lastKeys filter first words by (length, first byte)
	// and (length, last byte) before the lookup, since most words of a
	// transcript start no phrase; bit sets keep them to 512 bytes each.
	firstKeys, lastKeys [16][4]uint64
}

// firstSlot is one entry of phraseSet.slots; nil cands mark an empty one.
type firstSlot struct {
	w     string
	cands []*phrase
}

// mayStart reports whether a phrase could start with the word w.
func (ps *phraseSet) mayStart(w []byte) bool {
	if len(w) >= len(ps.firstKeys) {
		return true
	}
	a, z := w[0], w[len(w)-1]
	return ps.firstKeys[len(w)][a>>6]&(1<<(a&63)) != 0 && ps.lastKeys[len(w)][z>>6]&(1<<(z&63)) != 0
}

// lookup returns the phrases starting with the word w, whose wordHash is h.
func (ps *phraseSet) lookup(w []byte, h uint32) []*phrase {
	mask := uint32(len(ps.slots) - 1)
	for h &= mask; ; h = (h + 1) & mask {
		sl := &ps.slots[h]
		if sl.cands == nil || sl.w == string(w) {
			return sl.cands
		}
	}
}

// wordHash is FNV-1a.
func wordHash(w []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range w {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// scratch holds the per-call buffers of find; pooled because FindJargon and
// ChecksUnderstanding run on every agent turn.
type scratch struct {
	lower []byte
	toks  []token
	hits  []Match
	hits2 []Match // findBoth's second list
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// mustPhraseSet parses an embedded list; a malformed list is a programming
// error caught by any test, so it panics at init.
func mustPhraseSet(list string, withPlain bool) *phraseSet {
	ps, err := parsePhraseSet(list, withPlain)
	if err != nil {
		panic(err)
	}
	return ps
}

func parsePhraseSet(list string, withPlain bool) (*phraseSet, error) {
	ps := &phraseSet{byFirst: map[string][]*phrase{}}
	for n, line := range strings.Split(list, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := &phrase{term: line, kind: "check"}
		if withPlain {
			f := strings.Split(line, "|")
			if len(f) != 3 {
				return nil, fmt.Errorf("readability: list line %d: want term | plain | kind, got %q", n+1, line)
			}
			p.term, p.plain, p.kind = strings.TrimSpace(f[0]), strings.TrimSpace(f[1]), strings.TrimSpace(f[2])
			if p.kind != "jargon" && p.kind != "wordy" {
				return nil, fmt.Errorf("readability: list line %d: kind %q", n+1, p.kind)
			}
		}
		var lower []byte
		for _, t := range tokenize(p.term, &lower, nil) {
			p.words = append(p.words, string(lower[t.b0:t.b1]))
		}
		if len(p.words) == 0 {
			return nil, fmt.Errorf("readability: list line %d: no words in %q", n+1, p.term)
		}
		first := p.words[0]
		ps.byFirst[first] = append(ps.byFirst[first], p)
		if len(first) < len(ps.firstKeys) {
			a, z := first[0], first[len(first)-1]
			ps.firstKeys[len(first)][a>>6] |= 1 << (a & 63)
			ps.lastKeys[len(first)][z>>6] |= 1 << (z & 63)
		}
	}
	for _, b := range ps.byFirst {
		sort.SliceStable(b, func(i, j int) bool { return len(b[i].words) > len(b[j].words) })
	}
	size := 16
	for size < 4*len(ps.byFirst) {
		size *= 2
	}
	ps.slots = make([]firstSlot, size)
	for w, b := range ps.byFirst {
		h := wordHash([]byte(w)) & uint32(size-1)
		for ps.slots[h].cands != nil {
			h = (h + 1) & uint32(size-1)
		}
		ps.slots[h] = firstSlot{w: w, cands: b}
	}
	return ps, nil
}

// token is one word of a text: its lower-cased form is lower[b0:b1], its
// position in the text is runes [r0, r1), and brk says whether a sentence
// break (. ! ? ; : or a line break) lies between it and the previous word.
type token struct {
	b0, b1, r0, r1 int
	brk            bool
}

// tokenize splits text into words with the same word rules as Analyze,
// appending the lower-cased words (with ’ folded to ') to *lower.
func tokenize(text string, lower *[]byte, toks []token) []token {
	lw := *lower // a local slice header stays in registers
	runeIdx := 0
	brk := false
	var prevR rune
	for i := 0; i < len(text); {
		r, sz := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRuneInString(text[i:])
		}
		if !isWordRune(r) {
			switch {
			case isTerminator(r), isNewline(r), r == ';', r == ':':
				brk = true
			}
			i += sz
			runeIdx++
			continue
		}
		t := token{b0: len(lw), r0: runeIdx, brk: brk}
		brk = false
		for i < len(text) {
			if b := text[i]; 'a' <= b && b <= 'z' || '0' <= b && b <= '9' {
				lw = append(lw, b) // ASCII fast path
				prevR = rune(b)
				i++
				runeIdx++
				continue
			}
			c, sz := utf8.DecodeRuneInString(text[i:])
			ok := isWordRune(c)
			if !ok && i+sz < len(text) && (isApostrophe(c) || (c == '.' || c == ',') && isDigit(prevR)) {
				n, _ := utf8.DecodeRuneInString(text[i+sz:])
				ok = isApostrophe(c) && isWordRune(n) && !isDigit(n) || !isApostrophe(c) && isDigit(n)
			}
			if !ok {
				break
			}
			switch {
			case c < utf8.RuneSelf:
				b := byte(c)
				if 'A' <= b && b <= 'Z' {
					b += 'a' - 'A'
				}
				lw = append(lw, b)
			case c == '’':
				lw = append(lw, '\'')
			default:
				lw = utf8.AppendRune(lw, unicode.ToLower(c))
			}
			prevR = c
			i += sz
			runeIdx++
		}
		t.b1, t.r1 = len(lw), runeIdx
		toks = append(toks, t)
	}
	*lower = lw
	return toks
}

// AnalyzeAll returns Analyze(text), FindJargon(text) and
// ChecksUnderstanding(text) together, tokenising the text for the two
// phrase lists once: Clarity needs all three for every agent turn.
func AnalyzeAll(text string) (st Stats, jargon, checks []Match) {
	return analyzeAll(text, keepAll)
}

// AnalyzeAllLong is AnalyzeAll with Stats.SentenceSpans holding only the
// long sentences (over LongSentenceWords words), nil when there are none:
// Clarity quotes only those, and most turns have none, so it saves an
// allocation per turn.
func AnalyzeAllLong(text string) (st Stats, jargon, checks []Match) {
	return analyzeAll(text, keepLong)
}

// analyzeAll is AnalyzeAll keeping the spans keep says.
func analyzeAll(text string, keep int) (st Stats, jargon, checks []Match) {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.lower, sc.toks = sc.lower[:0], sc.toks[:0]
	scan(text, &st, nil, keep, sc) // also tokenises into sc
	jargon, checks = findBoth(sc)
	return st, jargon, checks
}

// appendLowerWord appends the word w (as consumed by scan) lower-cased the
// way tokenize does: ASCII folded, ’ as ', other runes by unicode.ToLower.
func appendLowerWord(dst []byte, w string) []byte {
	for i := 0; i < len(w); {
		c, sz := rune(w[i]), 1
		if c >= utf8.RuneSelf {
			c, sz = utf8.DecodeRuneInString(w[i:])
		}
		switch {
		case c < utf8.RuneSelf:
			b := byte(c)
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			dst = append(dst, b)
		case c == '’':
			dst = append(dst, '\'')
		default:
			dst = utf8.AppendRune(dst, unicode.ToLower(c))
		}
		i += sz
	}
	return dst
}

// find returns the non-overlapping matches of the set in text, left to right.
func (ps *phraseSet) find(text string) []Match {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.lower = sc.lower[:0]
	sc.toks = tokenize(text, &sc.lower, sc.toks[:0])
	return ps.findIn(sc)
}

// findIn is find on text already tokenised into sc.
func (ps *phraseSet) findIn(sc *scratch) []Match {
	lower, toks := sc.lower, sc.toks
	out := sc.hits[:0]
	for i := 0; i < len(toks); {
		first := lower[toks[i].b0:toks[i].b1]
		var hit *phrase
		if ps.mayStart(first) {
			hit = ps.longestAt(sc, i, ps.lookup(first, wordHash(first)))
		}
		if hit == nil {
			i++
			continue
		}
		out = appendMatch(out, toks, i, hit)
		i += len(hit.words)
	}
	sc.hits = out
	return exactCopy(out)
}

// findBoth is jargonSet.findIn and checksSet.findIn in one pass over the
// tokens, hashing each candidate first word once for both lists. Each
// list's scan is its own left-to-right walk (a list's match skips only
// that list ahead), exactly as two findIn calls.
func findBoth(sc *scratch) (jargon, checks []Match) {
	lower, toks := sc.lower, sc.toks
	outJ, outC := sc.hits[:0], sc.hits2[:0]
	nextJ, nextC := 0, 0 // the next token each list's walk looks at
	for i := range toks {
		first := lower[toks[i].b0:toks[i].b1]
		tryJ := i >= nextJ && jargonSet.mayStart(first)
		tryC := i >= nextC && checksSet.mayStart(first)
		if !tryJ && !tryC {
			continue
		}
		h := wordHash(first)
		if tryJ {
			if hit := jargonSet.longestAt(sc, i, jargonSet.lookup(first, h)); hit != nil {
				outJ = appendMatch(outJ, toks, i, hit)
				nextJ = i + len(hit.words)
			}
		}
		if tryC {
			if hit := checksSet.longestAt(sc, i, checksSet.lookup(first, h)); hit != nil {
				outC = appendMatch(outC, toks, i, hit)
				nextC = i + len(hit.words)
			}
		}
	}
	sc.hits, sc.hits2 = outJ, outC
	return exactCopy(outJ), exactCopy(outC)
}

// longestAt returns the first of cands (longest first) whose words follow
// token i without a sentence break, or nil.
func (ps *phraseSet) longestAt(sc *scratch, i int, cands []*phrase) *phrase {
	lower, toks := sc.lower, sc.toks
cand:
	for _, p := range cands {
		if i+len(p.words) > len(toks) {
			continue
		}
		for k := 1; k < len(p.words); k++ {
			t := toks[i+k]
			if t.brk || string(lower[t.b0:t.b1]) != p.words[k] {
				continue cand
			}
		}
		return p
	}
	return nil
}

// appendMatch appends the match of p starting at token i.
func appendMatch(out []Match, toks []token, i int, p *phrase) []Match {
	last := toks[i+len(p.words)-1]
	return append(out, Match{Start: toks[i].r0, End: last.r1, Term: p.term, Plain: p.plain, Kind: p.kind})
}

// exactCopy returns ms in one exactly-sized slice (nil when empty), so the
// pooled buffer keeps its capacity.
func exactCopy(ms []Match) []Match {
	if len(ms) == 0 {
		return nil
	}
	res := make([]Match, len(ms))
	copy(res, ms)
	return res
}
