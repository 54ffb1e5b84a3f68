package positive

import (
	"bufio"
	"embed"
	"fmt"
	"slices"
	"strings"
)

//go:embed lexicon/*.txt
var lexiconFS embed.FS

// entry is one compiled pattern: what to report when the words match and
// the conditions that rule a match out.
type entry struct {
	kind      string // "neg", "own" or "deflect"
	category  string
	template  string   // reframe template; empty means the category's
	opener    bool     // must be the first word of a sentence
	notNext   []string // ruled out when the next word is one of these
	notPrev   []string // ruled out when the previous word is one of these
	nWords    int
	lineNo    int
	lang      string
	rawSource string

	// Filled by lexicon.resolveEntries once the whole list is read (a
	// category's reason and reframe may come after its patterns), so that
	// every phrase found costs no map lookups: reason is the category's,
	// tpl the pattern's template or else the category's.
	reason, tpl string
}

// node is a word trie: matching walks it once per starting word, so the
// cost is one map lookup per word regardless of the number of patterns.
type node struct {
	next  map[string]*node
	entry *entry

	// The same children by word id (lexicon.vocab), filled once the list
	// is loaded: kids[k] is the child for word id ids[k]. A pattern node
	// has few children, so a linear search beats hashing the word again.
	ids  []int32
	kids []*node
}

// child returns the child for word id, or nil.
func (n *node) child(id int32) *node {
	for k, x := range n.ids {
		if x == id {
			return n.kids[k]
		}
	}
	return nil
}

// lexicon is everything loaded for one language.
type lexicon struct {
	tries     map[string]*node  // by kind
	reasons   map[string]string // by category
	templates map[string]string // by category
	patterns  int               // pattern lines, before expansion

	// first maps a word that starts a pattern to the kinds (kindBit) whose
	// trie it starts.
	first map[string]uint8

	// vocab numbers every word of every pattern; vocabLen is a cheap filter
	// in front of it (bit min(len,31) of vocabLen[w[0]] is set when some
	// pattern word has that first byte and length). firstByID is first by
	// word id, and roots[kind][id] is the root's child for word id.
	vocab     map[string]int32
	vocabLen  [256]uint32
	slots     []slot // vocab as an open-addressing table, for wordID
	firstByID []uint8
	roots     map[string][]*node

	// en marks the English list, whose reframes also get {after-ing} and
	// the "can't … until" rewrite.
	en bool
}

// wordID returns w's id in lx.vocab, or -1 when no pattern uses w.
func (lx *lexicon) wordID(w string) int32 {
	if w == "" || lx.vocabLen[w[0]]&(1<<min(len(w), 31)) == 0 {
		return -1
	}
	mask := uint32(len(lx.slots) - 1)
	for h := wordHash(w) & mask; ; h = (h + 1) & mask {
		sl := &lx.slots[h]
		if sl.id < 0 {
			return -1
		}
		if sl.w == w {
			return sl.id
		}
	}
}

// slot is one entry of the open-addressing table behind wordID; id -1
// marks an empty slot.
type slot struct {
	w  string
	id int32
}

// wordHash is FNV-1a: cheaper than the runtime's map hashing for the short
// words of a text, and the table is small and fixed.
func wordHash(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h
}

// indexWords numbers the patterns' words (in sorted order, so ids are
// deterministic) and fills the id-keyed children of every trie node.
func (lx *lexicon) indexWords() {
	seen := map[string]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		for w, c := range n.next {
			seen[w] = true
			walk(c)
		}
	}
	for _, root := range lx.tries {
		walk(root)
	}
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	slices.Sort(words)
	lx.vocab = make(map[string]int32, len(words))
	for i, w := range words {
		lx.vocab[w] = int32(i)
		if w != "" {
			lx.vocabLen[w[0]] |= 1 << min(len(w), 31)
		}
	}
	size := 16
	for size < 4*len(words) {
		size *= 2
	}
	lx.slots = make([]slot, size)
	for i := range lx.slots {
		lx.slots[i].id = -1
	}
	mask := uint32(size - 1)
	for i, w := range words {
		h := wordHash(w) & mask
		for lx.slots[h].id >= 0 {
			h = (h + 1) & mask
		}
		lx.slots[h] = slot{w: w, id: int32(i)}
	}
	lx.firstByID = make([]uint8, len(words))
	for w, m := range lx.first {
		lx.firstByID[lx.vocab[w]] = m
	}
	var fill func(n *node)
	fill = func(n *node) {
		ws := make([]string, 0, len(n.next))
		for w := range n.next {
			ws = append(ws, w)
		}
		slices.Sort(ws)
		n.ids, n.kids = nil, nil
		for _, w := range ws {
			n.ids = append(n.ids, lx.vocab[w])
			n.kids = append(n.kids, n.next[w])
			fill(n.next[w])
		}
	}
	lx.roots = map[string][]*node{}
	for kind, root := range lx.tries {
		fill(root)
		dense := make([]*node, len(words))
		for k, id := range root.ids {
			dense[id] = root.kids[k]
		}
		lx.roots[kind] = dense
	}
}

// resolveEntries fills every trie entry's reason and tpl from the
// category tables.
func (lx *lexicon) resolveEntries() {
	var walk func(n *node)
	walk = func(n *node) {
		if e := n.entry; e != nil {
			e.reason = lx.reasons[e.category]
			e.tpl = e.template
			if e.tpl == "" {
				e.tpl = lx.templates[e.category]
			}
		}
		for _, c := range n.next {
			walk(c)
		}
	}
	for _, root := range lx.tries {
		walk(root)
	}
}

