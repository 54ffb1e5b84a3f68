package autoqa

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/qascore/qascore/scoring/transcript"
)

// Language codes DetectLanguage returns besides the BCP 47 primary tags of
// the scripts and stop-word lists it knows.
const (
	// LangUndetermined is returned when there are too few letters or
	// stop words to tell (BCP 47 "und").
	LangUndetermined = "und"
)

// supported says which criteria a language is scored on. English has every
// lexicon; Vietnamese and Malay have the sentiment, empathy and
// negative-language lexicons but no readability model.
func supported(lang string) bool { return lang == "en" || lang == "vi" || lang == "ms" }

// stopWords are frequent function words per Latin-script language. A few
// dozen are enough to tell these languages apart on a handful of sentences;
// the lists are written by us.
var stopWords = map[string][]string{
	"en": {"the", "and", "to", "you", "i", "is", "it", "for", "your", "that", "can", "have", "my", "of", "a", "this", "with", "be", "will", "we", "on", "what", "are", "not", "please", "thank", "thanks", "me", "was", "there", "just", "so", "do", "if", "in", "at", "i'm", "it's", "don't", "can't", "i'll", "would", "could", "sorry", "hi", "hello", "yes", "no", "an", "but", "or", "from"},
	"vi": {"không", "của", "và", "anh", "chị", "em", "là", "có", "được", "tôi", "bạn", "cho", "này", "một", "những", "với", "đã", "sẽ", "rồi", "ạ", "dạ", "vâng", "ơn", "xin", "lỗi", "mình", "nhé", "ở", "thì", "để", "khi", "cần", "bị", "đơn", "hàng", "nhà", "ngày", "giúp", "chào", "cảm"},
	"ms": {"saya", "anda", "tidak", "boleh", "untuk", "dengan", "ini", "itu", "yang", "dan", "akan", "ada", "kami", "sudah", "dah", "terima", "kasih", "encik", "puan", "tak", "nak", "ke", "di", "dari", "pada", "sila", "kita", "mahu", "tolong", "baik", "maaf", "sebab", "lagi", "hari", "juga", "atau", "kalau", "cik", "bila"},
	// Languages we do not score but must not mistake for English or Malay.
	"es": {"el", "la", "los", "las", "de", "que", "y", "en", "por", "para", "con", "una", "es", "mi", "su", "gracias", "hola", "pero", "muy", "está", "usted"},
	"fr": {"le", "la", "les", "de", "des", "et", "est", "je", "vous", "pour", "que", "une", "pas", "merci", "bonjour", "avec", "mon", "votre", "nous", "ce", "sur"},
	"de": {"der", "die", "das", "und", "ist", "ich", "sie", "nicht", "mit", "für", "ein", "eine", "danke", "bitte", "auf", "es", "wir", "zu", "den", "haben", "ihr"},
	"pt": {"o", "os", "as", "de", "que", "e", "não", "para", "com", "um", "uma", "obrigado", "obrigada", "você", "meu", "minha", "por", "está", "olá", "mais"},
	"id": {"saya", "anda", "tidak", "bisa", "untuk", "dengan", "ini", "itu", "yang", "dan", "akan", "ada", "kami", "sudah", "terima", "kasih", "bapak", "ibu", "kamu", "mau", "tolong", "belum", "sangat"},
}

// latinOrder fixes the order languages are compared in, so ties resolve the
// same way every run; counts are kept in arrays indexed by this order.
var latinOrder = [...]string{"en", "vi", "ms", "id", "es", "fr", "de", "pt"}

// Indices into latinOrder used by decide.
const (
	latEN = iota
	latVI
	latMS
	latID
	nLatin = len(latinOrder)
)

// stopIndex maps a lower-case word to the set of languages that list it, as
// a bit mask over latinOrder, built once at package initialisation and only
// read afterwards.
var stopIndex = func() map[string]uint8 {
	m := make(map[string]uint8)
	for li, lang := range latinOrder {
		for _, w := range stopWords[lang] {
			m[w] |= 1 << li
		}
	}
	return m
}()

