package markdown_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/views/markdown"
)

// TestRenderXSS feeds the usual attacks through every place text can go.
// Each output must pass both allow-list checks; links is how many <a>
// elements the parsed output may hold (the attacks that use an http(s)
// URL do get a link, with the payload harmlessly inside its href).
func TestRenderXSS(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		links int
	}{
		{"script tag", "<script>alert(1)</script>", 0},
		{"script tag split over lines", "<scr\nipt>alert(1)</script>", 0},
		{"img onerror", `<img src=x onerror="alert(1)">`, 0},
		{"svg onload", "<svg/onload=alert(1)>", 0},
		{"iframe", `<iframe src="javascript:alert(1)"></iframe>`, 0},
		{"raw anchor", `<a href="javascript:alert(1)">x</a>`, 0},
		{"style tag", "<style>body{display:none}</style>", 0},
		{"html comment", "<!-- x --><b>bold</b>", 0},
		{"cdata", "<![CDATA[<script>]]>", 0},
		{"html in heading", "# <img src=x onerror=alert(1)>", 0},
		{"html in list", "- <script>alert(1)</script>", 0},
		{"html in quote", "> <script>alert(1)</script>", 0},
		{"html in code span", "`<script>alert(1)</script>`", 0},
		{"html in fence", "```\n</code></pre><script>alert(1)</script>\n```", 0},
		{"html in fence info", "```\"><script>alert(1)</script>\nx\n```", 0},
		{"html in link text", "[<img src=x onerror=alert(1)>](https://e.com)", 1},

		{"javascript link", "[x](javascript:alert(1))", 0},
		{"mixed case scheme", "[x](JaVaScRiPt:alert(1))", 0},
		{"tab in scheme", "[x](java\tscript:alert(1))", 0},
		{"newline in scheme", "[x](java\nscript:alert(1))", 0},
		{"CR in scheme", "[x](java\rscript:alert(1))", 0},
		{"NUL in scheme", "[x](java\x00script:alert(1))", 0},
		{"leading space", "[x]( javascript:alert(1))", 0},
		{"leading control", "[x](\x01javascript:alert(1))", 0},
		{"leading zero-width space", "[x](\u200bjavascript:alert(1))", 0},
		{"decimal entity", "[x](&#106;avascript:alert(1))", 0},
		{"hex entity", "[x](&#x6A;avascript:alert(1))", 0},
		{"padded entity", "[x](&#0000106;avascript:alert(1))", 0},
		{"named entity colon", "[x](javascript&colon;alert(1))", 0},
		{"entity tab", "[x](java&#x09;script:alert(1))", 0},
		{"percent encoded", "[x](java%73cript:alert(1))", 0},
		{"backslash escaped", `[x](javascript\:alert(1))`, 0},
		{"angle brackets", "[x](<javascript:alert(1)>)", 0},
		{"data url", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", 0},
		{"vbscript", "[x](vbscript:msgbox(1))", 0},
		{"file url", "[x](file:///etc/passwd)", 0},
		{"protocol relative", "[x](//evil.example)", 0},
		{"scheme without slashes", "[x](https:evil.example)", 0},
		{"image with javascript", "![x](javascript:alert(1))", 0},
		{"title with javascript", "[x](javascript:alert(1) \"t\")", 0},
		{"bare javascript", "javascript:alert(1)", 0},

		{"quote breaks out of href", `[x](https://e.com/"onmouseover="alert(1))`, 1},
		{"single quote breaks out", `[x](https://e.com/'onmouseover='alert(1))`, 1},
		{"angle bracket breaks out", `[x](https://e.com/"><script>alert(1)</script>)`, 1},
		{"space breaks out", `[x](https://e.com/" onmouseover="alert(1))`, 1},
		{"autolink breaks out", `https://e.com/"onmouseover="alert(1)`, 1},
		{"autolink with tag", `https://e.com/<script>alert(1)</script>`, 1},
		{"nested javascript inside https", "[[x](javascript:alert(1))](https://e.com)", 1},
		{"nested https inside javascript", "[[x](https://e.com)](javascript:alert(1))", 1},
		{"bracket soup", "[[[x]]](javascript:alert(1))](https://e.com)", 1},
		{"link text closes anchor", "[</a><script>alert(1)</script>](https://e.com)", 1},
		{"emphasis around html", "*<script>*alert(1)*</script>*", 0},
		{"mailto with javascript", "[x](mailto:javascript:alert(1))", 1},
		{"bidi override in url", "[x](https://e.com/\u202Egnp.exe)", 1}, // only the part before the override is linked
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := markdown.Render(tt.src)
			require.NoError(t, checkStrict(got), got)
			counts, err := checkParsed(got)
			require.NoError(t, err, got)
			assert.Equal(t, tt.links, counts["a"], got)
			assert.NotContains(t, strings.ToLower(got), "<script")
			assert.NotContains(t, strings.ToLower(got), "<img")
			assert.NotContains(t, strings.ToLower(got), `href="javascript`)
		})
	}
}

// TestRenderRejectedLinkIsLiteral pins down what a reader sees for a link
// the renderer refuses: the markdown as typed, escaped.
func TestRenderRejectedLinkIsLiteral(t *testing.T) {
	assert.Equal(t, `<p dir="auto">[click](javascript:alert(&#39;x&#39;))</p>`+"\n",
		markdown.Render("[click](javascript:alert('x'))"))
}

// TestRenderFuzzSeedsAreSafe runs the fuzz corpus seeds as a plain test so
// the properties are checked on every go test run.
func TestRenderFuzzSeedsAreSafe(t *testing.T) {
	for _, s := range fuzzSeeds {
		checkRender(t, s)
	}
}

var fuzzSeeds = []string{
	"", "# h", "- a\n  - b\n- c", "> q\n>> r", "```\n<x>\n```", "---",
	"**a** *b* _c_ `d` [e](https://f.com) https://g.com",
	"[x](javascript:alert(1))", "<script>alert(1)</script>",
	"*_*_*_ **__ [[[ ]]] ((( ``` ` `` \\ \\\\",
	"สวัสดีครับ", "Tiê\u0301ng Viê\u0323t", "Բարեւ", "مرحبا *بالعالم*", "👩\u200d💻 🇹🇭",
	"a\xffb\x00c", "1. a\n2) b\n- c\n+ d",
}

// FuzzRender checks on arbitrary input that Render never panics, returns
// valid UTF-8, and emits only allow-listed, properly nested markup; and
// that Plain stays valid and within its bound.
func FuzzRender(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkRender(t, src)
	})
}

func checkRender(t *testing.T, src string) {
	t.Helper()
	got := markdown.Render(src)
	if !utf8.ValidString(got) {
		t.Fatalf("Render(%q) is not valid UTF-8: %q", src, got)
	}
	if err := checkStrict(got); err != nil {
		t.Fatalf("Render(%q) = %q: %v", src, got, err)
	}
	if _, err := checkParsed(got); err != nil {
		t.Fatalf("Render(%q) = %q: %v", src, got, err)
	}
	p := markdown.Plain(src, 40)
	if !utf8.ValidString(p) || utf8.RuneCountInString(p) > 41 {
		t.Fatalf("Plain(%q, 40) = %q", src, p)
	}
}
