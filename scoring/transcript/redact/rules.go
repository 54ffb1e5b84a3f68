package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// card accepts window i..j as a payment card number.
func (sc *scanner) card(i, j int) bool {
	g := sc.g
	for k := i; k <= j; k++ {
		if g[k].plus || g[k].paren {
			return false
		}
		if k > i+1 && g[k].sep != g[i+1].sep {
			return false
		}
	}
	if j > i && g[i+1].sep != ' ' && g[i+1].sep != '-' {
		return false
	}
	d := sc.digits(i, j)
	if len(d) < 13 || len(d) > 19 || !cardShape(g[i:j+1]) || !luhn(d) || !issuer(d) {
		return false
	}
	if !sc.bounded(i, j, false) {
		return false
	}
	if j > i {
		// A grouped card flanked by another 4-digit group (or a
		// placeholder that may have hidden one) is a slice of a longer
		// grouped reference such as a parcel tracking number.
		if i > 0 && (g[i-1].opaque || g[i-1].nd == 4) {
			return false
		}
		if j < len(g)-1 && (g[j+1].opaque || g[j+1].nd == 4) {
			return false
		}
	}
	return true
}

// cardShape accepts one run, groups of four with a shorter tail
// (4-4-4-4, 4-4-4-4-3, 4-4-4-1) and the Amex/Diners 4-6-5 and 4-6-4.
func cardShape(gs []group) bool {
	if len(gs) == 1 {
		return true
	}
	if len(gs) == 3 && gs[0].nd == 4 && gs[1].nd == 6 && (gs[2].nd == 5 || gs[2].nd == 4) {
		return true
	}
	for k, g := range gs {
		if k < len(gs)-1 && g.nd != 4 || k == len(gs)-1 && g.nd > 4 {
			return false
		}
	}
	return true
}

