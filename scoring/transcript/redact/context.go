package redact

import "strings"

// contextWindow is how far back (bytes) a keyword may sit before the
// value it vouches for; enough for "số điện thoại của tôi là".
const contextWindow = 64

// phoneWords vouch for numbers that are phone-shaped but not
// self-evidently phones. Lower case; matched case-insensitively.
var phoneWords = []string{
	"phone", "tel", "call", "mobile", "cell", "whatsapp", "zalo", "viber", "fax", "hotline",
	"điện thoại", "sđt", "đt", "số máy", "gọi", "di động",
	"เบอร์", "โทร", "มือถือ",
	"telefon", "nombor", "hp",
	"հեռ", "զանգ",
}

// ssnWords vouch for a bare 9-digit run being a social security number.
var ssnWords = []string{"ssn", "social security", "social-security", "ss#", "soc sec"}

// context reports whether one of words ends shortly before pos with
// nothing but non-digits between. Digits, "[" (a placeholder) and "@"
// (an address) in the gap break the link, which also keeps Redact
// idempotent: those are exactly the things a first pass may rewrite.
func (sc *scanner) context(pos int, words []string) bool {
	start := pos - contextWindow
	if start < 0 {
		start = 0
	}
	for start < pos && sc.s[start]&0xC0 == 0x80 {
		start++ // never cut a rune
	}
	w := strings.ToLower(sc.s[start:pos])
	for _, kw := range words {
		idx := strings.LastIndex(w, kw)
		if idx < 0 {
			continue
		}
		// A keyword inside a word, an address or a placeholder
		// ("[PHONE]") vouches for nothing.
		if idx > 0 && (kw[0] < 0x80 || w[idx-1] == '[') {
			b := w[idx-1]
			if isASCIIAlnum(b) || strings.IndexByte("._@-+%[", b) >= 0 {
				continue
			}
		}
		if cleanGap(w[idx+len(kw):]) {
			return true
		}
	}
	return false
}

func cleanGap(g string) bool {
	for k := 0; k < len(g); k++ {
		if g[k] == '[' || g[k] == '@' {
			return false
		}
		if _, n := digitAt(g, k, len(g)); n > 0 {
			return false
		}
	}
	return true
}
