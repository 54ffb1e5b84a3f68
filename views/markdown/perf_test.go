package markdown_test

import (
	"fmt"
	"strings"
	"testing"

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

// BenchmarkAdversarial renders each adversarial input at two sizes, 8×
// apart: linear work costs about 8× more at the larger size, quadratic
// 64×. A benchmark, not a test, because wall-clock ratios on a shared CI
// machine are not a reliable pass/fail signal; compare the two sizes with
//
//	go test -run '^$' -bench Adversarial ./views/markdown/
func BenchmarkAdversarial(b *testing.B) {
	for _, a := range adversarial {
		for _, n := range []int{2_500, 20_000} {
			src := a.gen(n)
			b.Run(fmt.Sprintf("%s/%d", a.name, n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					markdown.Render(src)
				}
			})
		}
	}
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
