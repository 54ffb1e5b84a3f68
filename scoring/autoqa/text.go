package autoqa

import (
	"strings"
	"unicode"
)

// isWordRune reports letters, digits and combining marks (Thai vowels and
// Vietnamese tones are marks) as parts of words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// words splits text into lower-case words; an apostrophe inside a word
// keeps it whole ("don't").
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !isWordRune(r) && r != '\'' && r != '’'
	})
}

// phraseHit is a phrase found in a text, in rune offsets.
type phraseHit struct {
	start, end int
	phrase     string
}

// findPhrases finds each phrase (lower case, single spaces) in text on whole
// words, case-insensitively, returning rune offsets. It folds case rune by
// rune, so offsets in the folded text are offsets in the original.
func findPhrases(text string, phrases []string) []phraseHit {
	// Cheap byte-level filter first: most turns contain none of the
	// phrases, and folding to runes costs an allocation per turn.
	folded := strings.ReplaceAll(strings.ToLower(text), "’", "'")
	any := false
	for _, p := range phrases {
		if strings.Contains(folded, p) {
			any = true
			break
		}
	}
	if !any {
		return nil
	}
	rs := []rune(text)
	low := make([]rune, len(rs))
	for i, r := range rs {
		low[i] = unicode.ToLower(r)
		if r == '’' {
			low[i] = '\''
		}
	}
	var hits []phraseHit
	for _, p := range phrases {
		if !strings.Contains(folded, p) {
			continue
		}
		pr := []rune(p)
		for i := 0; i+len(pr) <= len(low); i++ {
			if i > 0 && isWordRune(low[i-1]) {
				continue
			}
			if !matchAt(low, i, pr) {
				continue
			}
			end := i + len(pr)
			if end < len(low) && isWordRune(low[end]) {
				continue
			}
			hits = append(hits, phraseHit{start: i, end: end, phrase: p})
			i = end - 1
		}
	}
	return hits
}

// matchAt reports whether p occurs in s at offset i, rune for rune.
func matchAt(s []rune, i int, p []rune) bool {
	for j := range p {
		if i+j >= len(s) || s[i+j] != p[j] {
			return false
		}
	}
	return true
}