func luhn(d []byte) bool {
	sum, dbl := 0, false
	for k := len(d) - 1; k >= 0; k-- {
		v := int(d[k])
		if dbl {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		dbl = !dbl
	}
	return sum%10 == 0
}

// issuer accepts numbers whose leading digits belong to a card scheme that
// issues that length. Luhn alone passes one random number in ten; the
// issuer ranges cut that to the numbers a customer could actually hold.
func issuer(d []byte) bool {
	n := len(d)
	p := func(k int) int {
		v := 0
		for _, x := range d[:k] {
			v = v*10 + int(x)
		}
		return v
	}
	in := func(lo, hi int) bool { return n >= lo && n <= hi }
	p2, p3, p4, p6 := p(2), p(3), p(4), p(6)
	switch {
	case d[0] == 4: // Visa
		return n == 13 || n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720: // Mastercard
		return n == 16
	case p4 >= 2200 && p4 <= 2204: // Mir
		return in(16, 19)
	case p2 == 34 || p2 == 37: // Amex
		return n == 15
	case p4 >= 3528 && p4 <= 3589: // JCB
		return in(16, 19)
	case p3 >= 300 && p3 <= 305, p4 == 3095, p2 == 36, p2 == 38, p2 == 39: // Diners
		return in(14, 19)
	case p4 == 6011, p3 >= 644 && p3 <= 649, p2 == 65, p6 >= 622126 && p6 <= 622925: // Discover
		return in(16, 19)
	case p2 == 62: // UnionPay
		return in(16, 19)
	case p2 == 60, p2 == 81, p2 == 82, p3 == 508: // RuPay
		return n == 16
	case p2 == 50, p2 >= 56 && p2 <= 69: // Maestro
		return in(12, 19)
	}
	return false
}

// ssn accepts 3-2-4 with dashes or spaces, or a bare 9-digit run right
// after an SSN keyword.
func (sc *scanner) ssn(i, j int) bool {
	g := sc.g
	for k := i; k <= j; k++ {
		if g[k].plus || g[k].paren {
			return false
		}
	}
	d := sc.digits(i, j)
	if len(d) != 9 || !ssnValid(d) {
		return false
	}
	switch j - i {
	case 2:
		return g[i].nd == 3 && g[i+1].nd == 2 && g[j].nd == 4 &&
			g[i+1].sep == g[j].sep && (g[j].sep == '-' || g[j].sep == ' ') &&
			sc.bounded(i, j, false)
	case 0:
		return sc.bounded(i, j, true) && sc.context(g[i].lo, sc.r.ssnWords)
	}
	return false
}

func ssnValid(d []byte) bool {
	area := int(d[0])*100 + int(d[1])*10 + int(d[2])
	return area != 0 && area != 666 && d[0] != 9 &&
		(d[3] != 0 || d[4] != 0) &&
		(d[5] != 0 || d[6] != 0 || d[7] != 0 || d[8] != 0)
}

// phone accepts window i..j as a phone number under one of four rules:
// international, trunk-prefixed national, NANP, or anything phone-shaped
// right after a phone word.
func (sc *scanner) phone(i, j int) bool {
	g := sc.g
	d := sc.digits(i, j)
	if len(d) < 7 || len(d) > 15 || j-i >= 6 {
		return false
	}
	dots := 0
	for k := i; k <= j; k++ {
		if k > i && (g[k].plus || g[k].sep == '.') {
			if g[k].plus {
				return false
			}
			dots++
		}
	}
	// Dots never mix with other separators in a phone; mixed ones are
	// dates with times ("03.15.2024 10") or prices.
	if dots > 0 && dots != j-i {
		return false
	}
	if sc.hasDate(i, j) {
		return false
	}
	if g[i].plus {
		return sc.intl(i, j, d) && sc.bounded(i, j, false)
	}
	// Shape first, neighbours and currency last: the cheap checks reject
	// almost every window of a long run of numbers.
	if sc.trunk(i, j, d) || sc.nanp(i, j, d) {
		return sc.bounded(i, j, false) && !sc.currency(g[i].lo, g[j].hi)
	}
	return sc.contextual(i, j, d)
}

// intl checks "+CC national" against the national-number lengths of
// known country codes; unknown codes get the E.164 bounds.
func (sc *scanner) intl(i, j int, d []byte) bool {
	g := sc.g
	for k := i + 1; k <= j; k++ {
		if !g[k].paren && g[k].nd < 2 {
			return false
		}
	}
	if d[0] == 0 {
		return false
	}
	ccLen := 0
	var span [2]int
	known := false
	if g[i].nd <= 3 {
		ccLen = g[i].nd
		span, known = countryLen[num(d[:ccLen])]
	} else {
		for l := 1; l <= 3; l++ {
			if s, ok := countryLen[num(d[:l])]; ok {
				ccLen, span, known = l, s, true
				break
			}
		}
	}
	nl := len(d) - ccLen
	if i < j && g[i+1].paren && g[i+1].nd == 1 && sc.buf[g[i+1].d0] == 0 {
		nl-- // "+44 (0)20 …": the bracketed trunk 0 is not dialled
	}
	if known {
		return nl >= span[0] && nl <= span[1]
	}
	return len(d) >= 8 && nl >= 4
}

// trunk accepts national numbers written with the trunk prefix 0, the
// usual form in Vietnam, Thailand, Malaysia, Australia, the UK, Armenia.
func (sc *scanner) trunk(i, j int, d []byte) bool {
	g := sc.g
	if d[0] != 0 || d[1] == 0 || len(d) < 9 || len(d) > 11 || j-i > 4 {
		return false
	}
	for k := i; k <= j; k++ {
		if g[k].nd < 2 || (k > i && g[k].paren) {
			return false
		}
	}
	return true
}

// nanp accepts North American 3-3-4 numbers, optionally after "1".
func (sc *scanner) nanp(i, j int, d []byte) bool {
	g := sc.g
	k := i
	if j-i == 3 && g[i].nd == 1 && d[0] == 1 && !g[i].paren && g[i+1].sep != 'p' {
		k++
		d = d[1:]
	}
	if j-k != 2 || g[k].nd != 3 || g[k+1].nd != 3 || g[j].nd != 4 || g[k+1].paren || g[j].paren {
		return false
	}
	if d[0] < 2 || d[3] < 2 {
		return false
	}
	s1, s2 := g[k+1].sep, g[j].sep
	if g[k].paren {
		return (s1 == ' ' || s1 == 'p') && (s2 == '-' || s2 == ' ' || s2 == '.')
	}
	return s1 == s2 && (s1 == '-' || s1 == '.' || s1 == ' ')
}

// contextual accepts any plausible phone shape standing alone right after
// a phone word: "call 555-0134", "เบอร์ 9123 4567", "phone 4155550134".
func (sc *scanner) contextual(i, j int, d []byte) bool {
	g := sc.g
	if j-i > 4 {
		return false
	}
	all4, years := true, true
	for k := i; k <= j; k++ {
		if j > i && g[k].nd < 2 {
			return false
		}
		if g[k].nd != 4 {
			all4 = false
		}
		if g[k].nd != 4 || !isYear(sc.buf[g[k].d0:g[k].d0+4]) {
			years = false
		}
	}
	if j-i >= 2 && all4 || years || sc.thousands(i, j) {
		return false
	}
	if j == i && len(d) == 8 && isYear(d[:4]) && num(d[4:6]) >= 1 && num(d[4:6]) <= 12 && num(d[6:]) >= 1 && num(d[6:]) <= 31 {
		return false // yyyymmdd
	}
	return sc.bounded(i, j, true) && !sc.currency(g[i].lo, g[j].hi) && sc.context(g[i].lo, sc.r.phoneWords)
}

// thousands spots 1–3 digits followed by groups of exactly three: an
// amount ("1.299.000", "12 500 000"), never a phone without a trunk 0.
func (sc *scanner) thousands(i, j int) bool {
	g := sc.g
	if j == i || g[i].nd > 3 {
		return false
	}
	for k := i + 1; k <= j; k++ {
		if g[k].nd != 3 || g[k].sep != g[i+1].sep {
			return false
		}
	}
	return true
}

// hasDate reports three consecutive groups forming y-m-d or d-m-y / m-d-y.
func (sc *scanner) hasDate(i, j int) bool {
	g := sc.g
	for k := i; k+2 <= j; k++ {
		a, b, c := g[k], g[k+1], g[k+2]
		if b.sep != c.sep || b.sep == 'p' || a.paren || b.paren || c.paren {
			continue
		}
		va, vb, vc := sc.val(a), sc.val(b), sc.val(c)
		switch {
		case a.nd == 4 && b.nd <= 2 && c.nd <= 2:
			if yearOK(va) && vb >= 1 && vb <= 12 && vc >= 1 && vc <= 31 {
				return true
			}
		case a.nd <= 2 && b.nd <= 2 && c.nd == 4:
			if yearOK(vc) && (va >= 1 && va <= 31 && vb >= 1 && vb <= 12 || va >= 1 && va <= 12 && vb >= 1 && vb <= 31) {
				return true
			}
		}
	}
	return false
}

func (sc *scanner) val(g group) int { return num(sc.buf[g.d0 : g.d0+g.nd]) }

func num(d []byte) int {
	v := 0
	for _, x := range d {
		v = v*10 + int(x)
	}
	return v
}

func yearOK(y int) bool    { return y >= 1900 && y <= 2099 }
func isYear(d []byte) bool { return yearOK(num(d)) }

// currencySigns are symbols and codes that make a neighbouring number an
// amount. Letter codes must stand as words.
var currencySigns = []string{"$", "€", "£", "¥", "₫", "฿", "₹", "֏", "₩", "đ", "đồng", "dong", "RM", "USD", "VND", "THB", "MYR", "AMD", "EUR", "SGD", "GBP", "Rp", "baht", "บาท", "dram", "դրամ"}

// currency reports a currency sign or code right before lo or right
// after hi, at most one space away.
func (sc *scanner) currency(lo, hi int) bool {
	s := sc.s
	before := strings.TrimSuffix(strings.TrimSuffix(s[:lo], " "), "\u00a0")
	after := strings.TrimPrefix(strings.TrimPrefix(s[hi:], " "), "\u00a0")
	for _, c := range currencySigns {
		if strings.HasSuffix(before, c) {
			p := len(before) - len(c)
			if r, _ := utf8.DecodeLastRuneInString(before[:p]); p == 0 || !isWordRune(r) || !isWordRune(firstRune(c)) {
				return true
			}
		}
		if strings.HasPrefix(after, c) {
			if r, _ := utf8.DecodeRuneInString(after[len(c):]); len(after) == len(c) || !isWordRune(r) || !isWordRune(firstRune(c)) {
				return true
			}
		}
	}
	return false
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsMark(r))
}

