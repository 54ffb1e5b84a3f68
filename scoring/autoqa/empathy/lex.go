package empathy

import (
	"bufio"
	"embed"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

//go:embed lexicon/*.txt
var lexiconFS embed.FS

// Cue kinds used inside lexicon files. The first five are reported as Cue
// kinds; the others steer how sentences are read and never appear in a Result.
const (
	kReaction   = "reaction"
	kInterp     = "interpretation"
	kExplore    = "exploration"
	kApology    = "apology"
	kGeneric    = "generic"
	kReflect    = "reflect"    // reflective frame: "it sounds like", "you must be"
	kRestate    = "restate"    // weak frame that only counts with the seeker's own words: "so you", "you said"
	kShare      = "share"      // shared experience: "me too", "I've been there"
	kQuestion   = "question"   // exploratory question opener, counts only in a question
	kRhetorical = "rhetorical" // a question that does not ask about the person
)

// elem is one position of a pattern: a set of accepted words, optionally
// skippable, or a gap of up to gapMax arbitrary words.
type elem struct {
	alts []int32  // word ids
	set  []uint64 // the same ids as a bitset, filled after parsing, for O(1) tests
	opt  bool
	gap  bool
}

const gapMax = 3

// pattern is one compiled lexicon line.
type pattern struct {
	elems   []elem
	kind    string
	section string // the lexicon section's name ("share", "personal", …), reported as Cue.Section
	level   int
	reason  string
	anchor  bool // must start at the first word of a sentence
	toEnd   bool // the evidence runs to the end of the sentence ("sorry your order arrived broken")
	sec     int  // 1 when the second element is a plain required word, else -1
}

// lexicon is the immutable, precompiled cue table of one language.
type lexicon struct {
	pats    []pattern
	vocab   map[string]int32 // every word a pattern uses
	info    *wordIndex       // pattern id and word-list flags of every listed word
	byFirst [][]int32        // word id → patterns starting with it
	// For first words that start many patterns, bySec[first][second]
	// lists (in order) the patterns whose plain second word is second, and
	// rest[first] those whose second element is optional, a gap or absent.
	bySec   [][][]int32
	rest    [][]int32
	stop    map[string]bool // function words ignored when comparing with the seeker
	you     map[string]bool // words that address the other person
	opener  map[string]bool // words that open a direct question
	self    map[string]bool // first-person words, for questions about the speaker
	service map[string]bool // agent-action words: "I have found your order" is not a shared experience
	data    map[string]bool // details an agent asks for: "postcode?" requests data, not experience
	request map[string]bool // verbs of asking ("share", "tell"): neutral when deciding whether a question asks for data
	minLen  int             // shortest content word, in bytes
}

// lexicons is filled once at init and only read afterwards, so Detect is
// safe for concurrent use.
var lexicons = map[string]*lexicon{}

func init() {
	for _, lang := range []string{"en", "vi", "ms"} {
		b, err := lexiconFS.ReadFile("lexicon/" + lang + ".txt")
		if err != nil {
			panic(err)
		}
		lx, err := parseLexicon(string(b))
		if err != nil {
			panic(fmt.Sprintf("empathy: lexicon/%s.txt: %v", lang, err))
		}
		lexicons[lang] = lx
	}
}

// parseLexicon reads the lexicon format documented in lexicon/en.txt.
func parseLexicon(src string) (*lexicon, error) {
	lx := &lexicon{vocab: map[string]int32{}, stop: map[string]bool{}, you: map[string]bool{},
		opener: map[string]bool{}, self: map[string]bool{}, service: map[string]bool{}, data: map[string]bool{}, request: map[string]bool{}, minLen: 3}
	var kind, section, reason string
	level := 0
	sc := bufio.NewScanner(strings.NewReader(src))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "!") {
			f := strings.Fields(line[1:])
			if len(f) == 0 {
				return nil, fmt.Errorf("line %d: empty list", n)
			}
			var set map[string]bool
			switch f[0] {
			case "stop":
				set = lx.stop
			case "you":
				set = lx.you
			case "opener":
				set = lx.opener
			case "self":
				set = lx.self
			case "service":
				set = lx.service
			case "data":
				set = lx.data
			case "request":
				set = lx.request
			case "minlen":
				v, err := strconv.Atoi(f[1])
				if err != nil {
					return nil, fmt.Errorf("line %d: %v", n, err)
				}
				lx.minLen = v
				continue
			default:
				return nil, fmt.Errorf("line %d: unknown list %q", n, f[0])
			}
			for _, w := range f[1:] {
				set[w] = true
			}
			continue
		}
		if strings.HasPrefix(line, "@") {
			f := strings.SplitN(line[1:], " ", 3)
			if len(f) < 3 {
				return nil, fmt.Errorf("line %d: want @kind level reason", n)
			}
			v, err := strconv.Atoi(f[1])
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			// "@share/personal" is a section of kind share named
			// personal: read like share, reported apart.
			kind, section, _ = strings.Cut(f[0], "/")
			if section == "" {
				section = kind
			}
			level, reason = v, f[2]
			continue
		}
		if kind == "" {
			return nil, fmt.Errorf("line %d: pattern before any @section", n)
		}
		p := pattern{kind: kind, section: section, level: level, reason: reason}
		words := strings.Fields(line)
		if words[0] == "^" {
			p.anchor, words = true, words[1:]
		}
		if len(words) > 0 && words[len(words)-1] == "+" {
			p.toEnd, words = true, words[:len(words)-1]
		}
		for _, w := range words {
			if w == "*" {
				p.elems = append(p.elems, elem{gap: true})
				continue
			}
			var e elem
			for _, a := range strings.Split(w, "|") {
				if a == "_" {
					e.opt = true
					continue
				}
				// Lexicon lines are written naturally ("I'm"); normalise them
				// exactly as the text is normalised.
				x, y := expand(strings.ReplaceAll(strings.ToLower(a), "’", "'"))
				if y != "" {
					return nil, fmt.Errorf("line %d: %q expands to two words; write them apart", n, a)
				}
				id, ok := lx.vocab[x]
				if !ok {
					id = int32(len(lx.vocab))
					lx.vocab[x] = id
					lx.byFirst = append(lx.byFirst, nil)
				}
				e.alts = append(e.alts, id)
			}
			p.elems = append(p.elems, e)
		}
		if len(p.elems) == 0 || p.elems[0].opt || p.elems[0].gap {
			return nil, fmt.Errorf("line %d: a pattern must start with a required word", n)
		}
		pid := int32(len(lx.pats))
		lx.pats = append(lx.pats, p)
		for _, a := range p.elems[0].alts {
			lx.byFirst[a] = append(lx.byFirst[a], pid)
		}
	}
	for pi := range lx.pats {
		p := &lx.pats[pi]
		p.sec = -1
		if len(p.elems) > 1 && !p.elems[1].gap && !p.elems[1].opt {
			p.sec = 1
		}
	}
	info := map[string]winfo{}
	for w, id := range lx.vocab {
		info[w] = winfo{id: id}
	}
	for _, l := range []struct {
		set  map[string]bool
		flag uint8
	}{{lx.stop, fStop}, {lx.you, fYou}, {lx.opener, fOpener}, {lx.self, fSelf}, {lx.service, fService}, {lx.data, fData}, {lx.request, fRequest}, {leadIns, fLead}} {
		for w, ok := range l.set {
			if !ok {
				continue
			}
			wi, found := info[w]
			if !found {
				wi.id = -1
			}
			wi.f |= l.flag
			info[w] = wi
		}
	}
	lx.info = newWordIndex(info)
	lx.bySec = make([][][]int32, len(lx.byFirst))
	lx.rest = make([][]int32, len(lx.byFirst))
	for f, pids := range lx.byFirst {
		if len(pids) < 8 {
			continue
		}
		bs := make([][]int32, len(lx.vocab))
		for _, pid := range pids {
			p := &lx.pats[pid]
			if p.sec < 0 {
				lx.rest[f] = append(lx.rest[f], pid)
				continue
			}
			seen := map[int32]bool{}
			for _, a := range p.elems[1].alts {
				if !seen[a] {
					seen[a] = true
					bs[a] = append(bs[a], pid)
				}
			}
		}
		lx.bySec[f] = bs
	}
	// Bitsets over the final vocabulary make each position test one load,
	// which matters because common first words ("i", "you", "that") start
	// dozens of patterns.
	words := len(lx.vocab)
	for pi := range lx.pats {
		for ei := range lx.pats[pi].elems {
			e := &lx.pats[pi].elems[ei]
			if e.gap {
				continue
			}
			e.set = make([]uint64, (words+63)/64)
			for _, a := range e.alts {
				e.set[a>>6] |= 1 << (a & 63)
			}
		}
	}
	return lx, sc.Err()
}