// stopTable is stopIndex as an open-addressing table keyed by stopHash,
// which is cheaper than the map for the one lookup per candidate word.
var stopTable = func() (t [stopTableSize]stopEntry) {
	for w, m := range stopIndex {
		i := stopHash([]byte(w)) & (stopTableSize - 1)
		for t[i].word != "" {
			i = (i + 1) & (stopTableSize - 1)
		}
		t[i] = stopEntry{word: w, mask: m}
	}
	return t
}()

// stopTableSize is a power of two well above the number of stop words.
const stopTableSize = 1024

// stopEntry is one stop word and its language mask.
type stopEntry struct {
	word string
	mask uint8
}

// stopHash is FNV-1a over the bytes of w.
func stopHash(w []byte) uint32 {
	h := uint32(2166136261)
	for _, b := range w {
		h = (h ^ uint32(b)) * 16777619
	}
	return h
}

// stopMask returns the languages that list the lower-case word w.
func stopMask(w []byte) uint8 {
	for i := stopHash(w) & (stopTableSize - 1); stopTable[i].word != ""; i = (i + 1) & (stopTableSize - 1) {
		if stopTable[i].word == string(w) {
			return stopTable[i].mask
		}
	}
	return 0
}

// stopShape has bit n of stopShape[b] set when some stop word starts with
// byte b and is n bytes long, a cheap filter before the map lookup.
var stopShape = func() (t [256]uint64) {
	for w := range stopIndex {
		if len(w) >= stopMaxLen {
			panic("autoqa: stop word " + w + " too long for stopShape")
		}
		t[w[0]] |= 1 << len(w)
	}
	return t
}()

// stopMaxLen bounds the length in bytes of every stop word.
const stopMaxLen = 64

// scripts are the non-Latin scripts that name a language, in the order
// decide compares them (the first wins a tie).
var scripts = [...]string{"th", "hy", "ar", "he", "ru", "el", "ja", "ko", "zh", "hi", "lo", "km", "my", "ka", "ta"}

// Indices into scripts used by decide.
const (
	scriptJA = 6
	scriptZH = 8
)

// scriptOf returns the index in scripts of the language a letter's script
// implies, -1 for Latin and for scripts shared by too many languages to
// name one.
func scriptOf(r rune) int {
	switch {
	case r >= 0x0E00 && r <= 0x0E7F:
		return 0 // th
	case r >= 0x0530 && r <= 0x058F, r >= 0xFB13 && r <= 0xFB17:
		return 1 // hy
	case r >= 0x0600 && r <= 0x06FF, r >= 0x0750 && r <= 0x077F, r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		return 2 // ar
	case r >= 0x0590 && r <= 0x05FF:
		return 3 // he
	case r >= 0x0400 && r <= 0x04FF:
		return 4 // ru
	case r >= 0x0370 && r <= 0x03FF:
		return 5 // el
	case r >= 0x3040 && r <= 0x30FF:
		return 6 // ja
	case r >= 0xAC00 && r <= 0xD7AF, r >= 0x1100 && r <= 0x11FF:
		return 7 // ko
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF:
		return 8 // zh
	case r >= 0x0900 && r <= 0x097F:
		return 9 // hi
	case r >= 0x0E80 && r <= 0x0EFF:
		return 10 // lo
	case r >= 0x1780 && r <= 0x17FF:
		return 11 // km
	case r >= 0x1000 && r <= 0x109F:
		return 12 // my
	case r >= 0x10A0 && r <= 0x10FF:
		return 13 // ka
	case r >= 0x0B80 && r <= 0x0BFF:
		return 14 // ta
	}
	return -1
}

// vietnameseLetter reports letters that only Vietnamese uses among the
// languages we tell apart: đ, ơ, ư, ă and the stacked tone marks of Latin
// Extended Additional.
func vietnameseLetter(r rune) bool {
	switch unicode.ToLower(r) {
	case 'đ', 'ơ', 'ư', 'ă':
		return true
	}
	return r >= 0x1EA0 && r <= 0x1EF9
}

