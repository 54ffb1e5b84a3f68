package transcript_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/scoring/transcript"
)

func TestHTMLText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "Hello there", "Hello there"},
		{"paragraphs", "<p>Hi Anna,</p>\n<p>Thanks for waiting.</p>", "Hi Anna,\n\nThanks for waiting."},
		{"br", "line one<br>line two<br/>line three<BR />", "line one\nline two\nline three"},
		{"double br", "a<br><br>b", "a\n\nb"},
		{"list", "<p>Steps:</p><ul><li>Restart</li><li>Update <b>now</b></li></ul><p>Done</p>", "Steps:\n\n- Restart\n- Update now\n\nDone"},
		{"entities", "Fish &amp; chips &lt;3 &quot;ok&quot; &#39;x&#39; caf&eacute;&nbsp;bar", "Fish & chips <3 \"ok\" 'x' café bar"},
		{"script and style", "<style>p{color:red}</style>Hi<script>alert('<p>x</p>')</script> there", "Hi there"},
		{"comment", "a<!-- <p>hidden</p> -->b", "ab"},
		{"nested", "<div><div><span>one <em>two <strong>three</strong></em></span></div></div><div>four</div>", "one two three\nfour"},
		{"whitespace", "  lots   of\n\t space  ", "lots of space"},
		{"attributes with >", `<a href="x>y" title='a>b'>link</a> text`, "link text"},
		{"lone lt", "a < b and c<1", "a < b and c<1"},
		{"unterminated tag", "hello <b class=", "hello"},
		{"thai", "<p>สวัสดีค่ะ</p><p>ขอบคุณที่ติดต่อเรา&nbsp;ค่ะ</p>", "สวัสดีค่ะ\n\nขอบคุณที่ติดต่อเรา ค่ะ"},
		{"vietnamese", "<div>Xin chào <b>Nguyễn Văn A</b>,<br>Cảm ơn bạn đã liên hệ.</div>", "Xin chào Nguyễn Văn A,\nCảm ơn bạn đã liên hệ."},
		{"pre keeps lines", "<pre>a  b\nc</pre>", "a  b\nc"},
		{"table", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, transcript.HTMLText(c.in))
		})
	}
}
