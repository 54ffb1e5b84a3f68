package readability

import (
	"unicode"
	"unicode/utf8"
)

// maxWord bounds the stack buffer used to normalise a word; longer words
// (URLs glued together, base64) are estimated rather than parsed.
const maxWord = 40

// Syllables returns the English syllable count of a single word, at least 1
// for any word with a letter or digit and 0 for one without.
//
// It is a rule set rather than a dictionary so that it needs no data and
// copes with new words: vowel groups (with y as a vowel except at the start
// or between vowels, u as a consonant after q and before a vowel after g),
// groups that are really two syllables (ratio, client, usual, video, poem),
// the silent final e (but not -le/-re after a consonant: table, centre), the
// suffixes -ing, -ed, -es/-s, -ly, -ment, -ness, -less, -ful, the prefixes
// re-/co-/pre-/de- before a vowel on known stems (reopen, cooperate),
// compounds with a silent-e head (something, homework), and an exceptions
// list for common irregular words. Accented Latin letters are folded (café);
// other scripts get a rough estimate of one syllable per three letters, which
// only keeps statistics sane: Clarity is scored for English only. Numbers
// count one syllable per digit, at most five.
func Syllables(word string) int {
	var buf [maxWord]byte
	n, letters, digits, other := 0, 0, 0, 0
	for i := 0; i < len(word); {
		r, sz := rune(word[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRuneInString(word[i:])
		}
		i += sz
		switch {
		case 'a' <= r && r <= 'z':
			letters++
		case 'A' <= r && r <= 'Z':
			letters++
			r += 'a' - 'A'
		case '0' <= r && r <= '9':
			digits++
			continue
		case r == '\'' || r == '’':
			// Contractions: n't after a consonant is its own syllable
			// (didn't, wasn't); 's, 'll, 're, 've, 'd, 'm are not. Other
			// apostrophes (o'clock) are skipped.
			if n > 0 && isContraction(word[i:]) {
				if (word[i] == 't' || word[i] == 'T') && n >= 2 && buf[n-1] == 'n' && !isVowelByte(buf[n-2]) {
					return max(1, count(buf[:n-1])+1)
				}
				return max(1, count(buf[:n]))
			}
			continue
		default:
			if f := foldLatin(r); f != 0 {
				letters++
				r = rune(f)
			} else if unicode.IsLetter(r) {
				other++
				continue
			} else {
				continue
			}
		}
		if n < maxWord {
			buf[n] = byte(r)
			n++
		}
	}
	if other > 0 {
		// Non-Latin script: a rough estimate, never zero.
		return max(1, (other+letters)/3)
	}
	if letters == 0 {
		if digits == 0 {
			return 0
		}
		return min(digits, 5)
	}
	if n == maxWord {
		return max(1, letters/3)
	}
	return max(1, count(buf[:n])+min(digits, 5))
}

// isVowelByte reports the plain vowels a e i o u (y is decided by context).
func isVowelByte(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// hasVowel reports whether w has any vowel letter including y, so that a
// suffix is only stripped from a stem that can carry a syllable (not
// "thing" → "th" + "ing").
func hasVowel(w []byte) bool {
	for i, c := range w {
		if isVowelByte(c) || c == 'y' && i > 0 {
			return true
		}
	}
	return false
}

// count is the recursive core of Syllables on a lower-case ASCII word.
func count(w []byte) int {
	n := len(w)
	if n == 0 {
		return 0
	}
	if mayBeException(w) {
		if v, ok := exceptions[string(w)]; ok {
			return v
		}
	}
	if n <= 2 {
		return 1
	}
	// Suffixes: count the stem, then add the suffix's own syllable if any.
	// Dispatch on the last letter so that most words test one suffix.
	switch w[n-1] {
	case 'g':
		if n > 4 && hasSuffix(w, "ing") && hasVowel(w[:n-3]) {
			return count(w[:n-3]) + 1
		}
	case 'd':
		if n > 3 && w[n-2] == 'e' && !isVowelByte(w[n-3]) && hasVowel(w[:n-2]) {
			stem := w[:n-2]
			c := stem[len(stem)-1]
			add := 0
			if c == 't' || c == 'd' {
				add = 1 // wanted, needed
			} else if c == 'l' && len(stem) >= 2 && isStopConsonant(stem[len(stem)-2]) {
				add = 1 // handled, settled
			}
			return count(stem) + add
		}
	case 's':
		if n > 6 && (hasSuffix(w, "ness") || hasSuffix(w, "less")) && hasVowel(w[:n-4]) {
			return count(w[:n-4]) + 1
		}
		if n > 3 && !isSibilantStem(w[n-2]) {
			stem := w[:n-1]
			c := count(stem)
			if stem[len(stem)-1] == 'e' && len(stem) >= 3 {
				switch p := stem[len(stem)-2]; {
				case p == 's' || p == 'x' || p == 'z' || p == 'c' || p == 'g':
					c++ // horses, boxes, places, pages
				case p == 'h' && len(stem) >= 4 && (stem[len(stem)-3] == 'c' || stem[len(stem)-3] == 's'):
					c++ // matches, wishes
				}
			}
			return c
		}
	case 'y':
		if n > 4 && w[n-2] == 'l' && hasVowel(w[:n-2]) {
			return count(w[:n-2]) + 1
		}
	case 't':
		if n > 6 && hasSuffix(w, "ment") && hasVowel(w[:n-4]) {
			return count(w[:n-4]) + 1
		}
	case 'l':
		if n > 5 && hasSuffix(w, "ful") && hasVowel(w[:n-3]) {
			return count(w[:n-3]) + 1
		}
	}
	// Prefixes before a vowel that start a separate syllable: reopen.
	// The first-letter test keeps the common case (no prefix) cheap.
	switch w[0] {
	case 'r', 'c', 'p', 'd':
		for _, p := range prefixes {
			if w[0] != p.pre[0] || len(w) <= len(p.pre)+2 || !hasPrefix(w, p.pre) {
				continue
			}
			rest := w[len(p.pre):]
			for _, st := range p.stems {
				if hasPrefix(rest, st) {
					return 1 + count(rest)
				}
			}
		}
	}
	// Compounds whose first part ends in a silent e: something, homework.
	if h := silentHead(w); h > 0 && len(w) >= h+3 {
		if c := w[h]; !isVowelByte(c) && c != 'y' && c != 'r' && c != 'l' {
			return count(w[:h]) + count(w[h:])
		}
	}
	return groups(w)
}

// isStopConsonant reports consonants that make "-le" a syllable (table, handle).
func isStopConsonant(c byte) bool {
	switch c {
	case 'b', 'c', 'd', 'f', 'g', 'k', 'p', 't', 'z':
		return true
	}
	return false
}

// isSibilantStem reports letters before a final s that make it part of the
// stem rather than a plural: glass, bus, analysis.
func isSibilantStem(c byte) bool { return c == 's' || c == 'u' || c == 'i' }

func hasSuffix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[len(w)-len(s):]) == s
}