// matchElems reports the token index just after a match of es starting at
// token i, or -1. toks holds the word id of each token (-1 for words no
// pattern uses). Matches never cross a sentence boundary (end).
func matchElems(es []elem, toks []int32, i, end int) int {
	// Plain required words need no backtracking: test them in a loop.
	for len(es) > 0 && !es[0].gap && !es[0].opt {
		if i >= end {
			return -1
		}
		if w := toks[i]; w < 0 || es[0].set[w>>6]&(1<<(w&63)) == 0 {
			return -1
		}
		i++
		es = es[1:]
	}
	if len(es) == 0 {
		return i
	}
	e := &es[0]
	if e.gap {
		for k := 0; k <= gapMax && i+k <= end; k++ {
			if j := matchElems(es[1:], toks, i+k, end); j >= 0 {
				return j
			}
		}
		return -1
	}
	if i < end {
		if w := toks[i]; w >= 0 && e.set[w>>6]&(1<<(w&63)) != 0 {
			if j := matchElems(es[1:], toks, i+1, end); j >= 0 {
				return j
			}
		}
	}
	// e is optional.
	return matchElems(es[1:], toks, i, end)
}

// hit is one pattern match in a text, in token indices.
type hit struct {
	pat    *pattern
	t0, t1 int
	sent   int
}

