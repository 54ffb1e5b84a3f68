package redact

import "strings"

// group is one element of a number chain: a digit run, optionally with a
// leading "+" or wrapped in parentheses, or an opaque placeholder left by
// an earlier Redact ("[PHONE]"), which stands in for the digits it hid.
type group struct {
	lo, hi int  // byte span, including "+", "(" and ")"
	d0, nd int  // digits: buf[d0 : d0+nd]
	sep    byte // how it joins the previous group: ' ', '-', '.', 'p' (touching); 0 first
	plus   bool
	paren  bool
	opaque bool
}

// scanner holds the per-call state; Redactor itself stays immutable.
type scanner struct {
	r   *Redactor
	s   string
	g   []group
	buf []byte // digit values 0–9 of the current chain
	out []Match
}

// maxWindowGroups bounds how many groups one candidate may span so the
// work per chain position is constant.
const maxWindowGroups = 8

// findNumbers appends the card, phone and SSN matches in s[lo:hi].
func (r *Redactor) findNumbers(s string, lo, hi int, out []Match) []Match {
	sc := scanner{r: r, s: s, out: out}
	i := lo
	for i < hi {
		if !mayStart[s[i]] {
			i++
			continue
		}
		if s[i] >= 0x80 {
			// Most Thai text shares the lead byte of Thai digits; skip
			// the whole rune cheaply unless it really is a digit.
			if _, w := digitAt(s, i, hi); w == 0 {
				i++
				continue
			}
		}
		end := sc.chain(i, hi)
		if end <= i {
			i++
			continue
		}
		sc.evaluate()
		i = end
	}
	return sc.out
}

// mayStart marks bytes that can begin a group: ASCII digits, "+", "(",
// "[" and the lead bytes of Thai and Arabic-Indic digits.
var mayStart = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['+'], t['('], t['['], t[0xE0], t[0xD9], t[0xDB] = true, true, true, true, true, true
	return t
}()

// digitAt decodes a digit in any supported script at s[i].
func digitAt(s string, i, hi int) (v byte, w int) {
	c := s[i]
	switch {
	case c >= '0' && c <= '9':
		return c - '0', 1
	case c == 0xE0 && i+2 < hi && s[i+1] == 0xB9 && s[i+2] >= 0x90 && s[i+2] <= 0x99:
		return s[i+2] - 0x90, 3 // Thai U+0E50–U+0E59
	case c == 0xD9 && i+1 < hi && s[i+1] >= 0xA0 && s[i+1] <= 0xA9:
		return s[i+1] - 0xA0, 2 // Arabic-Indic U+0660–U+0669
	case c == 0xDB && i+1 < hi && s[i+1] >= 0xB0 && s[i+1] <= 0xB9:
		return s[i+1] - 0xB0, 2 // Extended Arabic-Indic U+06F0–U+06F9
	}
	return 0, 0
}

var placeholders = []string{"[CARD]", "[PHONE]", "[SSN]"}

// group parses one group at q; ok is false when none starts there.
func (sc *scanner) group(q, hi int) (group, bool) {
	s := sc.s
	g := group{lo: q, d0: len(sc.buf)}
	switch s[q] {
	case '[':
		for _, p := range placeholders {
			if q+len(p) <= hi && s[q:q+len(p)] == p {
				g.hi, g.opaque = q+len(p), true
				return g, true
			}
		}
		return g, false
	case '+':
		g.plus = true
		q++
	case '(':
		g.paren = true
		q++
	}
	for q < hi {
		v, w := digitAt(s, q, hi)
		if w == 0 {
			break
		}
		sc.buf = append(sc.buf, v)
		q += w
	}
	g.nd = len(sc.buf) - g.d0
	if g.nd == 0 || (g.paren && (g.nd > 5 || q >= hi || s[q] != ')')) {
		sc.buf = sc.buf[:g.d0]
		return g, false
	}
	if g.paren {
		q++
	}
	g.hi = q
	return g, true
}

// chain reads groups from i while they are joined by a single separator
// and returns the end of the last one.
func (sc *scanner) chain(i, hi int) int {
	sc.g, sc.buf = sc.g[:0], sc.buf[:0]
	g, ok := sc.group(i, hi)
	if !ok {
		return i
	}
	// "+" glued to a digit is arithmetic ("1+1"), not a country code.
	if g.plus && i > 0 && isASCIIAlnum(sc.s[i-1]) {
		g.plus = false
		g.lo++
	}
	sc.g = append(sc.g, g)
	s := sc.s
	for {
		p := sc.g[len(sc.g)-1].hi
		if p >= hi {
			break
		}
		var sep byte
		q := p
		switch {
		case s[p] == ' ' || s[p] == '-' || s[p] == '.':
			sep, q = s[p], p+1
		case strings.HasPrefix(s[p:hi], "\u00a0"):
			sep, q = ' ', p+2
		case s[p] == '(' || s[p] == '[' || s[p] == '+' || sc.g[len(sc.g)-1].paren || sc.g[len(sc.g)-1].opaque:
			sep = 'p'
		default:
			return p
		}
		if q >= hi || !mayStart[s[q]] {
			return p
		}
		ng, ok := sc.group(q, hi)
		if !ok {
			return p
		}
		ng.sep = sep
		sc.g = append(sc.g, ng)
	}
	return sc.g[len(sc.g)-1].hi
}

