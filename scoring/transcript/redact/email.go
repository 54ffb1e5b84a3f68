package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxLocal bounds the backwards scan from "@" (RFC 5321 allows 64
// octets); it keeps a string of many "@" linear.
const maxLocal = 64

// maxDomain bounds the forward scan (RFC 1035: 253).
const maxDomain = 253

// findEmails returns every local@domain.tld in s. Scanning is anchored on
// "@", found with IndexByte, so text without "@" costs almost nothing.
func findEmails(s string) []Match {
	var out []Match
	pos, prevEnd := 0, 0
	for pos < len(s) {
		k := strings.IndexByte(s[pos:], '@')
		if k < 0 {
			break
		}
		at := pos + k
		start, ok := localStart(s, prevEnd, at)
		if !ok {
			pos = at + 1
			continue
		}
		end, ok := domainEnd(s, at+1)
		if !ok {
			pos = at + 1
			continue
		}
		out = append(out, Match{Kind: Email, Start: start, End: end})
		prevEnd, pos = end, end
	}
	return out
}

// localStart walks left from the "@" at `at` over local-part runes and
// returns where the address begins.
func localStart(s string, floor, at int) (int, bool) {
	i, n, cls := at, 0, -1
	for i > floor {
		r, w := utf8.DecodeLastRuneInString(s[floor:i])
		if !isLocalRune(r) {
			break
		}
		c := scriptClass(r)
		if cls < 0 {
			cls = c
		} else if c != cls {
			// A Thai word glued to a Latin address is not part of it.
			break
		}
		if n == maxLocal {
			// Too long to be an address; reject rather than cut, so the
			// kept prefix is never re-read differently after redaction.
			return 0, false
		}
		i -= w
		n++
	}
	for i < at && s[i] == '.' {
		i++
	}
	if i == at || s[at-1] == '.' || strings.Contains(s[i:at], "..") {
		return 0, false
	}
	return i, true
}

// domainEnd reads dot-separated labels after the "@" and returns the end
// of the last label that can be a top-level domain (letters only, ≥ 2).
// At least two labels are required: "name@localhost" is not an address a
// customer gives out.
func domainEnd(s string, from int) (int, bool) {
	i, labels, best, cls := from, 0, -1, -1
	for i < len(s) && i-from <= maxDomain {
		ls, letters, n := i, true, 0
		for i < len(s) {
			r, w := utf8.DecodeRuneInString(s[i:])
			if !isDomainRune(r) {
				break
			}
			c := scriptClass(r)
			if cls < 0 {
				cls = c
			} else if c != cls {
				break
			}
			if r == '-' || (r < utf8.RuneSelf && r >= '0' && r <= '9') || unicode.IsDigit(r) {
				letters = false
			}
			i += w
			n++
		}
		if n == 0 || n > 63 || s[ls] == '-' || s[i-1] == '-' {
			break
		}
		labels++
		if labels >= 2 && letters && n >= 2 {
			best = i
		}
		if i+1 < len(s) && s[i] == '.' {
			r, _ := utf8.DecodeRuneInString(s[i+1:])
			if isDomainRune(r) && r != '-' && scriptClass(r) == cls {
				i++
				continue
			}
		}
		break
	}
	return best, best > 0
}

func isLocalRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIAlnum(byte(r)) || r == '.' || r == '_' || r == '%' || r == '+' || r == '-'
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
}

func isDomainRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIAlnum(byte(r)) || r == '-'
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
}

// scriptClass separates scripts written without spaces between words
// (Thai, Lao, Khmer, Myanmar, CJK) from the rest, so an address typed
// straight after a Thai word does not swallow it.
func scriptClass(r rune) int {
	switch {
	case r >= 0x0E00 && r <= 0x0EFF, // Thai, Lao
		r >= 0x1000 && r <= 0x109F, // Myanmar
		r >= 0x1780 && r <= 0x17FF, // Khmer
		r >= 0x3040 && r <= 0x30FF, // kana
		r >= 0x3400 && r <= 0x9FFF: // CJK
		return 1
	}
	return 0
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isASCIILetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
