package sentiment

import (
	"bufio"
	"embed"
	"fmt"
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
	special    map[[3]string]float64 // special-case idioms (English)
	boostGrams map[[3]string]float64 // multi-word boosters ("kind of")
	idiomWords map[string]struct{}   // every word of special and boostGrams keys
	emoji      map[rune]string       // emoji → description (English)
	phrases    map[string]string     // multi-word keys of any list → themselves
	maxPhrase  int                   // longest phrase in words
	hasPost    bool                  // any post-position boosters

	// words merges every per-word list above so that Score does one map
	// lookup per token; the lists are kept for loading and the rules.
	words map[string]word
	// known is a Bloom filter over the keys of words (two bits per key,
	// from keyHash), so that the common word in no list skips the map's
	// string hash and probe. It has no false negatives.
	known *[knownBits / 64]uint64
}

// word is everything known about one lower-cased word or phrase.
type word struct {
	val, boost, post float64
	flags            uint8
	// key is the map key itself, so that a token lower-cased into a
	// scratch buffer can take its canonical string without allocating.
	key string
}

const (
	fLex uint8 = 1 << iota
	fBoost
	fPost
	fNeg
	fContrast
	fIdiom
)

// index builds s.words from the per-list maps.
func (s *langSpec) index() *langSpec {
	s.words = make(map[string]word, len(s.lex)+len(s.boost)+len(s.negate))
	get := func(k string, f uint8) word {
		w := s.words[k]
		w.flags |= f
		return w
	}
	for k, v := range s.lex {
		w := get(k, fLex)
		w.val = v
		s.words[k] = w
	}
	for k, v := range s.boost {
		w := get(k, fBoost)
		w.boost = v
		s.words[k] = w
	}
	for k, v := range s.postBoost {
		w := get(k, fPost)
		w.post = v
		s.words[k] = w
	}
	for k := range s.negate {
		s.words[k] = get(k, fNeg)
	}
	for k := range s.contrast {
		s.words[k] = get(k, fContrast)
	}
	for k := range s.idiomWords {
		s.words[k] = get(k, fIdiom)
	}
	if s.english {
		// Words the English rules compare by text; indexed (without flags)
		// so that every token that can equal one of them gets its
		// lower-case form from the map.
		for _, k := range ruleWords {
			s.words[k] = get(k, 0)
		}
	}
	s.known = new([knownBits / 64]uint64)
	for k, w := range s.words {
		w.key = k
		s.words[k] = w
		h := keyHash([]byte(k))
		for _, b := range [2]uint32{uint32(h), uint32(h >> 32)} {
			b &= knownBits - 1
			s.known[b/64] |= 1 << (b % 64)
		}
	}
	s.hasPost = len(s.postBoost) > 0
	return s
}

// knownBits is the size of the Bloom filter over the word index: 2^17 bits
// (16 KB) for about 7,600 English keys gives about 1 % false positives.
const knownBits = 1 << 17

// keyHash is 64-bit FNV-1a, split into the filter's two bit positions.
func keyHash(k []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range k {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mayKnow reports whether a key with keyHash h can be in s.words; false
// means it is not.
func (s *langSpec) mayKnow(h uint64) bool {
	b1, b2 := uint32(h)&(knownBits-1), uint32(h>>32)&(knownBits-1)
	return s.known[b1/64]&(1<<(b1%64)) != 0 && s.known[b2/64]&(1<<(b2%64)) != 0
}

// ruleWords are the words that sentiment.go's English rules test by text.
var ruleWords = []string{"no", "or", "nor", "never", "so", "this", "without", "doubt", "least", "at", "very", "kind", "of"}

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
		phrases:   map[string]string{},
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
			s.phrases[k] = k
			s.maxPhrase = max(s.maxPhrase, n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.index(), nil
}