// scan finds every pattern match in d, longest first at each position.
func (lx *lexicon) scan(d *doc, sc *scratch) []hit {
	out := sc.hits[:0]
	defer func() { sc.hits = out }()
	ids := sc.ids[:0]
	if cap(ids) < len(d.toks) {
		ids = make([]int32, len(d.toks))
		sc.ids = ids
	}
	ids = ids[:len(d.toks)]
	flags := sc.flags[:0]
	for i := range d.toks {
		w := d.word(i)
		wi, ok := lx.info.get(w)
		if !ok {
			wi.id = -1
		}
		ids[i] = wi.id
		flags = append(flags, wi.f)
	}
	sc.flags = flags
	for si := range d.sents {
		st := &d.sents[si]
		for i := st.t0; i < st.t1; i++ {
			if ids[i] < 0 {
				continue
			}
			pids := lx.byFirst[ids[i]]
			if bs := lx.bySec[ids[i]]; bs != nil {
				// Only the patterns whose second word is next can match.
				var l1 []int32
				if i+1 < st.t1 && ids[i+1] >= 0 {
					l1 = bs[ids[i+1]]
				}
				switch rest := lx.rest[ids[i]]; {
				case len(rest) == 0:
					pids = l1
				case len(l1) == 0:
					pids = rest
				default:
					sc.pids = mergePids(sc.pids[:0], l1, rest)
					pids = sc.pids
				}
			}
			for _, pid := range pids {
				p := &lx.pats[pid]
				if p.anchor && !atSentenceStart(flags, st, i) {
					continue
				}
				// The first word matched through byFirst; a plain second
				// word is tested here before the general matcher runs.
				k := i + 1
				if p.sec >= 0 {
					if k >= st.t1 {
						continue
					}
					w := ids[k]
					if w < 0 || p.elems[1].set[w>>6]&(1<<(w&63)) == 0 {
						continue
					}
					k++
				}
				if j := matchElems(p.elems[k-i:], ids, k, st.t1); j > i {
					out = append(out, hit{pat: p, t0: i, t1: j, sent: si})
				}
			}
		}
	}
	return out
}

