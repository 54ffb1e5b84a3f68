package readability_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/qascore/qascore/scoring/autoqa/readability"
)

// agentText is about 2 KB of contact-centre English written for these
// benchmarks: a typical agent side of a broadband support chat.
var agentText = func() string {
	const para = "Thanks for waiting, Mr. Patel. I've checked your account and I can see the line dropped at 3.15 this morning. " +
		"At this point in time the ONT is showing a red light, so I will escalate this to tier 2 and provision a new PPPoE login. " +
		"Does that make sense? In the meantime, please power-cycle the router: turn it off, wait 30 seconds, then turn it on again. " +
		"If it still doesn't work, let me know if anything is unclear and I'll book an engineer for you, e.g. tomorrow morning. "
	var b strings.Builder
	for b.Len() < 2048 {
		b.WriteString(para)
	}
	return b.String()[:2048]
}()

func BenchmarkAnalyze(b *testing.B) {
	b.SetBytes(int64(len(agentText)))
	for b.Loop() {
		readability.Analyze(agentText)
	}
}

func BenchmarkGradeDifficulty(b *testing.B) {
	b.SetBytes(int64(len(agentText)))
	for b.Loop() {
		readability.GradeDifficulty(agentText)
	}
}

func BenchmarkFindJargon(b *testing.B) {
	b.SetBytes(int64(len(agentText)))
	for b.Loop() {
		readability.FindJargon(agentText)
	}
}

func BenchmarkChecksUnderstanding(b *testing.B) {
	b.SetBytes(int64(len(agentText)))
	for b.Loop() {
		readability.ChecksUnderstanding(agentText)
	}
}

func BenchmarkSyllables(b *testing.B) {
	words := strings.Fields("customer internet unfortunately escalate the provisioning queue authentication beautiful something")
	for b.Loop() {
		for _, w := range words {
			readability.Syllables(w)
		}
	}
}

var fuzzSeeds = []string{
	"",
	"Hello Mr. Smith. Does that make sense?",
	"สวัสดีครับผมชื่อสมชาย ยินดีที่ได้รู้จัก",
	"Բարեւ ձեզ։ Ինչպես կարող եմ օգնել։",
	"Xin chào, tôi có thể giúp gì cho bạn?",
	"Thanks 👍🏽 family: 👨‍👩‍👧 ... escalate!!",
	"e.g. U.S. 3.5 www.x.com/?a=1 … \r\n\r\n’'’",
	"\xff\xfe invalid \xc3 utf8 escalate",
	"don't’s '' ' 1,000,000.5 No. 5",
}

// checkSpan asserts the fuzz invariants on one span: inside the text, not
// empty, and a slice of whole runes that is valid UTF-8 whenever the input
// was.
func checkSpan(t *testing.T, text string, runes []rune, start, end int) {
	t.Helper()
	if start < 0 || end > len(runes) || start >= end {
		t.Fatalf("span [%d,%d) outside %d runes of %q", start, end, len(runes), text)
	}
	if utf8.ValidString(text) && !utf8.ValidString(string(runes[start:end])) {
		t.Fatalf("span [%d,%d) of %q is not valid UTF-8", start, end, text)
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := readability.Analyze(text)
		runes := []rune(text)
		words := 0
		for _, sp := range s.SentenceSpans {
			checkSpan(t, text, runes, sp.Start, sp.End)
			words += sp.Words
		}
		if words != s.Words {
			t.Fatalf("sentence words %d != words %d", words, s.Words)
		}
		if s.FKGrade != s.FKGrade || s.AvgWordsPerSentence != s.AvgWordsPerSentence {
			t.Fatalf("NaN in %+v", s)
		}
		d := readability.GradeDifficulty(text)
		if d != d {
			t.Fatalf("GradeDifficulty NaN")
		}
		for _, w := range strings.Fields(text) {
			if n := readability.Syllables(w); n < 0 || n > len(w) {
				t.Fatalf("Syllables(%q) = %d", w, n)
			}
		}
	})
}

func FuzzFindJargon(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		runes := []rune(text)
		prevEnd := 0
		for _, m := range readability.FindJargon(text) {
			checkSpan(t, text, runes, m.Start, m.End)
			if m.Start < prevEnd {
				t.Fatalf("overlapping matches in %q", text)
			}
			prevEnd = m.End
		}
		for _, m := range readability.ChecksUnderstanding(text) {
			checkSpan(t, text, runes, m.Start, m.End)
		}
	})
}

// BenchmarkAnalyzeAll is Clarity's per-turn work in one call; compare with
// the sum of Analyze, FindJargon and ChecksUnderstanding.
func BenchmarkAnalyzeAll(b *testing.B) {
	b.SetBytes(int64(len(agentText)))
	for b.Loop() {
		readability.AnalyzeAll(agentText)
	}
}

func FuzzAnalyzeAll(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("Ok; so: Does that make sense?\nAt this point in time\u2028ONT’s 3.5 e.g. JOHN F. Kennedy")
	f.Fuzz(func(t *testing.T, text string) {
		st, j, c := readability.AnalyzeAll(text)
		if !reflect.DeepEqual(st, readability.Analyze(text)) || !reflect.DeepEqual(j, readability.FindJargon(text)) || !reflect.DeepEqual(c, readability.ChecksUnderstanding(text)) {
			t.Fatalf("AnalyzeAll(%q) differs from the separate calls", text)
		}
	})
}

// benchTurns are agent turns like those of autoqa's BenchmarkScore, which
// calls AnalyzeAllLong once per agent turn: short texts, so per-call costs
// count as much as per-byte ones.
var benchTurns = []string{
	"I'm so sorry about that, it sounds really frustrating when you rely on it for work.",
	"Let me check the line for you now. I will book an engineer for tomorrow morning.",
	"Unfortunately, I can't change the date, it's not our policy. You have to call the courier.",
	"Your ONT shows a loss of signal, so the PPPoE session drops at this point in time.",
	"Does that make sense? Is there anything else I can help with today?",
	"As I said, the plug needs the 2.4 GHz network, which you can find in the router settings page.",
	"Thanks for your patience. I've refunded the duplicate payment and you'll see it within three working days.",
}

func BenchmarkAnalyzeAllLongTurns(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range benchTurns {
			readability.AnalyzeAllLong(t)
		}
	}
}
