package markdown_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/views/markdown"
)

func TestRenderBlocks(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", ""},
		{"blank lines only", "\n  \n\t\n", ""},
		{"paragraph", "Say what you hear.", `<p dir="auto">Say what you hear.</p>` + "\n"},
		{"paragraph lines join with a space", "one\ntwo\n  three", `<p dir="auto">one two three</p>` + "\n"},
		{"blank line separates paragraphs", "one\n\ntwo", `<p dir="auto">one</p>` + "\n" + `<p dir="auto">two</p>` + "\n"},
		{"hard break by two spaces", "one  \ntwo", `<p dir="auto">one<br>` + "\ntwo</p>\n"},
		{"hard break by backslash", "one\\\ntwo", `<p dir="auto">one<br>` + "\ntwo</p>\n"},
		{"one trailing space is soft", "one \ntwo", `<p dir="auto">one two</p>` + "\n"},
		{"trailing spaces at paragraph end dropped", "one  ", `<p dir="auto">one</p>` + "\n"},
		{"CRLF line endings", "one\r\ntwo\r\n\r\nthree", `<p dir="auto">one two</p>` + "\n" + `<p dir="auto">three</p>` + "\n"},

		{"h1 becomes h3", "# Greeting", `<h3 dir="auto">Greeting</h3>` + "\n"},
		{"h2 becomes h4", "## Greeting", `<h4 dir="auto">Greeting</h4>` + "\n"},
		{"h3 becomes h5", "### Greeting", `<h5 dir="auto">Greeting</h5>` + "\n"},
		{"h6 becomes h5", "###### Greeting", `<h5 dir="auto">Greeting</h5>` + "\n"},
		{"seven hashes are text", "####### Greeting", `<p dir="auto">####### Greeting</p>` + "\n"},
		{"hash needs a space", "#hashtag", `<p dir="auto">#hashtag</p>` + "\n"},
		{"closing hashes dropped", "## Greeting ##", `<h4 dir="auto">Greeting</h4>` + "\n"},
		{"hash inside heading kept", "# C# tips", `<h3 dir="auto">C# tips</h3>` + "\n"},
		{"heading has inline markup", "# *Warm* opening", `<h3 dir="auto"><em>Warm</em> opening</h3>` + "\n"},
		{"heading interrupts paragraph", "text\n# Head", `<p dir="auto">text</p>` + "\n" + `<h3 dir="auto">Head</h3>` + "\n"},

		{"bullet list", "- one\n- two", "<ul>\n" + `<li dir="auto">one</li>` + "\n" + `<li dir="auto">two</li>` + "\n</ul>\n"},
		{"star and plus bullets", "* one\n\n+ two", "<ul>\n" + `<li dir="auto">one</li>` + "\n</ul>\n<ul>\n" + `<li dir="auto">two</li>` + "\n</ul>\n"},
		{"ordered list", "1. one\n2. two", "<ol>\n" + `<li dir="auto">one</li>` + "\n" + `<li dir="auto">two</li>` + "\n</ol>\n"},
		{"ordered list with paren", "1) one\n2) two", "<ol>\n" + `<li dir="auto">one</li>` + "\n" + `<li dir="auto">two</li>` + "\n</ol>\n"},
		{"list interrupts paragraph", "Steps:\n- greet\n- listen", `<p dir="auto">Steps:</p>` + "\n<ul>\n" + `<li dir="auto">greet</li>` + "\n" + `<li dir="auto">listen</li>` + "\n</ul>\n"},
		{"number in prose is not a list", "We had\n2024. a good year", `<p dir="auto">We had 2024. a good year</p>` + "\n"},
		{"lazy continuation", "- one\ncontinued\n- two", "<ul>\n" + `<li dir="auto">one continued</li>` + "\n" + `<li dir="auto">two</li>` + "\n</ul>\n"},
		{"indented continuation", "- one\n  more", "<ul>\n" + `<li dir="auto">one more</li>` + "\n</ul>\n"},
		{"loose list", "- one\n\n- two", "<ul>\n" + `<li dir="auto"><p dir="auto">one</p>` + "\n</li>\n" + `<li dir="auto"><p dir="auto">two</p>` + "\n</li>\n</ul>\n"},
		{"nested list", "- one\n  - inner\n- two", "<ul>\n" + `<li dir="auto">one<ul>` + "\n" + `<li dir="auto">inner</li>` + "\n</ul>\n</li>\n" + `<li dir="auto">two</li>` + "\n</ul>\n"},
		{"nested under ordered with less indent", "1. one\n  - inner\n2. two", "<ol>\n" + `<li dir="auto">one<ul>` + "\n" + `<li dir="auto">inner</li>` + "\n</ul>\n</li>\n" + `<li dir="auto">two</li>` + "\n</ol>\n"},
		{"tab indented nesting", "- one\n\t- inner", "<ul>\n" + `<li dir="auto">one<ul>` + "\n" + `<li dir="auto">inner</li>` + "\n</ul>\n</li>\n</ul>\n"},
		{"list ends at paragraph after blank", "- one\n\nafter", "<ul>\n" + `<li dir="auto">one</li>` + "\n</ul>\n" + `<p dir="auto">after</p>` + "\n"},
		{"empty item", "-\n- two", "<ul>\n" + `<li dir="auto"></li>` + "\n" + `<li dir="auto">two</li>` + "\n</ul>\n"},
		{"dash without space is text", "-not a list", `<p dir="auto">-not a list</p>` + "\n"},

		{"blockquote", "> Thank you for waiting.", "<blockquote dir=\"auto\">\n" + `<p dir="auto">Thank you for waiting.</p>` + "\n</blockquote>\n"},
		{"blockquote lines join", "> one\n> two", "<blockquote dir=\"auto\">\n" + `<p dir="auto">one two</p>` + "\n</blockquote>\n"},
		{"blockquote lazy line", "> one\ntwo", "<blockquote dir=\"auto\">\n" + `<p dir="auto">one two</p>` + "\n</blockquote>\n"},
		{"blockquote with list", "> - a\n> - b", "<blockquote dir=\"auto\">\n<ul>\n" + `<li dir="auto">a</li>` + "\n" + `<li dir="auto">b</li>` + "\n</ul>\n</blockquote>\n"},
		{"nested blockquote", "> > deep", "<blockquote dir=\"auto\">\n<blockquote dir=\"auto\">\n" + `<p dir="auto">deep</p>` + "\n</blockquote>\n</blockquote>\n"},

		{"fenced code", "```\nif a < b {\n  go()\n}\n```", "<pre><code>if a &lt; b {\n  go()\n}\n</code></pre>\n"},
		{"fence info string ignored", "```go\nx := `raw`\n```", "<pre><code>x := `raw`\n</code></pre>\n"},
		{"tilde fence", "~~~\n**not bold**\n~~~", "<pre><code>**not bold**\n</code></pre>\n"},
		{"unclosed fence runs to end", "```\ncode\n\nmore", "<pre><code>code\n\nmore\n</code></pre>\n"},
		{"fence keeps blank lines", "```\na\n\nb\n```\nafter", "<pre><code>a\n\nb\n</code></pre>\n" + `<p dir="auto">after</p>` + "\n"},
		{"longer closing fence", "````\n```\n````", "<pre><code>```\n</code></pre>\n"},
		{"fence inside list item", "- code:\n  ```\n  x\n  ```", "<ul>\n" + `<li dir="auto">code:<pre><code>x` + "\n</code></pre>\n</li>\n</ul>\n"},
		{"triple backticks inline", "```inline```", `<p dir="auto"><code>inline</code></p>` + "\n"},

		{"rule dashes", "---", "<hr>\n"},
		{"rule stars", "***", "<hr>\n"},
		{"rule underscores", "___", "<hr>\n"},
		{"rule spaced", "- - -", "<hr>\n"},
		{"rule is not a list", "* * *\n- item", "<hr>\n<ul>\n" + `<li dir="auto">item</li>` + "\n</ul>\n"},
		{"rule after paragraph", "text\n---", `<p dir="auto">text</p>` + "\n<hr>\n"},
		{"two dashes are text", "--", `<p dir="auto">--</p>` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := markdown.Render(tt.src)
			assert.Equal(t, tt.want, got)
			require.NoError(t, checkStrict(got))
		})
	}
}