// langCounts accumulates the evidence for one piece of text. Counts add
// up: the counts of two texts are the sum of each text's counts.
type langCounts struct {
	letters, latin int
	script         [len(scripts)]int
	stop           [nLatin]int
	words, viWords int
}

// merge adds o's counts to c.
func (c *langCounts) merge(o *langCounts) {
	c.letters += o.letters
	c.latin += o.latin
	for i := range c.script {
		c.script[i] += o.script[i]
	}
	for i := range c.stop {
		c.stop[i] += o.stop[i]
	}
	c.words += o.words
	c.viWords += o.viWords
}

// flush counts one word; ascii says it has no byte ≥ 0x80.
func (c *langCounts) flush(w string, ascii bool) {
	c.words++
	// The word in lower case, as far as a stop word could need it: every
	// stop word is shorter than stopMaxLen bytes (see stopShape).
	var buf [stopMaxLen]byte
	b := buf[:0]
	long := false
	if ascii {
		// The lower-case form has the same length and a lower-cased first
		// byte: most words fail the stop-word filter before being copied.
		f := w[0]
		if 'A' <= f && f <= 'Z' {
			f += 'a' - 'A'
		}
		if len(w) >= stopMaxLen || stopShape[f]&(1<<len(w)) == 0 {
			return
		}
		for i := 0; i < len(w); i++ {
			ch := w[i]
			if 'A' <= ch && ch <= 'Z' {
				ch += 'a' - 'A'
			}
			b = append(b, ch)
		}
	} else {
		vi := false
		for _, r := range w {
			lr := unicode.ToLower(r)
			if !vi && vietnameseLetter(lr) {
				vi = true
			}
			if len(b)+utf8.UTFMax <= len(buf) {
				b = utf8.AppendRune(b, lr)
			} else {
				long = true
			}
		}
		if vi {
			c.viWords++
		}
	}
	if long || len(b) >= stopMaxLen || stopShape[b[0]]&(1<<len(b)) == 0 {
		return
	}
	if m := stopMask(b); m != 0 {
		for l := range c.stop {
			if m&(1<<l) != 0 {
				c.stop[l]++
			}
		}
	}
}

// asciiLetter marks the bytes a–z and A–Z.
var asciiLetter = func() (t [256]bool) {
	for b := 'a'; b <= 'z'; b++ {
		t[b], t[b-'a'+'A'] = true, true
	}
	return t
}()