// mergePids appends to dst the union of two ascending pattern lists, in
// order, as the patterns appear in the lexicon.
func mergePids(dst, a, b []int32) []int32 {
	for len(a) > 0 && len(b) > 0 {
		if a[0] <= b[0] {
			dst, a = append(dst, a[0]), a[1:]
		} else {
			dst, b = append(dst, b[0]), b[1:]
		}
	}
	dst = append(dst, a...)
	return append(dst, b...)
}

// leadIns are discourse words that may precede a sentence's real opening
// ("Oh, and how long…?", "So it sounds like…").
var leadIns = map[string]bool{"and": true, "but": true, "so": true, "oh": true, "hey": true, "well": true,
	"also": true, "just": true, "ok": true, "okay": true, "hi": true, "hello": true, "honestly": true,
	"then": true, "anyway": true, "btw": true, "now": true,
	"và": true, "nhưng": true, "vậy": true, "dạ": true, "vâng": true, "jadi": true, "dan": true, "tapi": true, "baik": true}

func atSentenceStart(flags []uint8, st *sentence, i int) bool {
	for k := st.t0; k < i; k++ {
		if flags[k]&fLead == 0 {
			return false
		}
	}
	return true
}

// wordMask is a cheap prefilter for a word set: a bit per (length, first
// byte, last byte) class. A clear bit proves the word is absent, so most
// words skip the map lookup (see hasBytes).
type wordMask [16][32]uint32

func (m *wordMask) add(w string) {
	if w == "" {
		return
	}
	m[min(len(w), 15)][w[0]&31] |= 1 << (w[len(w)-1] & 31)
}

// winfo is what a lexicon knows of one word: its pattern vocabulary id (-1
// if no pattern uses it) and the word lists holding it.
type winfo struct {
	id int32
	f  uint8
}

// Word-list flags.
const (
	fStop uint8 = 1 << iota
	fYou
	fOpener
	fSelf
	fService
	fLead
	fData    // a detail an agent asks for (postcode, model); see lexicon.data
	fRequest // a verb of asking (share, tell); see lexicon.request
)

// wordIndex is a read-only table from the lexicon's words to their winfo.
// Every token of every response is looked up, and a Go map spends about
// twice as long: it hashes the whole word and probes generically, while
// this table picks a bucket from the length and three bytes of the word,
// with no loop, and compares the one or two words sharing it.
type wordIndex struct {
	start [wiBuckets + 1]uint16 // bucket b holds ents[start[b]:start[b+1]]
	ents  []wentry
}

// wentry is one word of a wordIndex.
type wentry struct {
	w  string
	wi winfo
}

// wiBuckets is the number of wordIndex buckets: a power of two (wiBucket
// takes the top bits of a 32-bit hash) above the largest lexicon's ~600
// words, so buckets rarely hold more than one.
const wiBuckets = 1024

// wiBucket is the bucket of a non-empty word.
func wiBucket(w string) int {
	n := len(w)
	h := uint32(n)*0x9e3779b1 ^ uint32(w[0])*0x85ebca6b ^ uint32(w[n-1])*0xc2b2ae35 ^ uint32(w[n>>1])*0x27d4eb2f
	return int(h >> 22)
}

// newWordIndex builds the index of m.
func newWordIndex(m map[string]winfo) *wordIndex {
	x := &wordIndex{}
	var count [wiBuckets]int
	for w := range m {
		if w != "" {
			count[wiBucket(w)]++
		}
	}
	for b := range wiBuckets {
		x.start[b+1] = x.start[b] + uint16(count[b])
	}
	x.ents = make([]wentry, x.start[wiBuckets])
	var fill [wiBuckets]int
	// Sorted, so that the layout does not depend on map order.
	for _, w := range slices.Sorted(maps.Keys(m)) {
		if w == "" {
			continue
		}
		b := wiBucket(w)
		x.ents[int(x.start[b])+fill[b]] = wentry{w, m[w]}
		fill[b]++
	}
	return x
}

// get returns the winfo of w and whether w is in the index.
func (x *wordIndex) get(w string) (winfo, bool) {
	if w == "" {
		return winfo{}, false
	}
	b := wiBucket(w)
	for i, end := int(x.start[b]), int(x.start[b+1]); i < end; i++ {
		if e := &x.ents[i]; e.w == w {
			return e.wi, true
		}
	}
	return winfo{}, false
}