func TestRenderInline(t *testing.T) {
	p := func(s string) string { return `<p dir="auto">` + s + "</p>\n" }
	tests := []struct {
		name, src, want string
	}{
		{"strong", "**calm**", "<strong>calm</strong>"},
		{"strong underscores", "__calm__", "<strong>calm</strong>"},
		{"em star", "*calm*", "<em>calm</em>"},
		{"em underscore", "_calm_", "<em>calm</em>"},
		{"strong em", "***calm***", "<em><strong>calm</strong></em>"},
		{"nested", "**very *calm* voice**", "<strong>very <em>calm</em> voice</strong>"},
		{"intraword star", "un*frigging*believable", "un<em>frigging</em>believable"},
		{"snake_case stays", "use first_call_resolution here", "use first_call_resolution here"},
		{"intraword underscore pair", "a_b_c and _d_", "a_b_c and <em>d</em>"},
		{"arithmetic stays", "2 * 3 * 4", "2 * 3 * 4"},
		{"unmatched star", "*open", "*open"},
		{"unmatched strong", "**open *x*", "**open <em>x</em>"},
		{"leftover closer", "*a**", "<em>a</em>*"},
		{"leftover opener", "**a*", "*<em>a</em>"},
		{"rule of three", "*a**b*", "<em>a**b</em>"},
		{"code", "press `Ctrl+C`", "press <code>Ctrl+C</code>"},
		{"code keeps markup", "`*a* <b> [x](https://e.com)`", "<code>*a* &lt;b&gt; [x](https://e.com)</code>"},
		{"double backtick code", "``a ` b``", "<code>a ` b</code>"},
		{"code strips one space each side", "`` `x` ``", "<code>`x`</code>"},
		{"unmatched backtick", "a ` b", "a ` b"},
		{"code spans lines", "`a\nb`", "<code>a b</code>"},
		{"link", "[policy](https://example.com/policy)", `<a href="https://example.com/policy" rel="noopener noreferrer">policy</a>`},
		{"http link", "[x](http://example.com)", `<a href="http://example.com" rel="noopener noreferrer">x</a>`},
		{"mailto link", "[mail us](mailto:qa@example.com)", `<a href="mailto:qa@example.com" rel="noopener noreferrer">mail us</a>`},
		{"uppercase scheme", "[x](HTTPS://EXAMPLE.COM)", `<a href="HTTPS://EXAMPLE.COM" rel="noopener noreferrer">x</a>`},
		{"link with parens", "[x](https://en.wikipedia.org/wiki/Empathy_(disambiguation))", `<a href="https://en.wikipedia.org/wiki/Empathy_(disambiguation)" rel="noopener noreferrer">x</a>`},
		{"link with query", "[x](https://e.com/?a=1&b=2)", `<a href="https://e.com/?a=1&amp;b=2" rel="noopener noreferrer">x</a>`},
		{"link text markup", "[**read** this](https://e.com)", `<a href="https://e.com" rel="noopener noreferrer"><strong>read</strong> this</a>`},
		{"emphasis around link", "*[x](https://e.com)*", `<em><a href="https://e.com" rel="noopener noreferrer">x</a></em>`},
		{"emphasis does not cross link", "*a [b* c](https://e.com)", `*a <a href="https://e.com" rel="noopener noreferrer">b* c</a>`},
		{"escaped paren in url", `[x](https://e.com/\))`, `<a href="https://e.com/)" rel="noopener noreferrer">x</a>`},
		{"relative link is text", "[x](/admin)", "[x](/admin)"},
		{"link with title is text", "[x](https://e.com \"title\")", `[x](<a href="https://e.com" rel="noopener noreferrer">https://e.com</a> &#34;title&#34;)`},
		{"bare scheme is text", "[x](https://)", "[x](https://)"},
		{"brackets without url", "[not a link]", "[not a link]"},
		{"nested brackets", "[a [b] c](https://e.com)", `<a href="https://e.com" rel="noopener noreferrer">a [b] c</a>`},
		{"no links in links", "[[x](https://a.com)](https://b.com)", `[<a href="https://a.com" rel="noopener noreferrer">x</a>](<a href="https://b.com" rel="noopener noreferrer">https://b.com</a>)`},
		{"image is a link", "![chart](https://e.com/c.png)", `!<a href="https://e.com/c.png" rel="noopener noreferrer">chart</a>`},
		{"autolink", "see https://e.com/a_b_c.", `see <a href="https://e.com/a_b_c" rel="noopener noreferrer">https://e.com/a_b_c</a>.`},
		{"autolink in parens", "(https://e.com/x)", `(<a href="https://e.com/x" rel="noopener noreferrer">https://e.com/x</a>)`},
		{"autolink keeps balanced parens", "https://e.com/a_(b)", `<a href="https://e.com/a_(b)" rel="noopener noreferrer">https://e.com/a_(b)</a>`},
		{"no autolink mid-word", "xhttps://e.com", "xhttps://e.com"},
		{"autolink ends at invisible character", "https://e.com\u200b/x", `<a href="https://e.com" rel="noopener noreferrer">https://e.com</a>` + "\u200b/x"},
		{"autolink ends at quote", `https://e.com/"x`, `<a href="https://e.com/" rel="noopener noreferrer">https://e.com/</a>&#34;x`},
		{"autolink needs a host", "https:// x", "https:// x"},
		{"no autolink inside link text", "[https://a.com](https://b.com)", `<a href="https://b.com" rel="noopener noreferrer">https://a.com</a>`},
		{"no autolink in code", "`https://e.com`", "<code>https://e.com</code>"},
		{"escapes", `\*not em\* \_x\_ \# \[y\] \\ \` + "`", "*not em* _x_ # [y] \\ `"},
		{"backslash before letter stays", `C:\Users\agent`, `C:\Users\agent`},
		{"ampersand and angle brackets", "Q&A <3 > 2", "Q&amp;A &lt;3 &gt; 2"},
		{"entities are text", "&amp; &#60;", "&amp;amp; &amp;#60;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := markdown.Render(tt.src)
			assert.Equal(t, p(tt.want), got)
			require.NoError(t, checkStrict(got))
		})
	}
}