// kindBit numbers the pattern kinds for lexicon.first.
func kindBit(kind string) uint8 {
	switch kind {
	case "neg":
		return 1
	case "own":
		return 2
	case "deflect":
		return 4
	}
	return 8
}

// indexFirstWords fills lx.first from the tries.
func (lx *lexicon) indexFirstWords() {
	lx.first = map[string]uint8{}
	for kind, root := range lx.tries {
		for w := range root.next {
			lx.first[w] |= kindBit(kind)
		}
	}
}

// lexicons holds the compiled lists. It is built once at start-up and only
// read afterwards, so concurrent use is safe.
var lexicons = mustLoadLexicons()

func mustLoadLexicons() map[string]*lexicon {
	out := map[string]*lexicon{}
	for _, lang := range []string{"en", "vi", "ms"} {
		b, err := lexiconFS.ReadFile("lexicon/" + lang + ".txt")
		if err != nil {
			panic(err)
		}
		lx, err := parseLexicon(lang, string(b))
		if err != nil {
			panic(fmt.Sprintf("positive: lexicon/%s.txt: %v", lang, err))
		}
		out[lang] = lx
	}
	return out
}

// parseLexicon reads the tab-separated list format described in the
// header of lexicon/en.txt.
func parseLexicon(lang, src string) (*lexicon, error) {
	lx := &lexicon{tries: map[string]*node{}, reasons: map[string]string{}, templates: map[string]string{}}
	sc := bufio.NewScanner(strings.NewReader(src))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		switch f[0] {
		case "reason":
			if len(f) != 3 {
				return nil, fmt.Errorf("line %d: reason wants 3 fields", n)
			}
			lx.reasons[f[1]] = f[2]
		case "reframe":
			if len(f) != 3 {
				return nil, fmt.Errorf("line %d: reframe wants 3 fields", n)
			}
			lx.templates[f[1]] = f[2]
		case "neg", "own", "deflect":
			if len(f) < 3 {
				return nil, fmt.Errorf("line %d: pattern wants kind, category, words", n)
			}
			e := &entry{kind: f[0], category: f[1], lineNo: n, lang: lang, rawSource: f[2]}
			if len(f) > 3 {
				for _, o := range strings.Fields(f[3]) {
					switch {
					case o == "^":
						e.opener = true
					case strings.HasPrefix(o, "!"):
						e.notNext = append(e.notNext, o[1:])
					case strings.HasPrefix(o, "<"):
						e.notPrev = append(e.notPrev, o[1:])
					default:
						return nil, fmt.Errorf("line %d: unknown option %q", n, o)
					}
				}
			}
			if len(f) > 4 {
				e.template = f[4]
			}
			lx.patterns++
			root := lx.tries[e.kind]
			if root == nil {
				root = &node{}
				lx.tries[e.kind] = root
			}
			for _, words := range expand(f[2]) {
				for _, v := range apostropheVariants(words) {
					insert(root, v, e)
				}
			}
		default:
			return nil, fmt.Errorf("line %d: unknown record %q", n, f[0])
		}
	}
	lx.indexFirstWords()
	lx.indexWords()
	lx.resolveEntries()
	lx.en = lang == "en"
	return lx, sc.Err()
}

// insert adds one word sequence to the trie. The first pattern to claim a
// sequence wins, so lists read top to bottom.
func insert(root *node, words []string, e *entry) {
	n := root
	for _, w := range words {
		if n.next == nil {
			n.next = map[string]*node{}
		}
		c := n.next[w]
		if c == nil {
			c = &node{}
			n.next[w] = c
		}
		n = c
	}
	if n.entry == nil {
		cp := *e
		cp.nWords = len(words)
		n.entry = &cp
	}
}

// expand turns "i (can't|cannot|am unable to) help" into every word
// sequence it stands for. Groups do not nest; that keeps the lists
// readable.
func expand(p string) [][]string {
	out := [][]string{nil}
	for p = strings.TrimSpace(p); p != ""; p = strings.TrimSpace(p) {
		var alts []string
		if p[0] == '(' {
			end := strings.IndexByte(p, ')')
			if end < 0 {
				end = len(p) - 1
			}
			alts = strings.Split(p[1:end], "|")
			p = p[end+1:]
		} else {
			end := strings.IndexAny(p, " (")
			if end < 0 {
				end = len(p)
			}
			alts = []string{p[:end]}
			p = p[end:]
		}
		var next [][]string
		for _, prefix := range out {
			for _, a := range alts {
				seq := append([]string(nil), prefix...)
				for _, w := range strings.Fields(normaliseWords(a)) {
					// "i (will|'ll)": a word starting with an apostrophe is
					// a clitic and joins the previous word, as tokenize does.
					if strings.HasPrefix(w, "'") && len(seq) > 0 {
						seq[len(seq)-1] += w
						continue
					}
					seq = append(seq, w)
				}
				next = append(next, seq)
			}
		}
		out = next
	}
	return out
}

// normaliseWords lower-cases and maps apostrophes the way tokenize does, so
// list authors may write either ' or ’.
func normaliseWords(s string) string {
	return strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return '\''
		}
		return r
	}, strings.ToLower(s))
}

// apostropheVariants also accepts "cant", "dont", "wont" for "can't",
// "don't", "won't": agents type fast in chat. Only n't contractions get
// this, because "we'll"/"well" and "it's"/"its" would collide with other
// words.
func apostropheVariants(words []string) [][]string {
	out := [][]string{words}
	changed := false
	alt := make([]string, len(words))
	for i, w := range words {
		alt[i] = w
		if strings.HasSuffix(w, "n't") {
			alt[i] = strings.TrimSuffix(w, "n't") + "nt"
			changed = true
		}
	}
	if changed {
		out = append(out, alt)
	}
	return out
}