// add counts the letters, scripts and stop words of text.
func (c *langCounts) add(text string) {
	start := -1
	ascii := true
	for i := 0; i < len(text); {
		if b := text[i]; b < utf8.RuneSelf {
			if asciiLetter[b] {
				if start < 0 {
					start, ascii = i, true
				}
				// The rest of an ASCII run: letters, and apostrophes
				// inside the word.
				n := 1
				i++
				for ; i < len(text); i++ {
					if asciiLetter[text[i]] {
						n++
					} else if text[i] != '\'' {
						break
					}
				}
				c.letters += n
				c.latin += n
				continue
			}
			if b == '\'' && start >= 0 {
				i++
				continue
			}
			if start >= 0 {
				c.flush(text[start:i], ascii)
				start = -1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			if unicode.IsLetter(r) {
				c.letters++
				if s := scriptOf(r); s >= 0 {
					c.script[s]++
				} else if unicode.Is(unicode.Latin, r) {
					c.latin++
				}
			}
			if start < 0 {
				start = i
			}
			ascii = false
		} else if start >= 0 {
			c.flush(text[start:i], ascii)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		c.flush(text[start:], ascii)
	}
}

// decide turns counts into a language code, or "" when the text alone is
// not enough and a hint may decide.
func (c *langCounts) decide() (lang string, sure bool) {
	if c.letters < 3 {
		return "", false
	}
	// A non-Latin script that makes up most letters names the language:
	// brand names and codes in Latin letters ("Lumen", "ONT") are common
	// inside Thai or Armenian sentences and must not outvote them.
	bestScript, bestN := "", 0
	best := -1
	for s, n := range c.script {
		if n > bestN {
			best, bestN = s, n
		}
	}
	if best >= 0 {
		bestScript = scripts[best]
	}
	// Japanese text mixes kana with kanji; any kana makes Han text Japanese.
	if c.script[scriptJA] > 0 && best == scriptZH {
		bestScript, bestN = "ja", c.script[scriptJA]+c.script[scriptZH]
	}
	if bestN*10 >= c.letters*3 {
		return bestScript, bestN >= 6
	}
	if c.latin == 0 {
		return "", false
	}
	// Latin script: stop words decide; Vietnamese letters are strong
	// evidence on their own because no other language here has them.
	var score [nLatin]float64
	for l := range score {
		score[l] = float64(c.stop[l])
	}
	score[latVI] += 0.75 * float64(c.viWords)
	bi, bestS := -1, 0.0
	for l := range score {
		if score[l] > bestS {
			bi, bestS = l, score[l]
		}
	}
	// Malay and Indonesian share most function words; Indonesian is only
	// chosen on its own words, and otherwise the shared ones count as Malay.
	if bi == latID && c.stop[latMS] >= c.stop[latID]-1 {
		bi, bestS = latMS, score[latMS]
	}
	if bi < 0 || bestS < 2 {
		return "", false
	}
	// The runner-up ignores the winner's sibling (Malay and Indonesian),
	// which scores high on the same words without contradicting it.
	second := 0.0
	for l := range score {
		if l != bi && !(bi == latMS && l == latID) && !(bi == latID && l == latMS) {
			second = max(second, score[l])
		}
	}
	// Sure when stop words are a fair share of the words and the winner
	// clearly leads; otherwise a stored hint may overrule.
	return latinOrder[bi], bestS >= 3 && bestS >= 1.5*second && bestS >= 0.08*float64(c.words)
}

// DetectLanguage names the language of a conversation: "en", "vi", "ms",
// "th", "hy", "ar", "zh", … or "und" when it cannot tell. It reads the
// customer's and the agent's words (bots and system notes are often in a
// fixed house language), first by script, then for Latin script by stop
// words and Vietnamese letters. The stored Language is used only when the
// words are too few or too mixed to decide, because imports often carry an
// account default rather than the conversation's real language.
func DetectLanguage(in transcript.Interaction) string {
	in, _ = composeTurns(in)
	lang, _ := detectLanguage(in)
	return lang
}

// detectLanguage is DetectLanguage that also returns the language of the
// customer's words alone, from the same pass; the engine uses it to notice
// conversations where the customer writes a language we cannot read while
// the agent answers in one we can.
func detectLanguage(in transcript.Interaction) (lang, customer string) {
	var both, cust langCounts
	for _, t := range in.Turns {
		switch t.Role {
		case transcript.RoleAgent:
			both.add(t.Text)
		case transcript.RoleCustomer:
			cust.add(t.Text)
		}
	}
	customer, _ = cust.decide()
	both.merge(&cust)
	return decideWithHint(&both, in.Language), customer
}

// decideWithHint is decide with the stored language as a fallback.
func decideWithHint(c *langCounts, stored string) string {
	lang, sure := c.decide()
	if sure {
		return lang
	}
	hint := strings.ToLower(strings.TrimSpace(stored))
	if i := strings.IndexAny(hint, "-_"); i >= 0 {
		hint = hint[:i]
	}
	// A hint may settle a weak decision, or name the language of a text
	// with no stop words at all, but it may not contradict a non-Latin
	// script the text plainly uses.
	if hint != "" && hint != LangUndetermined && (lang == "" || lang == hint) {
		return hint
	}
	if lang == "" {
		return LangUndetermined
	}
	return lang
}
