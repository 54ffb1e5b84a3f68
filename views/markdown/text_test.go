package markdown_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/views/markdown"
)

// Plain paragraphs in each script the contact centres work in. Vietnamese
// appears twice: precomposed (NFC) and decomposed (NFD, as some keyboards
// and copy-paste from PDFs produce it).
var scripts = []struct{ name, text string }{
	{"Thai", "ขอบคุณที่รอสายนะคะ ดิฉันเข้าใจว่าคุณรู้สึกไม่สบายใจ"},
	{"Vietnamese NFC", "Cảm ơn anh đã chờ máy. Tôi hiểu anh đang rất khó chịu."},
	{"Vietnamese NFD", "Ca\u0309m o\u031bn anh đa\u0303 cho\u031c\u0300 ma\u0301y. To\u0302i hie\u0302\u0309u."},
	{"Armenian", "Շնորհակալություն սպասելու համար։ Ես հասկանում եմ ձեզ։"},
	{"Arabic", "شكراً لانتظارك. أفهم أن هذا الأمر مزعج حقاً."},
	{"Hebrew", "תודה שהמתנת. אני מבין שזה מתסכל."},
	{"emoji ZWJ", "Great call 👩\u200d💻👨\u200d👩\u200d👧 👍🏽 🇹🇭 ❤\ufe0f"},
	{"mixed", "Say \"ขอโทษค่ะ\" then مرحبا, then Բարեւ."},
}

// TestRenderKeepsEveryScript checks that the text a reader sees is exactly
// the text the trainer wrote, for a plain paragraph and for the same text
// inside a heading, list item and blockquote; and that every text block
// carries dir="auto" so right-to-left paragraphs lay out correctly.
func TestRenderKeepsEveryScript(t *testing.T) {
	for _, sc := range scripts {
		t.Run(sc.name, func(t *testing.T) {
			// The newlines Render puts between blocks are the only
			// text it may add.
			got := markdown.Render(sc.text)
			assert.Equal(t, sc.text, strings.Trim(textContent(got), "\n"))
			assert.True(t, strings.HasPrefix(got, `<p dir="auto">`), got)

			for _, prefix := range []string{"# ", "- ", "> ", "1. "} {
				got := markdown.Render(prefix + sc.text)
				assert.Equal(t, sc.text, strings.Trim(textContent(got), "\n"), prefix)
				assert.Contains(t, got, `dir="auto"`)
			}
			assert.Equal(t, sc.text, markdown.Plain(sc.text, 0))
		})
	}
}

// TestRenderEmphasisInScripts checks that flanking works for scripts
// without spaces between words (Thai) and next to non-Latin punctuation.
func TestRenderEmphasisInScripts(t *testing.T) {
	tests := []struct{ src, want string }{
		{"คุณ**เข้าใจ**ไหม", "คุณ<strong>เข้าใจ</strong>ไหม"},
		{"*مرحبا* بالعالم", "<em>مرحبا</em> بالعالم"},
		{"«*Բարեւ*»", "«<em>Բարեւ</em>»"},
		{"_Cảm ơn_", "<em>Cảm ơn</em>"},
		{"ชื่อ_ลูกค้า_ใหม่", "ชื่อ_ลูกค้า_ใหม่"},
	}
	for _, tt := range tests {
		assert.Equal(t, `<p dir="auto">`+tt.want+"</p>\n", markdown.Render(tt.src), tt.src)
	}
}

func TestPlain(t *testing.T) {
	tests := []struct {
		name, src string
		max       int
		want      string
	}{
		{"short text unchanged", "Say what you hear.", 100, "Say what you hear."},
		{"exactly max", "abcde", 5, "abcde"},
		{"cut with ellipsis", "abcdefghij", 5, "abcde…"},
		{"no limit", "abcdefghij", 0, "abcdefghij"},
		{"markup removed", "# Title\n\n**Bold** and _em_ and `code` and [link](https://e.com).", 0,
			"Title Bold and em and code and link."},
		{"blocks separated by a space", "- one\n- two\n\n> three\n\n```\nfour\n```", 0, "one two three four"},
		{"whitespace collapsed", "a   b\t\tc\n\nd", 0, "a b c d"},
		{"html shown as text", "<b>x</b> & y", 0, "<b>x</b> & y"},
		{"rejected link kept as text", "[x](javascript:alert(1))", 0, "[x](javascript:alert(1))"},
		{"space before cut trimmed", "abcd efgh", 5, "abcd…"},
		{"Thai cut before a vowel mark", "สวัสดีครับ", 8, "สวัสดีค…"},
		{"Thai cut before a tone mark", "น้ำ", 1, "…"},
		{"Thai cut after a complete cluster", "น้ำใจ", 3, "น้ำ…"},
		{"decomposed Vietnamese", "Vie\u0323\u0302t Nam", 3, "Vi…"},
		{"decomposed Vietnamese cluster kept whole", "Vie\u0323\u0302t Nam", 5, "Vie\u0323\u0302…"},
		{"emoji ZWJ sequence kept whole", "👩\u200d💻👩\u200d💻", 4, "👩\u200d💻…"},
		{"emoji ZWJ not split after joiner", "👩\u200d💻👩\u200d💻", 2, "…"},
		{"skin tone kept with emoji", "👍🏽👍🏽", 3, "👍🏽…"},
		{"flag pair not split", "🇹🇭🇻🇳", 3, "🇹🇭…"},
		{"flag pairs complete", "🇹🇭🇻🇳x", 4, "🇹🇭🇻🇳…"},
		{"variation selector kept", "❤\ufe0f❤\ufe0f", 3, "❤\ufe0f…"},
		{"Arabic", "شكراً لانتظارك", 5, "شكراً…"},
		{"invalid UTF-8 replaced", "a\xffb", 0, "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, markdown.Plain(tt.src, tt.max))
		})
	}
}

// TestPlainNeverSplitsClusters cuts every script sample at every length
// and checks that the kept part never ends in a way that leaves a mark,
// joiner or modifier without its base.
func TestPlainNeverSplitsClusters(t *testing.T) {
	for _, sc := range scripts {
		full := []rune(sc.text)
		for n := 1; n < len(full); n++ {
			got := markdown.Plain(sc.text, n)
			require.True(t, strings.HasSuffix(got, "…"), "%s at %d: %q", sc.name, n, got)
			kept := []rune(strings.TrimSuffix(got, "…"))
			require.LessOrEqual(t, len(kept), n)
			require.Equal(t, string(full[:len(kept)]), string(kept), "%s at %d", sc.name, n)
			if len(kept) < len(full) && len(kept) > 0 && full[len(kept)] != ' ' {
				next := full[len(kept)]
				assert.False(t, isExtender(next) || full[len(kept)-1] == '\u200d',
					"%s cut at %d splits before %U: %q", sc.name, n, next, got)
			}
		}
	}
}

func isExtender(r rune) bool {
	return (r >= 0x0300 && r <= 0x036f) || // combining diacritics
		(r >= 0x0e31 && r <= 0x0e3a && r != 0x0e32 && r != 0x0e33) || (r >= 0x0e47 && r <= 0x0e4e) || // Thai marks
		r == 0x064b || r == 0xfe0f || r == 0x200d || (r >= 0x1f3fb && r <= 0x1f3ff)
}