func hasPrefix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[:len(s)]) == s
}

// vowelClass sorts lower-case ASCII letters for vowelAt and groups: 1 for
// a e i o (always vowels), 2 for u and y (vowels depending on their
// neighbours), 0 for everything else. A table keeps the common cases free
// of branches that the letter patterns of words make hard to predict.
var vowelClass = func() (t [256]uint8) {
	for _, c := range "aeio" {
		t[c] = 1
	}
	t['u'], t['y'] = 2, 2
	return t
}()

// vowelAt decides whether w[i] acts as a vowel.
func vowelAt(w []byte, i int) bool {
	switch vowelClass[w[i]] {
	case 1:
		return true
	case 2:
		return vowelInContext(w, i) != 0
	}
	return false
}

// vowelInContext is vowelAt for u and y: 1 when w[i] acts as a vowel.
func vowelInContext(w []byte, i int) uint8 {
	if w[i] == 'u' {
		if i > 0 && w[i-1] == 'q' {
			return 0 // quick, equal
		}
		if i > 0 && w[i-1] == 'g' && i+1 < len(w) && isVowelByte(w[i+1]) && !(i+2 == len(w) && w[i+1] == 'e') {
			return 0 // guard, language; but argue keeps its u
		}
		return 1
	}
	// y
	if i == 0 {
		return 0 // yes, you
	}
	if isVowelByte(w[i-1]) && i+1 < len(w) && isVowelByte(w[i+1]) {
		return 0 // player, loyal, beyond
	}
	return 1
}

