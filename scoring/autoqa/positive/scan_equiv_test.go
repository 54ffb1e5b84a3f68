package positive

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// TestScanIDsMatchesScan checks the word-id matcher against the plain
// map-walking scan on random texts made of the lists' own words.
func TestScanIDsMatchesScan(t *testing.T) {
	for _, lang := range []string{"en", "vi", "ms"} {
		lx := lexicons[lang]
		words := []string{".", ",", "?", "\n", "Hello", "need", "wait", "I", "CAN'T", "You"}
		for w := range lx.vocab {
			words = append(words, w)
		}
		r := rand.New(rand.NewSource(2))
		for n := 0; n < 5000; n++ {
			var sb strings.Builder
			k := r.Intn(25)
			for i := 0; i < k; i++ {
				w := words[r.Intn(len(words))]
				if r.Intn(5) == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				}
				sb.WriteString(w)
				sb.WriteString(" ")
			}
			s := sb.String()
			d := tokenize(s)
			got := Analyze(lang, s)
			want := Report{
				Negative:  phrases(&d, lx, scan(&d, lx.tries["neg"])),
				Ownership: Ownership{Own: phrases(&d, lx, scan(&d, lx.tries["own"])), Deflect: phrases(&d, lx, scan(&d, lx.tries["deflect"]))},
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s %q\n%+v\n%+v", lang, s, got, want)
			}
		}
	}
}

// TestTidyFromMatchesTidy checks the in-buffer tidy against tidy on
// strings that do and do not need collapsing, including first letters
// whose capital has a different UTF-8 length (ı → I, ɐ → Ɐ).
func TestTidyFromMatchesTidy(t *testing.T) {
	parts := []string{"", " ", "  ", "a", "x", "ı", "ɐ", "é", "I", ",", ".", "?", "…", "\t", "\n", "can", "\xff", "’"}
	r := rand.New(rand.NewSource(3))
	for n := 0; n < 20000; n++ {
		var sb strings.Builder
		for k := r.Intn(6); k > 0; k-- {
			sb.WriteString(parts[r.Intn(len(parts))])
		}
		s := sb.String()
		prefix := parts[r.Intn(len(parts))]
		b := tidyFrom([]byte(prefix+s), len(prefix))
		if got, want := string(b), prefix+tidy(s); got != want {
			t.Fatalf("tidyFrom(%q, %d) = %q, want %q", prefix+s, len(prefix), got, want)
		}
	}
}
