package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Node kinds produced by the inline scan.
const (
	nText      = iota // literal text, escaped on output
	nBracket          // a literal "[" that may still become nLinkOpen
	nDelim            // a run of '*' or '_', possibly turned into em/strong tags
	nCode             // a code span
	nBreak            // a hard line break
	nLinkOpen         // <a href=text>
	nLinkClose        // </a>
)

// node is one piece of a paragraph's inline content. The scan produces a
// flat list; emphasis is recorded as tags attached to delimiter nodes
// rather than as a tree, which keeps matching simple and rendering a
// single loop. Matching only pairs delimiters at the same level (never
// across a link boundary), so the tags always nest properly.
//
// Nodes are small and refer to the source by offsets, and adjacent text
// merges into one node, because a paragraph of 20,000 characters can mean
// thousands of nodes and their size is most of the renderer's work.
type node struct {
	kind   uint8
	ch     byte  // nDelim: '*' or '_'
	n      int32 // nDelim: delimiter characters not used by a match
	lo, hi int32 // nText, nBracket, nCode: the text is s[lo:hi]
	x      int32 // nLinkOpen: index in hrefs; nDelim: 1 + index in tags, or 0
}

// tagList holds the emphasis tags of a delimiter node, innermost first;
// true stands for strong, false for em.
type tagList struct{ open, close []bool }

// delim is an entry of the delimiter list used to match emphasis, linked
// in source order so that matched and spent entries can be unlinked in
// constant time.
type delim struct {
	node              int
	ch                byte
	orig              int // run length before matching, for the rule of three
	canOpen, canClose bool
	prev, next        int
}

// bracket is a '[' that may still open a link.
type bracket struct {
	node   int // index of the "[" text node
	bottom int // the last delimiter before the bracket, or -1
}

// inline is the state of one inline scan. It is reused across paragraphs.
type inline struct {
	s        string
	nodes    []node
	delims   []delim
	tail     int // last live delimiter, or -1
	brackets []bracket
	hrefs    []string
	tags     []tagList
	pending  []byte // render's text buffer, kept for reuse

	// Code span closers: positions of maximal backtick runs by length,
	// with a cursor per length. Openers are met left to right, so each
	// cursor only moves forward and finding closers is linear overall.
	ticks    map[int][]int
	tickCur  map[int]int
	tickDone bool

	// Matching parentheses for link destinations, computed one
	// whitespace-free segment at a time so that many "](" with no
	// closing ")" cannot make the scan quadratic.
	parens   map[int]int
	parenEnd int
	stack    []int
}

// release drops references to the last input and returns p to the pool.
func (p *inline) release() {
	p.reset("")
	inlinePool.Put(p)
}

func (p *inline) reset(s string) {
	p.s = s
	p.nodes = p.nodes[:0]
	p.delims = p.delims[:0]
	p.tail = -1
	p.brackets = p.brackets[:0]
	clear(p.hrefs)
	p.hrefs = p.hrefs[:0]
	clear(p.tags)
	p.tags = p.tags[:0]
	p.tickDone = false
	clear(p.ticks)
	clear(p.tickCur)
	clear(p.parens)
	p.parenEnd = 0
}

// text adds s[lo:hi] as literal text, extending the previous text node
// when the two are adjacent in the source.
func (p *inline) text(lo, hi int) {
	if lo >= hi {
		return
	}
	if k := len(p.nodes) - 1; k >= 0 && p.nodes[k].kind == nText && int(p.nodes[k].hi) == lo {
		p.nodes[k].hi = int32(hi)
		return
	}
	p.nodes = append(p.nodes, node{kind: nText, lo: int32(lo), hi: int32(hi)})
}