// groups counts vowel groups, splits the ones that are two syllables, and
// applies the silent-e and -ism rules.
func groups(w []byte) int {
	n := len(w)
	c := 0
	var in uint8 // 1 inside a vowel group
	for i := 0; i < n; i++ {
		v := vowelClass[w[i]]
		if v > 1 {
			v = vowelInContext(w, i)
		}
		// A vowel after a non-vowel opens a group; a vowel inside a group
		// adds a syllable only when the pair splits. Arithmetic rather than
		// a branch for the first, the common case.
		c += int(v &^ in)
		if v&in != 0 && splitPair(w, i-1) {
			c++
		}
		in = v
	}
	// Silent final e: make, horse; but table, centre keep it, and so does a
	// word whose only vowel it is (the, he).
	if c > 1 && w[n-1] == 'e' && !vowelAt(w, n-2) {
		p := w[n-2]
		keep := (p == 'l' || p == 'r') && n >= 3 && !vowelAt(w, n-3) && w[n-3] != p && !(p == 'r' && (w[n-3] == 'h' || w[n-3] == 'w'))
		if !keep {
			c--
		}
	}
	if n >= 4 && (hasSuffix(w, "ism") || hasSuffix(w, "asm")) {
		c++ // prism, tourism, enthusiasm
	}
	if c == 0 {
		c = 1
	}
	return c
}

// splitPair reports whether the vowels w[i] and w[i+1], inside one group,
// belong to two syllables.
func splitPair(w []byte, i int) bool {
	a, b := w[i], w[i+1]
	var prev, next, next2 byte
	if i > 0 {
		prev = w[i-1]
	}
	if i+2 < len(w) {
		next = w[i+2]
	}
	if i+3 < len(w) {
		next2 = w[i+3]
	}
	atEnd := i+2 == len(w)
	switch {
	case a == 'i' && b == 'a':
		return prev != 'c' && prev != 't' && prev != 's' // trial, media; not special
	case a == 'i' && b == 'o':
		if atEnd {
			return true // ratio, radio
		}
		switch prev {
		case 'c', 't', 's', 'x', 'g', 'h', 'n':
			return false // nation, region, fashion, union
		case 'l':
			return i < 2 || w[i-2] != 'l' // lion; not million
		}
		return true // period, violin, various
	case a == 'i' && b == 'u':
		return true // medium, stadium
	case a == 'e' && b == 'o':
		return prev != 'g' && prev != 'c' && prev != 'h' // video, geography; not gorgeous
	case a == 'u' && (b == 'a' || b == 'o'):
		return true // usual, actual, continuous
	case a == 'u' && b == 'e':
		return next == 'n' || next == 'l' || next == 't' // fluent, fuel, duet
	case a == 'u' && b == 'i':
		return next == 'n' || next == 'd' // ruin, fluid, genuine
	case a == 'i' && b == 'e':
		switch {
		case next == 't':
			return true // quiet, diet, society
		case next == 'n' && (next2 == 't' || next2 == 'c'):
			return prev != 'c' && prev != 't' // client, experience; not ancient
		case next == 'r' && i+3 == len(w) && len(w) > 5:
			return true // easier, happier
		case next == 's' && next2 == 't' && i+4 == len(w):
			return true // happiest
		}
		return false
	case a == 'o' && b == 'e':
		return next == 'm' || next == 't' // poem, poet
	case a == 'e' && b == 'a':
		return next == 't' && next2 == 'e' && i+4 == len(w) && prev == 'r' // create
	case a == 'y' && (b == 'a' || b == 'o' || b == 'e') && next != 0:
		return false
	}
	return false
}

// prefix lists a prefix that forms its own syllable before a vowel, and the
// stems (word starts) after which that is known to hold: re+open but not
// read, reach, real.
type prefix struct {
	pre   string
	stems []string
}

var prefixes = []prefix{
	{"re", []string{"act", "adjust", "align", "alloc", "appear", "appl", "arrang", "assess", "assign", "assur", "attach", "authent", "author", "awaken", "elect", "emerg", "enabl", "enter", "establ", "evaluat", "examin", "install", "instat", "integrat", "introduc", "inspect", "invest", "issu", "open", "order", "upload", "us", "ignit", "imburs"}},
	{"co", []string{"operat", "ordinat", "exist", "author", "own", "occur", "edit"}},
	{"pre", []string{"exist", "order", "approv", "authoriz", "empt", "install", "emptive"}},
	{"de", []string{"activat", "escalat", "allocat", "authoriz", "emphasi", "icing", "iced"}},
}