// evaluate walks the chain left to right and at each group takes the
// first rule that accepts some window starting there: cards, then SSNs,
// then phones, longest window first.
func (sc *scanner) evaluate() {
	n := len(sc.g)
	for i := 0; i < n; {
		if sc.g[i].opaque {
			i++
			continue
		}
		// Collect the window ends worth trying: at most 19 digits.
		last, nd := i-1, 0
		for j := i; j < n && j-i < maxWindowGroups && !sc.g[j].opaque; j++ {
			nd += sc.g[j].nd
			if nd > 19 {
				break
			}
			last = j
		}
		k, j := sc.try(i, last)
		if k == "" {
			i++
			continue
		}
		sc.out = append(sc.out, Match{Kind: k, Start: sc.g[i].lo, End: sc.g[j].hi})
		i = j + 1
	}
}

func (sc *scanner) try(i, last int) (Kind, int) {
	for j := last; j >= i; j-- {
		if sc.card(i, j) {
			return Card, j
		}
	}
	for j := last; j >= i; j-- {
		if sc.ssn(i, j) {
			return SSN, j
		}
	}
	for j := last; j >= i; j-- {
		if sc.phone(i, j) {
			return Phone, j
		}
	}
	return "", 0
}

// digits returns the digit values of groups i..j, concatenated.
func (sc *scanner) digits(i, j int) []byte {
	// Groups of one chain are contiguous in buf (opaque ones add none).
	return sc.buf[sc.g[i].d0 : sc.g[j].d0+sc.g[j].nd]
}

// bounded reports whether window i..j stands free: not glued to an ASCII
// identifier and not continued by "-", "." or touching groups. With
// alone, no neighbouring group at all is allowed.
func (sc *scanner) bounded(i, j int, alone bool) bool {
	if i > 0 {
		if alone || sc.g[i].sep != ' ' {
			return false
		}
	} else if sc.gluedBefore(sc.g[i].lo) {
		return false
	}
	if j < len(sc.g)-1 {
		if alone || sc.g[j+1].sep != ' ' {
			return false
		}
	} else if sc.gluedAfter(sc.g[j].hi) {
		return false
	}
	return true
}

// gluedBefore reports whether the value starting at p continues an ASCII
// identifier ("ORD4539", "ORD-4539", "INV_") or a number ("12,4539").
func (sc *scanner) gluedBefore(p int) bool {
	s := sc.s
	if p == 0 {
		return false
	}
	c := s[p-1]
	if isASCIIAlnum(c) || c == '_' || strings.HasSuffix(s[:p], "[EMAIL]") {
		return true
	}
	if p < 2 {
		return false
	}
	b := s[p-2]
	switch c {
	case '-', '/':
		return isASCIILetter(b) || b == '_'
	case ',':
		// A placeholder hid digits; it must glue as they did, or a
		// second Redact would see a freed neighbour.
		return b >= '0' && b <= '9' || endsWithNumberPlaceholder(s[:p-1])
	}
	return false
}

// endsWithNumberPlaceholder reports a "[CARD]", "[PHONE]" or "[SSN]" at
// the end of s.
func endsWithNumberPlaceholder(s string) bool {
	for _, p := range placeholders {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}

// startsWithNumberPlaceholder mirrors endsWithNumberPlaceholder.
func startsWithNumberPlaceholder(s string) bool {
	for _, p := range placeholders {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// gluedAfter is gluedBefore's mirror; a trailing "%" makes a percentage.
func (sc *scanner) gluedAfter(p int) bool {
	s := sc.s
	if p >= len(s) {
		return false
	}
	c := s[p]
	// An address typed straight after digits that it did not absorb
	// (Thai digits, class break) glues the digits, before and after
	// redaction alike.
	if isASCIIAlnum(c) || c == '_' || c == '%' || strings.HasPrefix(s[p:], "[EMAIL]") {
		return true
	}
	if p+1 < len(s) {
		b := s[p+1]
		switch c {
		case '-', '/':
			return isASCIILetter(b) || b == '_'
		case ',':
			return b >= '0' && b <= '9' || startsWithNumberPlaceholder(s[p+1:])
		}
	}
	return false
}