// parse scans p.s into nodes, forming code spans and links as it goes and
// matching emphasis at the end (and at each link, for its text).
func (p *inline) parse() {
	s := p.s
	start := 0 // start of the pending literal text
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) && isASCIIPunct(s[i+1]) {
				p.text(start, i)
				p.text(i+1, i+2)
				i += 2
				start = i
				continue
			}
			if i+1 < len(s) && s[i+1] == '\n' {
				p.text(start, i)
				p.nodes = append(p.nodes, node{kind: nBreak})
				i += 2
				start = i
				continue
			}
			i++
		case '`':
			n := run(s, i, '`')
			if end := p.closingTicks(i+n, n); end >= 0 {
				p.text(start, i)
				lo, hi := codeContent(s, i+n, end)
				p.nodes = append(p.nodes, node{kind: nCode, lo: int32(lo), hi: int32(hi)})
				i = end + n
				start = i
				continue
			}
			i += n // an unmatched run is literal as a whole
		case '*', '_':
			p.text(start, i)
			n := run(s, i, c)
			p.delimiter(i, n, c)
			i += n
			start = i
		case '[':
			p.text(start, i)
			p.brackets = append(p.brackets, bracket{node: len(p.nodes), bottom: p.tail})
			p.nodes = append(p.nodes, node{kind: nBracket, lo: int32(i), hi: int32(i + 1)})
			i++
			start = i
		case ']':
			p.text(start, i)
			i = p.closeBracket(i)
			start = i
		case '\n':
			// A soft break stays in the text and is written as a space.
			// Spaces before it go; two or more make it a hard break.
			t := i - start
			for t > 0 && (s[start+t-1] == ' ' || s[start+t-1] == '\t') {
				t--
			}
			if t == i-start {
				i++
				continue
			}
			p.text(start, start+t)
			if i-start-t >= 2 {
				p.nodes = append(p.nodes, node{kind: nBreak})
				start = i + 1
			} else {
				start = i
			}
			i++
		default:
			i++
		}
	}
	p.text(start, len(s))
	p.emphasis(-1)
}