// silentHead returns the length of a compound's first part that ends in a
// silent e (some-thing, home-work, there-fore), or 0.
func silentHead(w []byte) int {
	// Every head ends in e: test that before comparing whole strings.
	if len(w) >= 5 && w[4] == 'e' {
		switch string(w[:5]) {
		case "store", "there", "where", "whole", "house", "space":
			return 5
		}
	}
	if len(w) >= 4 && w[3] == 'e' {
		switch string(w[:4]) {
		case "some", "home", "life", "time", "base", "care", "fire", "hope", "love", "name", "note", "safe", "side", "wide", "here", "more", "like", "line", "make", "take", "none":
			return 4
		}
	}
	return 0
}

// isContraction reports an English contraction ending after an apostrophe.
func isContraction(rest string) bool {
	switch len(rest) {
	case 1:
		switch rest[0] | 0x20 {
		case 's', 't', 'd', 'm':
			return true
		}
	case 2:
		a, b := rest[0]|0x20, rest[1]|0x20
		return a == 'l' && b == 'l' || a == 'r' && b == 'e' || a == 'v' && b == 'e'
	}
	return false
}

// foldLatin maps accented Latin letters to their base letter (lower case) so
// that café and naïve count like cafe and naive; it returns 0 for anything
// else.
func foldLatin(r rune) byte {
	if r < 0xC0 || r > 0x17F {
		return 0
	}
	r = unicode.ToLower(r)
	switch {
	case r >= 'à' && r <= 'å', r >= 'ā' && r <= 'ą':
		return 'a'
	case r == 'æ':
		return 'e'
	case r == 'ç', r >= 'ć' && r <= 'č':
		return 'c'
	case r >= 'è' && r <= 'ë', r >= 'ē' && r <= 'ě':
		return 'e'
	case r >= 'ì' && r <= 'ï', r >= 'ĩ' && r <= 'ı':
		return 'i'
	case r == 'ñ', r >= 'ń' && r <= 'ŉ':
		return 'n'
	case r >= 'ò' && r <= 'ö', r == 'ø', r >= 'ō' && r <= 'ő', r == 'œ':
		return 'o'
	case r >= 'ù' && r <= 'ü', r >= 'ũ' && r <= 'ų':
		return 'u'
	case r == 'ý', r == 'ÿ':
		return 'y'
	case r == 'ß', r >= 'ś' && r <= 'š':
		return 's'
	case r == 'ð', r >= 'ď' && r <= 'đ':
		return 'd'
	case r >= 'ĝ' && r <= 'ģ':
		return 'g'
	case r >= 'ĺ' && r <= 'ł':
		return 'l'
	case r >= 'ŕ' && r <= 'ř':
		return 'r'
	case r >= 'ţ' && r <= 'ŧ':
		return 't'
	case r >= 'ź' && r <= 'ž':
		return 'z'
	}
	return 0
}