// countryLen maps calling codes to the length range of the national
// number that follows them (ITU-T E.164 national plans, rounded out).
var countryLen = map[int][2]int{
	1: {10, 10}, 7: {10, 10}, 20: {8, 10}, 27: {9, 9}, 30: {10, 10}, 31: {9, 9},
	32: {8, 9}, 33: {9, 9}, 34: {9, 9}, 36: {8, 9}, 39: {6, 11}, 40: {9, 9},
	41: {9, 9}, 43: {4, 13}, 44: {9, 10}, 45: {8, 8}, 46: {7, 9}, 47: {8, 8},
	48: {9, 9}, 49: {6, 11}, 51: {8, 9}, 52: {10, 10}, 54: {10, 11}, 55: {10, 11},
	56: {9, 9}, 57: {10, 10}, 58: {10, 10}, 60: {8, 10}, 61: {9, 9}, 62: {8, 12},
	63: {8, 10}, 64: {8, 10}, 65: {8, 8}, 66: {8, 9}, 81: {9, 10}, 82: {8, 10},
	84: {9, 10}, 86: {10, 11}, 90: {10, 10}, 91: {10, 10}, 92: {9, 10}, 93: {9, 9},
	94: {9, 9}, 95: {7, 10}, 98: {10, 10}, 212: {9, 9}, 234: {8, 10}, 254: {9, 9},
	374: {8, 8}, 852: {8, 8}, 853: {8, 8}, 855: {8, 9}, 856: {8, 10}, 880: {10, 10},
	886: {9, 9}, 966: {9, 9}, 971: {8, 9}, 972: {8, 9},
}