// run returns the length of the run of c starting at s[i].
func run(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// delimiter records a run of n '*' or '_' at s[i] with CommonMark's
// flanking rules, so that "snake_case" and "2 * 3 * 4" stay as written.
func (p *inline) delimiter(i, n int, c byte) {
	before, after := ' ', ' ' // the edges of the text count as whitespace
	if i > 0 {
		before, _ = utf8.DecodeLastRuneInString(p.s[:i])
	}
	if i+n < len(p.s) {
		after, _ = utf8.DecodeRuneInString(p.s[i+n:])
	}
	left := !unicode.IsSpace(after) && (!isPunct(after) || unicode.IsSpace(before) || isPunct(before))
	right := !unicode.IsSpace(before) && (!isPunct(before) || unicode.IsSpace(after) || isPunct(after))
	d := delim{node: len(p.nodes), ch: c, orig: n, canOpen: left, canClose: right, prev: p.tail, next: -1}
	if c == '_' {
		d.canOpen = left && (!right || isPunct(before))
		d.canClose = right && (!left || isPunct(after))
	}
	p.nodes = append(p.nodes, node{kind: nDelim, ch: c, n: int32(n)})
	if d.canOpen || d.canClose {
		k := len(p.delims)
		p.delims = append(p.delims, d)
		if p.tail >= 0 {
			p.delims[p.tail].next = k
		}
		p.tail = k
	}
}

// closeBracket handles the ']' at s[i] and returns where scanning resumes.
// It forms a link when the innermost open '[' is followed by "](url)" with
// an allowed URL; otherwise both brackets stay literal text.
func (p *inline) closeBracket(i int) int {
	s := p.s
	if len(p.brackets) == 0 {
		p.text(i, i+1)
		return i + 1
	}
	b := p.brackets[len(p.brackets)-1]
	p.brackets = p.brackets[:len(p.brackets)-1]
	if i+1 < len(s) && s[i+1] == '(' {
		if end := p.matchParen(i + 1); end >= 0 {
			if href := unescape(s[i+2 : end]); safeURL(href) {
				p.emphasis(b.bottom)
				p.nodes[b.node] = node{kind: nLinkOpen, x: int32(len(p.hrefs))}
				p.hrefs = append(p.hrefs, href)
				p.nodes = append(p.nodes, node{kind: nLinkClose})
				// Links cannot contain links: every earlier '[' is now
				// literal, which dropping them achieves.
				p.brackets = p.brackets[:0]
				return end + 1
			}
		}
	}
	p.text(i, i+1)
	return i + 1
}

// matchParen returns the index of the ')' closing the '(' at s[q], or -1.
// A destination cannot contain whitespace, so matching is done per
// whitespace-free segment with a stack, and remembered: queries come in
// increasing order, so every byte is examined once.
func (p *inline) matchParen(q int) int {
	if q >= p.parenEnd {
		if p.parens == nil {
			p.parens = make(map[int]int)
		}
		s := p.s
		stack := p.stack[:0]
		j := q
		for ; j < len(s); j++ {
			c := s[j]
			if c == ' ' || c == '\t' || c == '\n' {
				break
			}
			switch {
			case c == '\\' && j+1 < len(s) && isASCIIPunct(s[j+1]):
				j++
			case c == '(':
				stack = append(stack, j)
			case c == ')' && len(stack) > 0:
				p.parens[stack[len(stack)-1]] = j
				stack = stack[:len(stack)-1]
			}
		}
		p.parenEnd = j
		p.stack = stack
	}
	if end, ok := p.parens[q]; ok {
		return end
	}
	return -1
}

// closingTicks returns the start of the first run of exactly n backticks
// at or after from, or -1.
func (p *inline) closingTicks(from, n int) int {
	if !p.tickDone {
		p.tickDone = true
		if p.ticks == nil {
			p.ticks = make(map[int][]int)
			p.tickCur = make(map[int]int)
		}
		s := p.s
		for i := strings.IndexByte(s, '`'); i >= 0 && i < len(s); {
			k := run(s, i, '`')
			p.ticks[k] = append(p.ticks[k], i)
			i += k
			next := strings.IndexByte(s[i:], '`')
			if next < 0 {
				break
			}
			i += next
		}
	}
	list := p.ticks[n]
	c := p.tickCur[n]
	for c < len(list) && list[c] < from {
		c++
	}
	p.tickCur[n] = c
	if c < len(list) {
		return list[c]
	}
	return -1
}

// codeContent returns the bounds of a code span's content s[lo:hi] as
// CommonMark has it: one space (or line break, which renders as a space)
// is stripped from each side when both are present, so that a code span
// can start or end with a backtick.
func codeContent(s string, lo, hi int) (int, int) {
	if hi-lo >= 2 && isSpaceOrNL(s[lo]) && isSpaceOrNL(s[hi-1]) && strings.Trim(s[lo:hi], " \n") != "" {
		return lo + 1, hi - 1
	}
	return lo, hi
}

func isSpaceOrNL(c byte) bool { return c == ' ' || c == '\n' }

// emphasis matches delimiters above bottom (a delimiter index, -1 for all)
// into em and strong, following CommonMark's "process emphasis". The
// openersBottom table remembers, per kind of closer, below which point no
// opener can be found, which keeps the matching linear on inputs such as
// thousands of unmatched '*'. Afterwards all delimiters above bottom are
// spent and removed.
func (p *inline) emphasis(bottom int) {
	first := -1
	for k := p.tail; k > bottom; k = p.delims[k].prev {
		first = k
	}
	var openersBottom [2][2][3]int
	for a := range openersBottom {
		for b := range openersBottom[a] {
			for c := range openersBottom[a][b] {
				openersBottom[a][b][c] = bottom
			}
		}
	}
	for cur := first; cur >= 0; {
		d := &p.delims[cur]
		if !d.canClose {
			cur = d.next
			continue
		}
		ob := &openersBottom[b2i(d.ch == '_')][b2i(d.canOpen)][d.orig%3]
		found := -1
		for o := d.prev; o > bottom && o > *ob; o = p.delims[o].prev {
			od := &p.delims[o]
			if od.ch != d.ch || !od.canOpen {
				continue
			}
			// The rule of three: a run that can both open and close
			// does not pair with one whose lengths sum to a multiple
			// of three, unless both are multiples of three.
			if (od.canClose || d.canOpen) && (od.orig+d.orig)%3 == 0 && (od.orig%3 != 0 || d.orig%3 != 0) {
				continue
			}
			found = o
			break
		}
		if found < 0 {
			*ob = d.prev
			next := d.next
			if !d.canOpen {
				p.unlink(cur)
			}
			cur = next
			continue
		}
		od := &p.delims[found]
		on, cn := &p.nodes[od.node], &p.nodes[d.node]
		strong := on.n >= 2 && cn.n >= 2
		use := int32(1 + b2i(strong))
		on.n -= use
		cn.n -= use
		// Each later match on the same pair of runs encloses the earlier
		// ones; render writes the open list in reverse for that reason.
		ot := p.tagsOf(on)
		ot.open = append(ot.open, strong)
		ct := p.tagsOf(cn)
		ct.close = append(ct.close, strong)
		// Delimiters between the pair can no longer match anything.
		od.next, d.prev = cur, found
		if on.n == 0 {
			p.unlink(found)
		}
		if cn.n == 0 {
			next := p.delims[cur].next
			p.unlink(cur)
			cur = next
		}
	}
	k := p.tail
	for k > bottom {
		k = p.delims[k].prev
	}
	p.tail = k
	if k >= 0 {
		p.delims[k].next = -1
	}
}

// tagsOf returns the tag lists of delimiter node n, creating them. The
// pointer is valid until the next call.
func (p *inline) tagsOf(n *node) *tagList {
	if n.x == 0 {
		p.tags = append(p.tags, tagList{})
		n.x = int32(len(p.tags))
	}
	return &p.tags[n.x-1]
}

func (p *inline) unlink(k int) {
	d := p.delims[k]
	if d.prev >= 0 {
		p.delims[d.prev].next = d.next
	}
	if d.next >= 0 {
		p.delims[d.next].prev = d.prev
	}
	if p.tail == k {
		p.tail = d.prev
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// render writes the nodes as HTML. Literal text between tags is gathered
// first so that a bare URL split by an unmatched '_' is still linked
// whole; bare URLs are not linked inside a link.
func (p *inline) render(w *strings.Builder) {
	pending := p.pending[:0]
	inLink := false
	flush := func() {
		if len(pending) == 0 {
			return
		}
		if inLink {
			escapeTo(w, string(pending))
		} else {
			autolink(w, string(pending))
		}
		pending = pending[:0]
	}
	for i := range p.nodes {
		n := &p.nodes[i]
		switch n.kind {
		case nText, nBracket:
			pending = append(pending, p.s[n.lo:n.hi]...)
		case nDelim:
			var tl tagList
			if n.x > 0 {
				tl = p.tags[n.x-1]
			}
			if len(tl.close) > 0 {
				flush()
				for _, strong := range tl.close {
					w.WriteString(tag(strong, true))
				}
			}
			for range n.n {
				pending = append(pending, n.ch)
			}
			if len(tl.open) > 0 {
				flush()
				for k := len(tl.open) - 1; k >= 0; k-- {
					w.WriteString(tag(tl.open[k], false))
				}
			}
		case nCode:
			flush()
			w.WriteString("<code>")
			escapeTo(w, p.s[n.lo:n.hi])
			w.WriteString("</code>")
		case nBreak:
			flush()
			w.WriteString("<br>\n")
		case nLinkOpen:
			flush()
			writeLink(w, p.hrefs[n.x])
			inLink = true
		case nLinkClose:
			flush()
			w.WriteString("</a>")
			inLink = false
		}
	}
	flush()
	p.pending = pending
}

// tag returns the opening or closing em or strong tag.
func tag(strong, closing bool) string {
	switch {
	case strong && closing:
		return "</strong>"
	case strong:
		return "<strong>"
	case closing:
		return "</em>"
	}
	return "<em>"
}

// writeLink writes an opening a tag. rel="noopener noreferrer" keeps the
// target page from reaching back to ours or learning which lesson linked
// to it; target is not set, so agents stay in control of new tabs.
func writeLink(w *strings.Builder, href string) {
	w.WriteString(`<a href="`)
	escapeTo(w, href)
	w.WriteString(`" rel="noopener noreferrer">`)
}

// autolink writes text, turning bare http:// and https:// URLs into links.
// A URL ends at whitespace, at characters that cannot appear in one
// unescaped ('<', '>', '"', '`') and at anything safeURL refuses, so every
// candidate is scanned once. Trailing punctuation that usually ends a
// sentence, and ')' without a matching '(', are left out of the URL.
func autolink(w *strings.Builder, s string) {
	done := 0
	for from := 0; from < len(s); {
		k := strings.Index(s[from:], "http")
		if k < 0 {
			break
		}
		k += from
		from = k + 4
		if k > 0 && isASCIIAlnum(s[k-1]) {
			continue
		}
		scheme := 0
		switch {
		case strings.HasPrefix(s[k:], "https://"):
			scheme = 8
		case strings.HasPrefix(s[k:], "http://"):
			scheme = 7
		default:
			continue
		}
		end := k + scheme
		opens, closes := 0, 0
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if r == '<' || r == '>' || r == '"' || r == '`' || !urlRune(r) {
				break
			}
			switch r {
			case '(':
				opens++
			case ')':
				closes++
			}
			end += size
		}
		from = end
		for end > k+scheme {
			c := s[end-1]
			if c == ')' && closes > opens {
				closes--
				end--
				continue
			}
			if strings.IndexByte(".,:;!?'\"*_~", c) >= 0 {
				end--
				continue
			}
			break
		}
		if end == k+scheme {
			continue
		}
		url := s[k:end]
		escapeTo(w, s[done:k])
		writeLink(w, url)
		escapeTo(w, url)
		w.WriteString("</a>")
		done = end
	}
	escapeTo(w, s[done:])
}

// safeURL reports whether u may be used as an href. Only http, https and
// mailto are allowed: an allow-list, because deny-lists of javascript:,
// data: and friends are what obfuscations like "JaVaScRiPt:" or
// "java\tscript:" are built to get past. Whitespace, control and invisible
// format characters (zero-width or bidi controls) are refused outright, as
// browsers strip some of them before reading the scheme and they can
// disguise where a link goes.
func safeURL(u string) bool {
	for _, r := range u {
		if !urlRune(r) {
			return false
		}
	}
	for _, scheme := range [...]string{"https://", "http://", "mailto:"} {
		if len(u) > len(scheme) && strings.EqualFold(u[:len(scheme)], scheme) {
			return true
		}
	}
	return false
}

// urlRune reports whether r may appear in a URL we link to.
func urlRune(r rune) bool {
	return r > ' ' && !isControl(r) && r != utf8.RuneError && !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r)
}

// unescape removes backslash escapes from a link destination.
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// escapeTo writes s with the five HTML-significant characters escaped, so
// it is safe both as element text and inside a double-quoted attribute.
// A newline, which inline text keeps for a soft line break, is written as
// the space it stands for; code blocks write their newlines separately.
func escapeTo(w *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '\n':
			esc = " "
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// asciiPunct marks the ASCII punctuation characters, which are the ones a
// backslash can escape.
var asciiPunct = func() (t [256]bool) {
	for _, c := range []byte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") {
		t[c] = true
	}
	return t
}()

func isASCIIPunct(c byte) bool { return asciiPunct[c] }

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isPunct is CommonMark's Unicode punctuation (P and S categories), used
// for flanking so emphasis next to quotes or brackets in any script works.
func isPunct(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIPunct(byte(r))
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}
