package sentiment

import (
	"bufio"
	"embed"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed lexicons/*.txt
var lexiconFS embed.FS

// langSpec is everything Score needs for one language, built once and
// read-only afterwards.
type langSpec struct {
	english    bool                  // VADER's English-only rules ("no", "least", idioms, "n't")
	lex        map[string]float64    // lower-cased word or phrase → valence (−4…+4)
	boost      map[string]float64    // boosters (+) and dampeners (−) before a word
	postBoost  map[string]float64    // boosters after a word (vi, ms)
	negate     map[string]struct{}   // negators
	contrast   map[string]struct{}   // "but" and its equivalents
	special    map[[3]string]float64 // special-case idioms (English), by word
	boostGrams map[[3]string]float64 // multi-word boosters ("kind of"), by word
	idiomWords map[string]struct{}   // every word of special and boostGrams keys
	emoji      map[rune]string       // emoji → description (English)
	phrases    map[string]uint32     // multi-word keys of any list → their entry
	maxPhrase  int                   // longest phrase in words
	hasPost    bool                  // any post-position boosters

	// entries merges every per-word list above into one record per
	// lower-cased word or phrase, so that Score does one lookup per token
	// and tokens refer to words by index; the lists are kept for loading.
	// entries[0] is the empty record of a word in no list.
	entries []entry
	// slots is an open-addressing hash table over entries (linear probing,
	// index 0 = empty slot), keyed by keyHash. It replaces a Go map because
	// the lookup then hashes and compares the word's bytes case-folded in
	// place (findLower), one pass over the word, where the map needed a
	// lower-cased copy, a Bloom hash of it and its own hash and compare.
	slots     []uint32
	slotShift uint // slots is indexed by slot(h), the top bits of a remix of h
	// known is a Bloom filter over the keys of entries, so that the common
	// word in no list skips the table probe, which would mostly miss the
	// cache. It has no false negatives. It is blocked: a key's two bits are
	// in one 64-bit word (knownMask), so a test is one load.
	known *[knownBits / 64]uint64
	// rule holds the entries of the words the English rules test by text.
	rule ruleIDs
	// specialIDs and boostGramIDs are special and boostGrams keyed by
	// entry index (0 for a missing third word), as the rules see tokens.
	specialIDs, boostGramIDs map[[3]uint32]float64
}

// ruleIDs are the entry indexes of ruleWords, so that the rules compare a
// token's index instead of its text.
type ruleIDs struct {
	no, or, nor, never, so, this, without, doubt, least, at, very, kind, of uint32
}

// ruleWords are the words that sentiment.go's English rules test by text;
// ruleIDs has a field for each.
var ruleWords = []string{"no", "or", "nor", "never", "so", "this", "without", "doubt", "least", "at", "very", "kind", "of"}

// entry is everything known about one lower-cased word or phrase.
type entry struct {
	key              string
	hash             uint64 // keyHash(key)
	val, boost, post float64
	flags            uint8
}

const (
	fLex uint8 = 1 << iota
	fBoost
	fPost
	fNeg
	fContrast
	fIdiom
)

// index builds s.entries, the hash table over them, the Bloom filter and
// the index-keyed copies of the n-gram maps from the per-list maps.
func (s *langSpec) index() *langSpec {
	words := make(map[string]entry, len(s.lex)+len(s.boost)+len(s.negate))
	get := func(k string, f uint8) entry {
		w := words[k]
		w.flags |= f
		return w
	}
	for k, v := range s.lex {
		w := get(k, fLex)
		w.val = v
		words[k] = w
	}
	for k, v := range s.boost {
		w := get(k, fBoost)
		w.boost = v
		words[k] = w
	}
	for k, v := range s.postBoost {
		w := get(k, fPost)
		w.post = v
		words[k] = w
	}
	for k := range s.negate {
		words[k] = get(k, fNeg)
	}
	for k := range s.contrast {
		words[k] = get(k, fContrast)
	}
	for k := range s.idiomWords {
		words[k] = get(k, fIdiom)
	}
	if s.english {
		// Indexed (without flags) so that the rules can recognise every
		// token equal to one of them by its entry.
		for _, k := range ruleWords {
			words[k] = get(k, 0)
		}
	}
	// Sorted, so that the table's layout does not change between runs.
	keys := slices.Sorted(maps.Keys(words))
	s.entries = make([]entry, 1, len(keys)+1)
	size := 16
	for size < 2*len(keys) { // load factor at most 1/2: short probes
		size *= 2
	}
	s.slots = make([]uint32, size)
	s.slotShift = uint(64 - bits.TrailingZeros(uint(size)))
	s.known = new([knownBits / 64]uint64)
	for _, k := range keys {
		w := words[k]
		w.key, w.hash = k, keyHash(k)
		id := uint32(len(s.entries))
		s.entries = append(s.entries, w)
		j := s.slot(w.hash)
		for s.slots[j] != 0 {
			j = (j + 1) & uint64(size-1)
		}
		s.slots[j] = id
		i, m := knownMask(w.hash)
		s.known[i] |= m
	}
	if s.english {
		r := &s.rule
		for i, p := range []*uint32{&r.no, &r.or, &r.nor, &r.never, &r.so, &r.this, &r.without,
			&r.doubt, &r.least, &r.at, &r.very, &r.kind, &r.of} {
			*p = s.lookup(ruleWords[i])
		}
	}
	byID := func(m map[[3]string]float64) map[[3]uint32]float64 {
		out := make(map[[3]uint32]float64, len(m))
		for k, v := range m {
			var ids [3]uint32
			for i, w := range k {
				if w != "" {
					ids[i] = s.lookup(w)
				}
			}
			out[ids] = v
		}
		return out
	}
	s.specialIDs, s.boostGramIDs = byID(s.special), byID(s.boostGrams)
	for k := range s.phrases {
		s.phrases[k] = s.lookup(k)
	}
	s.hasPost = len(s.postBoost) > 0
	return s
}

// lookup returns the entry index of the exact key k, or 0.
func (s *langSpec) lookup(k string) uint32 {
	h := keyHash(k)
	if !s.mayKnow(h) {
		return 0
	}
	return s.find(h, k, false)
}

// find probes the table for key with keyHash h. When fold is set, key is
// ASCII and is compared as if lower-cased (h must be the hash of the
// lower-cased bytes), which spares the caller a lower-cased copy.
func (s *langSpec) find(h uint64, key string, fold bool) uint32 {
	mask := uint64(len(s.slots) - 1)
	for j := s.slot(h); ; j = (j + 1) & mask {
		id := s.slots[j]
		if id == 0 {
			return 0
		}
		e := &s.entries[id]
		if e.hash != h || len(e.key) != len(key) {
			continue
		}
		if fold {
			if equalLowerASCII(key, e.key) {
				return id
			}
		} else if e.key == key {
			return id
		}
	}
}

// slot is the first slot to probe for keyHash h. FNV-1a's top bits are
// poorly mixed for short keys (probe chains of hundreds of slots), so h is
// multiplied by the 64-bit golden ratio first (Fibonacci hashing).
func (s *langSpec) slot(h uint64) uint64 {
	return (h * 0x9E3779B97F4A7C15) >> s.slotShift
}

// equalLowerASCII reports whether the ASCII word w lower-cased equals key,
// which has the same length.
func equalLowerASCII(w, key string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != key[i] {
			return false
		}
	}
	return true
}

// knownBits is the size of the Bloom filter over the word index: 2^17 bits
// (16 KB) for about 7,600 English keys gives about 1.5 % false positives.
const knownBits = 64 << knownWordBits

const knownWordBits = 11 // log2 of the filter's 64-bit words

// knownMask is the word of the Bloom filter for keyHash h and the two bits
// to test in it, all from the top bits of h times the golden ratio,
// because FNV-1a's low bits are poorly mixed.
func knownMask(h uint64) (int, uint64) {
	f := h * 0x9E3779B97F4A7C15
	const w = knownWordBits
	return int(f >> (64 - w)), 1<<(f>>(64-w-6)&63) | 1<<(f>>(64-w-12)&63)
}

// keyHash is 64-bit FNV-1a: byte-serial, so that findLower can hash a word
// as if lower-cased without copying it.
func keyHash(k string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(k); i++ {
		h = (h ^ uint64(k[i])) * fnvPrime
	}
	return h
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mayKnow reports whether a key with keyHash h can be in s.entries; false
// means it is not.
func (s *langSpec) mayKnow(h uint64) bool {
	i, m := knownMask(h)
	return s.known[i]&m == m
}

var specLoaders = map[string]func() (*langSpec, error){
	"en": sync.OnceValues(loadEnglish),
	"vi": sync.OnceValues(func() (*langSpec, error) { return loadSectioned("lexicons/vi.txt") }),
	"ms": sync.OnceValues(func() (*langSpec, error) { return loadSectioned("lexicons/ms.txt") }),
}

func loadSpec(lang string) (*langSpec, error) {
	load, ok := specLoaders[lang]
	if !ok {
		return nil, errLang(lang)
	}
	return load()
}

// VADER's word lists (vaderSentiment 3.3.2, MIT, Copyright (c) 2016 C.J.
// Hutto), kept in code as in the reference because the rules name them.
var (
	vaderNegate = []string{
		"aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
		"ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
		"dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
		"don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
		"neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
		"oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
		"oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
		"without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite"}
	vaderBoostUp = []string{
		"absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
		"decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially",
		"exceptional", "exceptionally", "extreme", "extremely", "fabulously", "flipping",
		"flippin", "frackin", "fracking", "fricking", "frickin", "frigging", "friggin", "fully",
		"fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
		"incredible", "incredibly", "intensely", "major", "majorly", "more", "most", "particularly",
		"purely", "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total",
		"totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually", "utter",
		"utterly", "very"}
	vaderBoostDown = []string{
		"almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of",
		"less", "little", "marginal", "marginally", "occasional", "occasionally", "partly",
		"scarce", "scarcely", "slight", "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of"}
	vaderSpecial = map[string]float64{
		"the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0,
		"yeah right": -2, "kiss of death": -1.5, "to die for": 3,
		"beating heart": 3.1, "broken heart": -2.9}
)

func set(words ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}

// gram splits a phrase of up to three words into a fixed-size map key.
func gram(p string) ([3]string, int) {
	var k [3]string
	f := strings.Fields(p)
	copy(k[:], f)
	return k, len(f)
}

func loadEnglish() (*langSpec, error) {
	s := &langSpec{
		english:    true,
		lex:        make(map[string]float64, 7600),
		boost:      map[string]float64{},
		negate:     set(vaderNegate...),
		contrast:   set("but"),
		special:    map[[3]string]float64{},
		boostGrams: map[[3]string]float64{},
		idiomWords: map[string]struct{}{},
		emoji:      make(map[rune]string, 3600),
	}
	add := func(words []string, v float64) {
		for _, w := range words {
			if k, n := gram(w); n > 1 {
				s.boostGrams[k] = v
				for _, x := range k[:n] {
					s.idiomWords[x] = struct{}{}
				}
				continue
			}
			s.boost[w] = v
		}
	}
	add(vaderBoostUp, boostIncr)
	add(vaderBoostDown, -boostIncr)
	for p, v := range vaderSpecial {
		k, n := gram(p)
		if n < 2 {
			continue // a single word can never equal an n-gram, as in VADER
		}
		s.special[k] = v
		for _, x := range k[:n] {
			s.idiomWords[x] = struct{}{}
		}
	}
	err := eachLine("lexicons/vader_en.txt", func(line string) error {
		f := strings.SplitN(line, "\t", 3)
		if len(f) < 2 {
			return fmt.Errorf("want token<TAB>valence, got %q", line)
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return err
		}
		s.lex[f[0]] = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("lexicons/emoji_en.txt", func(line string) error {
		k, d, ok := strings.Cut(line, "\t")
		if !ok {
			return fmt.Errorf("want emoji<TAB>description, got %q", line)
		}
		// VADER looks emoji up per character, so only single code points match.
		if r, n := utf8.DecodeRuneInString(k); n == len(k) && r != utf8.RuneError {
			s.emoji[r] = d
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.index(), nil
}

// eachLine calls fn for every non-empty, non-comment line of an embedded
// file. Comments start with "# " so that entries such as "#-)" survive.
func eachLine(name string, fn func(string) error) error {
	f, err := lexiconFS.Open(name)
	if err != nil {
		return fmt.Errorf("sentiment: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || line == "#" || strings.HasPrefix(line, "# ") {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("sentiment: %s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("sentiment: %s: %w", name, err)
	}
	return nil
}

// loadSectioned reads our own lexicon format for vi and ms: "[section]"
// lines switch between lexicon (phrase<TAB>valence), boosters and
// postboosters (phrase<TAB>value), negators and contrast (phrase). Phrases
// may have several words; they are matched greedily, longest first.
func loadSectioned(name string) (*langSpec, error) {
	s := &langSpec{
		lex:       map[string]float64{},
		boost:     map[string]float64{},
		postBoost: map[string]float64{},
		negate:    map[string]struct{}{},
		contrast:  map[string]struct{}{},
		phrases:   map[string]uint32{},
		maxPhrase: 1,
	}
	section := ""
	err := eachLine(name, func(line string) error {
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = line[1 : len(line)-1]
			return nil
		}
		k, val, hasVal := strings.Cut(line, "\t")
		k = strings.Join(strings.Fields(strings.ToLower(k)), " ")
		if k == "" {
			return fmt.Errorf("empty entry")
		}
		var v float64
		if hasVal {
			var err error
			if v, err = strconv.ParseFloat(strings.TrimSpace(val), 64); err != nil {
				return err
			}
		}
		switch section {
		case "lexicon":
			s.lex[k] = v
		case "boosters":
			s.boost[k] = v
		case "postboosters":
			s.postBoost[k] = v
		case "negators":
			s.negate[k] = struct{}{}
		case "contrast":
			s.contrast[k] = struct{}{}
		default:
			return fmt.Errorf("entry outside a known section: %q", line)
		}
		if n := strings.Count(k, " ") + 1; n > 1 {
			s.phrases[k] = 0 // its entry, once index has built them
			s.maxPhrase = max(s.maxPhrase, n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.index(), nil
}
