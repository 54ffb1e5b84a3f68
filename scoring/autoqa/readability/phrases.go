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
	// firstKeys and lastKeys filter first words by (length, first byte)
	// and (length, last byte) before the map lookup, since most words of a
	// transcript start no phrase.
	firstKeys, lastKeys [16][256]bool
}

// mayStart reports whether a phrase could start with the word w.
func (ps *phraseSet) mayStart(w []byte) bool {
	if len(w) >= len(ps.firstKeys) {
		return true
	}
	return ps.firstKeys[len(w)][w[0]] && ps.lastKeys[len(w)][w[len(w)-1]]
}

// scratch holds the per-call buffers of find; pooled because FindJargon and
// ChecksUnderstanding run on every agent turn.
type scratch struct {
	lower []byte
	toks  []token
	hits  []Match
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
			ps.firstKeys[len(first)][first[0]] = true
			ps.lastKeys[len(first)][first[len(first)-1]] = true
		}
	}
	for _, b := range ps.byFirst {
		sort.SliceStable(b, func(i, j int) bool { return len(b[i].words) > len(b[j].words) })
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
	return st, jargonSet.findIn(sc), checksSet.findIn(sc)
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
		if !ps.mayStart(first) {
			i++
			continue
		}
		cands := ps.byFirst[string(first)]
		var hit *phrase
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
			hit = p
			break
		}
		if hit == nil {
			i++
			continue
		}
		last := toks[i+len(hit.words)-1]
		out = append(out, Match{Start: toks[i].r0, End: last.r1, Term: hit.term, Plain: hit.plain, Kind: hit.kind})
		i += len(hit.words)
	}
	sc.hits = out
	if len(out) == 0 {
		return nil
	}
	// One exactly-sized result; the pooled hits keep their capacity.
	res := make([]Match, len(out))
	copy(res, out)
	return res
}