// exceptions holds common words the rules get wrong, with their dictionary
// syllable counts (written for qascore). Stems are listed where the suffix
// rules reach them (creat → created, creating).
var exceptions = map[string]int{
	"people": 2, "business": 2, "businesses": 3, "every": 2, "everything": 3, "everyone": 3, "everybody": 4,
	"area": 3, "areas": 3, "idea": 3, "ideas": 3, "ideal": 3, "create": 2, "creat": 2, "creation": 3, "creative": 3,
	"reality": 4, "theatre": 3, "theater": 3, "recipe": 3, "simile": 3, "apostrophe": 4, "catastrophe": 4,
	"acne": 2, "karate": 3, "naive": 2, "science": 2, "scientist": 3, "scientists": 3, "scientific": 4,
	"element": 3, "evening": 2, "hundred": 2, "sacred": 2, "naked": 2, "wicked": 2, "argue": 2, "safety": 2,
	"wherever": 3, "whatever": 3, "poem": 2, "chaos": 2, "lion": 2, "being": 2, "seeing": 2, "doing": 2,
	"going": 2, "leopard": 2, "jeopardy": 3, "george": 1, "persuade": 2, "family": 3,
	"different": 3, "interest": 3, "interesting": 4, "interested": 4, "several": 3, "camera": 3,
	"chocolate": 3, "vegetable": 4, "comfortable": 4, "restaurant": 3, "average": 3, "separate": 3,
	"general": 3, "natural": 3, "federal": 3, "literally": 4, "actually": 4, "usually": 4, "generally": 4,
	"really": 2, "real": 1, "cooperate": 4, "coordinate": 4, "reuse": 2, "recreate": 3, "cafe": 2,
	"fire": 1, "hour": 1, "our": 1, "were": 1, "there": 1, "where": 1, "here": 1, "sure": 1, "are": 1,
	"one": 1, "once": 1, "done": 1, "gone": 1, "none": 1, "come": 1, "some": 1, "give": 1, "live": 1,
	"have": 1, "move": 1, "love": 1, "above": 2, "whole": 1, "else": 1, "themselves": 2, "ourselves": 2,
	"yourself": 2, "yourselves": 2, "queue": 1, "queues": 1, "queued": 1, "via": 2, "quiet": 2, "diet": 2,
	"eye": 1, "eyes": 1, "bye": 1, "goodbye": 2, "maybe": 2, "anyone": 3, "someone": 2, "sometimes": 2,
	"something": 2, "somewhere": 2, "anywhere": 3, "nowhere": 2, "everywhere": 3, "before": 2, "therefore": 2,
	"ago": 2, "also": 2, "able": 2, "table": 2, "little": 2, "simple": 2, "wednesday": 2,
	"february": 4, "library": 3, "iron": 2, "poetry": 3, "police": 2, "machine": 2,
	"engine": 2, "determine": 3, "examine": 3, "imagine": 3, "promise": 2, "purpose": 2, "practice": 2,
	"service": 2, "notice": 2, "office": 2, "justice": 2, "minute": 2, "favourite": 3,
	"favorite": 3, "definite": 3, "opposite": 3, "climate": 2, "private": 2, "senate": 2, "delicate": 3,
	"accurate": 3, "adequate": 3, "appropriate": 4, "immediate": 4, "immediately": 5, "ultimate": 3,
	"ultimately": 4, "fortunate": 3, "fortunately": 4, "unfortunately": 5, "chile": 2, "mobile": 2,
	"anemone": 4, "epitome": 4, "hyperbole": 4, "coyote": 3, "forever": 3, "however": 3,
	"whenever": 3, "wireless": 2, "ocean": 2, "oceans": 2, "museum": 3, "museums": 3,
	"europe": 2, "european": 4, "trial": 2, "dial": 2, "denial": 3, "vial": 2, "giant": 2, "diamond": 2,
	"violent": 3, "violence": 3, "client": 2, "clients": 2, "quite": 1, "guide": 1,
	"guy": 1, "buy": 1, "toward": 2, "towards": 2, "cruel": 2, "fuel": 2, "jewel": 2, "towel": 2, "vowel": 2,
	"power": 2, "flower": 2, "tower": 2, "shower": 2, "lower": 2, "higher": 2, "prior": 2, "tired": 1,
	"fired": 1, "hired": 1, "wired": 1, "required": 2, "desire": 2, "entire": 2, "retire": 2, "require": 2,
	"inquire": 2, "acquire": 2, "choir": 1, "friend": 1, "friends": 1, "lifetime": 2, "likewise": 2,
}

// exceptionKeys is a filter over (length, first letter, last letter) of
// the exceptions, so that most words skip the map lookup and its string
// hash: count runs for every word of every transcript. Bit z of
// exceptionKeys[len][a] is set when an exception of that length starts
// with letter a and ends with letter z; bits rather than a bool table keep
// it small enough (4 KB) to stay in the cache next to the text.
var exceptionKeys = func() (k [maxWord + 1][26]uint32) {
	for w := range exceptions {
		if a, z, ok := exceptionKey([]byte(w)); ok {
			k[len(w)][a] |= 1 << z
		}
	}
	return k
}()

// exceptionKey returns the first and last letters of w as 0..25, or ok
// false when w is empty, too long or does not start and end with a-z.
func exceptionKey(w []byte) (a, z uint, ok bool) {
	if len(w) == 0 || len(w) > maxWord {
		return 0, 0, false
	}
	a, z = uint(w[0])-'a', uint(w[len(w)-1])-'a'
	return a, z, a < 26 && z < 26
}

// mayBeException reports whether w could be in exceptions; anything that is
// not plain letters is always looked up, to be safe.
func mayBeException(w []byte) bool {
	a, z, ok := exceptionKey(w)
	return !ok || exceptionKeys[len(w)][a]&(1<<z) != 0
}
