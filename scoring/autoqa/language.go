package autoqa

import (
	"strings"
	"unicode"

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

// stopIndex maps a lower-case word to the languages that list it, built
// once at package initialisation and only read afterwards.
var stopIndex = func() map[string][]string {
	m := make(map[string][]string)
	for lang, words := range stopWords {
		for _, w := range words {
			m[w] = append(m[w], lang)
		}
	}
	return m
}()

// latinOrder fixes the order languages are compared in, so ties resolve the
// same way every run (map iteration order is random).
var latinOrder = []string{"en", "vi", "ms", "id", "es", "fr", "de", "pt"}

// scriptOf names the language a letter's script implies, "" for Latin and
// for scripts shared by too many languages to name one.
func scriptOf(r rune) string {
	switch {
	case r >= 0x0E00 && r <= 0x0E7F:
		return "th"
	case r >= 0x0530 && r <= 0x058F, r >= 0xFB13 && r <= 0xFB17:
		return "hy"
	case r >= 0x0600 && r <= 0x06FF, r >= 0x0750 && r <= 0x077F, r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		return "ar"
	case r >= 0x0590 && r <= 0x05FF:
		return "he"
	case r >= 0x0400 && r <= 0x04FF:
		return "ru"
	case r >= 0x0370 && r <= 0x03FF:
		return "el"
	case r >= 0x3040 && r <= 0x30FF:
		return "ja"
	case r >= 0xAC00 && r <= 0xD7AF, r >= 0x1100 && r <= 0x11FF:
		return "ko"
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF:
		return "zh"
	case r >= 0x0900 && r <= 0x097F:
		return "hi"
	case r >= 0x0E80 && r <= 0x0EFF:
		return "lo"
	case r >= 0x1780 && r <= 0x17FF:
		return "km"
	case r >= 0x1000 && r <= 0x109F:
		return "my"
	case r >= 0x10A0 && r <= 0x10FF:
		return "ka"
	case r >= 0x0B80 && r <= 0x0BFF:
		return "ta"
	}
	return ""
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

// langCounts accumulates the evidence for one piece of text.
type langCounts struct {
	letters, latin int
	script         map[string]int
	stop           map[string]int
	words, viWords int
}

// add counts the letters, scripts and stop words of text.
func (c *langCounts) add(text string) {
	start := -1
	flush := func(w string) {
		c.words++
		lw := strings.ToLower(w)
		for _, l := range stopIndex[lw] {
			c.stop[l]++
		}
		for _, r := range lw {
			if vietnameseLetter(r) {
				c.viWords++
				break
			}
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || (r == '\'' && start >= 0) {
			if unicode.IsLetter(r) {
				c.letters++
				if s := scriptOf(r); s != "" {
					c.script[s]++
				} else if unicode.Is(unicode.Latin, r) {
					c.latin++
				}
			}
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		flush(text[start:])
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
	for _, s := range []string{"th", "hy", "ar", "he", "ru", "el", "ja", "ko", "zh", "hi", "lo", "km", "my", "ka", "ta"} {
		if n := c.script[s]; n > bestN {
			bestScript, bestN = s, n
		}
	}
	// Japanese text mixes kana with kanji; any kana makes Han text Japanese.
	if c.script["ja"] > 0 && bestScript == "zh" {
		bestScript, bestN = "ja", c.script["ja"]+c.script["zh"]
	}
	if bestN*10 >= c.letters*3 {
		return bestScript, bestN >= 6
	}
	if c.latin == 0 {
		return "", false
	}
	// Latin script: stop words decide; Vietnamese letters are strong
	// evidence on their own because no other language here has them.
	score := make(map[string]float64, len(latinOrder))
	for _, l := range latinOrder {
		score[l] = float64(c.stop[l])
	}
	score["vi"] += 0.75 * float64(c.viWords)
	best, bestS := "", 0.0
	for _, l := range latinOrder {
		if score[l] > bestS {
			best, bestS = l, score[l]
		}
	}
	// Malay and Indonesian share most function words; Indonesian is only
	// chosen on its own words, and otherwise the shared ones count as Malay.
	if best == "id" && c.stop["ms"] >= c.stop["id"]-1 {
		best, bestS = "ms", score["ms"]
	}
	if best == "" || bestS < 2 {
		return "", false
	}
	// The runner-up ignores the winner's sibling (Malay and Indonesian),
	// which scores high on the same words without contradicting it.
	second := 0.0
	for _, l := range latinOrder {
		if l != best && !(best == "ms" && l == "id") && !(best == "id" && l == "ms") {
			second = max(second, score[l])
		}
	}
	// Sure when stop words are a fair share of the words and the winner
	// clearly leads; otherwise a stored hint may overrule.
	return best, bestS >= 3 && bestS >= 1.5*second && bestS >= 0.08*float64(c.words)
}

// DetectLanguage names the language of a conversation: "en", "vi", "ms",
// "th", "hy", "ar", "zh", … or "und" when it cannot tell. It reads the
// customer's and the agent's words (bots and system notes are often in a
// fixed house language), first by script, then for Latin script by stop
// words and Vietnamese letters. The stored Language is used only when the
// words are too few or too mixed to decide, because imports often carry an
// account default rather than the conversation's real language.
func DetectLanguage(in transcript.Interaction) string {
	c := langCounts{script: map[string]int{}, stop: map[string]int{}}
	for _, t := range in.Turns {
		if t.Role == transcript.RoleAgent || t.Role == transcript.RoleCustomer {
			c.add(t.Text)
		}
	}
	lang, sure := c.decide()
	if sure {
		return lang
	}
	hint := strings.ToLower(strings.TrimSpace(in.Language))
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

// roleLanguage detects the language of one role's words only; the engine
// uses it to notice conversations where the customer writes a language we
// cannot read while the agent answers in one we can.
func roleLanguage(in transcript.Interaction, role transcript.Role) string {
	c := langCounts{script: map[string]int{}, stop: map[string]int{}}
	for _, t := range in.Turns {
		if t.Role == role {
			c.add(t.Text)
		}
	}
	lang, _ := c.decide()
	return lang
}