func TestRenderReplacesInvalidText(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"invalid byte", "a\xffb", "a\uFFFDb"},
		{"truncated rune", "a\xe0\xb8", "a\uFFFD\uFFFD"},
		{"NUL", "a\x00b", "a\uFFFDb"},
		{"escape char", "a\x1b[31mb", "a\uFFFD[31mb"},
		{"C1 control", "a\u0085b", "a\uFFFDb"},
		{"lone CR is a line break", "a\rb", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, `<p dir="auto">`+tt.want+"</p>\n", markdown.Render(tt.src))
		})
	}
}

// TestRenderDeepNesting checks that nesting beyond the fixed depth shows as
// text instead of recursing (or failing), and that the output stays
// balanced.
func TestRenderDeepNesting(t *testing.T) {
	for _, src := range []string{
		strings.Repeat(">", 100) + " deep",
		strings.Repeat("- ", 100) + "deep",
		strings.Repeat("> - ", 50) + "deep",
	} {
		got := markdown.Render(src)
		require.NoError(t, checkStrict(got))
		assert.Contains(t, got, "deep")
		assert.LessOrEqual(t, strings.Count(got, "<blockquote")+strings.Count(got, "<ul>"), 8)
	}
}

// A realistic module body, rendered whole, as a smoke test that the
// constructs combine.
func TestRenderLesson(t *testing.T) {
	got := markdown.Render(lesson)
	require.NoError(t, checkStrict(got))
	counts, err := checkParsed(got)
	require.NoError(t, err)
	assert.Equal(t, 1, counts["h3"])
	assert.Equal(t, 2, counts["h4"])
	assert.Equal(t, 1, counts["ol"])
	assert.Equal(t, 1, counts["ul"])
	assert.Equal(t, 1, counts["blockquote"])
	assert.Equal(t, 1, counts["pre"])
	assert.Equal(t, 2, counts["a"])
}

const lesson = `# Naming the feeling

Customers calm down faster when they feel **heard**. Say what you hear
before you solve anything.

## What good sounds like

> I can hear how _frustrating_ it is to be charged twice — let's fix
> that together.

1. Name the feeling.
2. Own the next step: *"I'll* refund it now."
3. Confirm the outcome.

## Avoid

- Scripted apologies that repeat the customer's words back.
- Jargon like ` + "`chargeback_reversal`" + `.
- Promising what you cannot do.

---

` + "```" + `
Agent: I can see two charges of $49.99 on 3 May.
` + "```" + `

Read more in the [empathy guide](https://example.com/guide) or ask
qa@example.com — see also https://example.com/faq.
`
