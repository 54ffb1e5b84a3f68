package markdown_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/views/markdown"
)

// adversarial inputs of n bytes (roughly), each aimed at a place where a
// naive markdown parser goes quadratic or worse.
var adversarial = []struct {
	name string
	gen  func(n int) string
}{
	{"stars", func(n int) string { return strings.Repeat("*", n) }},
	{"underscores", func(n int) string { return strings.Repeat("_", n) }},
	{"open brackets", func(n int) string { return strings.Repeat("[", n) }},
	{"bracket pairs", func(n int) string { return strings.Repeat("[]", n/2) }},
	{"unclosed destinations", func(n int) string { return strings.Repeat("[a](", n/4) }},
	{"open parens after link", func(n int) string { return "[a](" + strings.Repeat("(", n) }},
	{"backtick runs", func(n int) string {
		var b strings.Builder
		for k := 1; b.Len() < n; k++ {
			b.WriteString(strings.Repeat("`", k%50+1) + "x")
		}
		return b.String()
	}},
	{"emphasis openers", func(n int) string { return strings.Repeat("*a ", n/3) }},
	{"mixed openers", func(n int) string { return strings.Repeat("*_a **__b ", n/10) }},
	{"long opener many closers", func(n int) string {
		return strings.Repeat("*", n/2) + "a" + strings.Repeat(" a*", n/6)
	}},
	{"rule of three", func(n int) string { return strings.Repeat("a**b*", n/5) }},
	{"links", func(n int) string { return strings.Repeat("[a](https://e.com) ", n/19) }},
	{"bare urls", func(n int) string { return strings.Repeat("https://e.com/a_b ", n/18) }},
	{"glued urls", func(n int) string { return strings.Repeat("https://", n/8) + "\u200b" }},
	{"url closing parens", func(n int) string { return "https://e.com/" + strings.Repeat(")", n) }},
	{"quotes", func(n int) string { return strings.Repeat(">", n) }},
	{"nested items", func(n int) string { return strings.Repeat("- ", n/2) + "x" }},
	{"indented items", func(n int) string {
		var b strings.Builder
		for k := 0; b.Len() < n; k++ {
			b.WriteString(strings.Repeat(" ", k%40) + "- x\n")
		}
		return b.String()
	}},
	{"lines", func(n int) string { return strings.Repeat("a\n", n/2) }},
	{"blank-separated items", func(n int) string { return strings.Repeat("- a\n\n", n/5) }},
	{"fences", func(n int) string { return strings.Repeat("```\n", n/4) }},
}

// TestAdversarialInputScalesLinearly measures each adversarial input at
// two sizes, 8× apart, benchmark-style (best of several timed batches),
// and requires the larger to cost less than 24× the smaller. Linear work
// gives about 8×; quadratic would give 64×. Comparing the ratio rather
// than asserting an absolute time keeps the test meaningful on slow or
// busy machines and under -race.
func TestAdversarialInputScalesLinearly(t *testing.T) {
	const small, large = 2_500, 20_000
	for _, a := range adversarial {
		t.Run(a.name, func(t *testing.T) {
			s, l := a.gen(small), a.gen(large)
			ts, tl := nsPerOp(s), nsPerOp(l)
			ratio := tl / ts
			t.Logf("%d bytes: %.0f ns, %d bytes: %.0f ns, ratio %.1f", len(s), ts, len(l), tl, ratio)
			assert.Less(t, ratio, 24.0)
		})
	}
}

// nsPerOp returns the best per-call time of Render(src) over a few
// batches, each long enough for the clock's resolution not to matter.
func nsPerOp(src string) float64 {
	markdown.Render(src) // warm up
	best := 0.0
	for range 5 {
		n := 0
		start := time.Now()
		for time.Since(start) < 5*time.Millisecond || n < 3 {
			markdown.Render(src)
			n++
		}
		per := float64(time.Since(start).Nanoseconds()) / float64(n)
		if best == 0 || per < best {
			best = per
		}
	}
	return best
}

// lesson20k is a realistic module body of about 20,000 characters, the
// most a module may hold.
func lesson20k() string {
	var b strings.Builder
	for b.Len() < 20_000 {
		b.WriteString(lesson)
		b.WriteString("\n")
	}
	return b.String()[:20_000]
}

func BenchmarkRender(b *testing.B) {
	cases := []struct{ name, src string }{{"lesson20k", lesson20k()}}
	for _, a := range adversarial {
		cases = append(cases, struct{ name, src string }{a.name + "20k", a.gen(20_000)})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.src)))
			b.ReportAllocs()
			for b.Loop() {
				markdown.Render(c.src)
			}
		})
	}
}

func BenchmarkPlain(b *testing.B) {
	src := lesson20k()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		markdown.Plain(src, 160)
	}
}
