package markdown

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// maxDepth bounds the nesting of lists and blockquotes. Each level re-scans
// its lines, so an unbounded depth would let a line of 10,000 '>' cost
// quadratic time; eight levels is far more than any lesson needs.
const maxDepth = 8

// Render converts markdown src into safe HTML for a coaching module body.
// The result may be handed to templ.Raw: it contains only allow-listed tags
// and attributes, all text and attribute values are escaped, and invalid
// UTF-8 or control characters in src come out as U+FFFD rather than being
// passed to the browser. Render never fails; markup it does not understand
// is shown as the text the trainer typed.
func Render(src string) string {
	src = sanitize(src)
	r := renderer{in: inlinePool.Get().(*inline)}
	defer r.in.release()
	r.out.Grow(len(src) + len(src)/4 + 64)
	r.blocks(strings.Split(src, "\n"), 0, false)
	return r.out.String()
}

// inlinePool keeps inline scanners, whose node and delimiter buffers grow
// to the size of the largest paragraph, for reuse by later Render calls:
// lists are rendered per request, so this saves most of the garbage.
var inlinePool = sync.Pool{New: func() any { return new(inline) }}

// renderer holds the output of one Render call; blocks recurse into it for
// list items and blockquotes.
type renderer struct {
	out strings.Builder
	in  *inline // reused across paragraphs
}

// sanitize makes src valid UTF-8 with "\n" line endings and no control
// characters other than tab and newline. Invalid bytes and controls become
// U+FFFD so that the output is always valid text and nothing invisible can
// hide inside a URL or split a tag name in a downstream parser.
func sanitize(src string) string {
	if isClean(src) {
		return src // the usual case: no copy
	}
	var b strings.Builder
	b.Grow(len(src) + 16)
	for i := 0; i < len(src); {
		c := src[i]
		if c == '\r' {
			b.WriteByte('\n')
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(src[i:])
		if (r == utf8.RuneError && size == 1) || isControl(r) {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(src[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isClean reports whether sanitize would leave src unchanged.
func isClean(src string) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if isControl(rune(c)) || c == '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(src[i:])
		if (r == utf8.RuneError && size == 1) || isControl(r) {
			return false
		}
		i += size
	}
	return true
}

// isControl reports C0 and C1 control characters other than tab and
// newline, which carry layout meaning in markdown. Carriage returns are
// handled by the caller before this is consulted.
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f)
}

// blocks renders lines as a sequence of block elements. depth counts the
// enclosing lists and blockquotes; tight drops the <p> around paragraphs
// so that items of a compact list read as one line each.
func (r *renderer) blocks(lines []string, depth int, tight bool) {
	expandTabs(lines)
	for i := 0; i < len(lines); {
		line := lines[i]
		if isBlank(line) {
			i++
			continue
		}
		ind := indentOf(line)
		t := line[ind:]
		if ch, n, ok := fenceStart(t); ok {
			i = r.fence(lines, i+1, ind, ch, n)
			continue
		}
		if level, text, ok := heading(t); ok {
			tag := [...]string{"h3", "h4", "h5"}[min(level, 3)-1]
			r.out.WriteString("<" + tag + ` dir="auto">`)
			r.inline(text)
			r.out.WriteString("</" + tag + ">\n")
			i++
			continue
		}
		if isRule(t) {
			r.out.WriteString("<hr>\n")
			i++
			continue
		}
		if t[0] == '>' && depth < maxDepth {
			i = r.quote(lines, i, depth)
			continue
		}
		if m, ok := listMarker(t); ok && depth < maxDepth {
			i = r.list(lines, i, depth, m)
			continue
		}
		i = r.paragraph(lines, i, depth, tight)
	}
}

// fence renders a fenced code block whose opening fence (ch repeated n
// times, indented by ind) was the line before start, and returns the index
// of the first line after the block. An unclosed fence runs to the end of
// its container, as in CommonMark, so a forgotten closing fence never
// turns the rest of a lesson into markup.
func (r *renderer) fence(lines []string, start, ind int, ch byte, n int) int {
	r.out.WriteString("<pre><code>")
	i := start
	for ; i < len(lines); i++ {
		line := lines[i]
		li := indentOf(line)
		if t := line[li:]; closesFence(t, ch, n) {
			i++
			break
		}
		escapeTo(&r.out, line[min(li, ind):])
		r.out.WriteByte('\n')
	}
	r.out.WriteString("</code></pre>\n")
	return i
}

// quote renders the blockquote starting at lines[start]. Lines that do not
// start with '>' but continue a paragraph are taken in lazily, as trainers
// often only mark the first line of a quoted customer remark.
func (r *renderer) quote(lines []string, start, depth int) int {
	var inner []string
	prevText := false
	i := start
	for ; i < len(lines); i++ {
		line := lines[i]
		ind := indentOf(line)
		t := line[ind:]
		if t != "" && t[0] == '>' {
			t = t[1:]
			if t != "" && (t[0] == ' ' || t[0] == '\t') {
				t = t[1:]
			}
			inner = append(inner, t)
			prevText = !isBlank(t)
			continue
		}
		if prevText && !isBlank(t) && !interrupts(t, depth) {
			inner = append(inner, t)
			continue
		}
		break
	}
	r.out.WriteString("<blockquote dir=\"auto\">\n")
	r.blocks(inner, depth+1, false)
	r.out.WriteString("</blockquote>\n")
	return i
}

// list renders the list whose first item marker m starts lines[start].
// Items continue while lines carry a marker of the same kind; lines
// indented under an item (or more than its marker, for nested lists)
// belong to it, and so do lazy paragraph continuation lines.
func (r *renderer) list(lines []string, start, depth int, first marker) int {
	type item struct {
		lines []string
		blank bool // a blank line inside the item makes the list loose
	}
	var items []item
	loose := false
	i := start
	for i < len(lines) {
		ind := indentOf(lines[i])
		m, ok := listMarker(lines[i][ind:])
		if !ok || !m.sameKind(first) {
			break
		}
		content := ind + m.width
		it := item{lines: []string{m.rest}}
		prevText := !isBlank(m.rest)
		i++
	collect:
		for i < len(lines) {
			line := lines[i]
			if isBlank(line) {
				j := i
				for j < len(lines) && isBlank(lines[j]) {
					j++
				}
				if j == len(lines) || indentOf(lines[j]) < content {
					break collect
				}
				for ; i < j; i++ {
					it.lines = append(it.lines, "")
				}
				it.blank = true
				prevText = false
				continue
			}
			li := indentOf(line)
			t := line[li:]
			switch {
			case li >= content:
				it.lines = append(it.lines, line[content:])
			case isListStart(t):
				if li <= ind {
					break collect // a sibling, or the end of this list
				}
				it.lines = append(it.lines, t) // nested, indented less than the content
			case prevText && !interrupts(t, depth):
				it.lines = append(it.lines, t)
			default:
				break collect
			}
			prevText = !isFenceOrRule(t)
			i++
		}
		// Trailing blank lines of the item are not content.
		for len(it.lines) > 1 && it.lines[len(it.lines)-1] == "" {
			it.lines = it.lines[:len(it.lines)-1]
		}
		items = append(items, it)
		if it.blank {
			loose = true
		}
		j := i
		for j < len(lines) && isBlank(lines[j]) {
			j++
		}
		if j == i || j == len(lines) {
			continue
		}
		ind2 := indentOf(lines[j])
		if m2, ok := listMarker(lines[j][ind2:]); ok && m2.sameKind(first) {
			loose = true
			i = j
			continue
		}
		break
	}
	tag := "ul"
	if first.ordered {
		tag = "ol"
	}
	r.out.WriteString("<" + tag + ">\n")
	for _, it := range items {
		r.out.WriteString(`<li dir="auto">`)
		r.blocks(it.lines, depth+1, !loose)
		r.out.WriteString("</li>\n")
	}
	r.out.WriteString("</" + tag + ">\n")
	return i
}

// paragraph renders the paragraph starting at lines[start]. Lines join
// with a newline that the inline pass turns into a space, or into <br>
// after two trailing spaces or a backslash.
func (r *renderer) paragraph(lines []string, start, depth int, tight bool) int {
	i := start
	var b strings.Builder
	for ; i < len(lines); i++ {
		line := lines[i]
		t := strings.TrimLeft(line, " \t")
		if t == "" || (i > start && interrupts(t, depth)) {
			break
		}
		if i > start {
			b.WriteByte('\n')
		}
		b.WriteString(t)
	}
	text := strings.TrimRight(b.String(), " \t")
	if tight {
		r.inline(text) // no newline: it would end up before </li>
		return i
	}
	r.out.WriteString(`<p dir="auto">`)
	r.inline(text)
	r.out.WriteString("</p>\n")
	return i
}

// inline renders one paragraph or heading's inline content.
func (r *renderer) inline(text string) {
	r.in.reset(text)
	r.in.parse()
	r.in.render(&r.out)
}

// interrupts reports whether line t (without indentation) starts a block
// that ends a paragraph. Ordered lists must start at 1 and list items must
// have content, so that "2024. was a good year" or a lone "-" wrapped into
// a paragraph stay text.
func interrupts(t string, depth int) bool {
	if t == "" || strings.IndexByte("`~#-*_+>0123456789", t[0]) < 0 {
		return false // the common case: a line of prose
	}
	if _, _, ok := fenceStart(t); ok {
		return true
	}
	if _, _, ok := heading(t); ok {
		return true
	}
	if isRule(t) {
		return true
	}
	if t != "" && t[0] == '>' && depth < maxDepth {
		return true
	}
	if m, ok := listMarker(t); ok && depth < maxDepth && !isBlank(m.rest) && (!m.ordered || m.number == 1) {
		return true
	}
	return false
}

// isListStart reports whether t starts a list item.
func isListStart(t string) bool {
	_, ok := listMarker(t)
	return ok
}

// isFenceOrRule reports lines after which lazy continuation must not
// apply, because they are not paragraph text.
func isFenceOrRule(t string) bool {
	_, _, fence := fenceStart(t)
	return fence || isRule(t)
}

// marker describes a list item marker.
type marker struct {
	ordered bool
	delim   byte   // '-', '*', '+' for bullets; '.' or ')' for ordered
	number  int    // the item number of an ordered marker
	width   int    // columns from the marker to the item content
	rest    string // the item's first line of content
}

// sameKind reports whether m continues a list started by first. A
// different bullet or delimiter starts a new list, as in CommonMark.
func (m marker) sameKind(first marker) bool {
	return m.ordered == first.ordered && m.delim == first.delim
}

// listMarker parses a list item marker at the start of t (which has no
// indentation). A thematic break such as "- - -" is not a list item.
func listMarker(t string) (marker, bool) {
	if t == "" || isRule(t) {
		return marker{}, false
	}
	var m marker
	n := 0
	switch c := t[0]; {
	case c == '-' || c == '*' || c == '+':
		m.delim, n = c, 1
	case c >= '0' && c <= '9':
		for n < len(t) && n < 9 && t[n] >= '0' && t[n] <= '9' {
			m.number = m.number*10 + int(t[n]-'0')
			n++
		}
		if n == len(t) || (t[n] != '.' && t[n] != ')') {
			return marker{}, false
		}
		m.ordered, m.delim = true, t[n]
		n++
	default:
		return marker{}, false
	}
	if n < len(t) && t[n] != ' ' && t[n] != '\t' {
		return marker{}, false
	}
	spaces := 0
	for n+spaces < len(t) && t[n+spaces] == ' ' {
		spaces++
	}
	m.rest = t[n+spaces:]
	switch {
	case m.rest == "":
		m.width = n + 1
	case spaces > 4:
		// Content indented this far is indented content, not wide
		// spacing; keep it but measure the item from one space.
		m.width = n + 1
		m.rest = t[n+1:]
	default:
		m.width = n + spaces
	}
	return m, true
}

// fenceStart reports whether t opens a fenced code block and returns the
// fence character and length. A backtick fence whose info string holds a
// backtick is an inline code span instead (```like this```).
func fenceStart(t string) (byte, int, bool) {
	if len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return 0, 0, false
	}
	ch := t[0]
	n := 0
	for n < len(t) && t[n] == ch {
		n++
	}
	if n < 3 || (ch == '`' && strings.IndexByte(t[n:], '`') >= 0) {
		return 0, 0, false
	}
	return ch, n, true
}

// closesFence reports whether t closes a fence of n ch characters: at
// least as many of the same character and nothing else but spaces.
func closesFence(t string, ch byte, n int) bool {
	k := 0
	for k < len(t) && t[k] == ch {
		k++
	}
	return k >= n && isBlank(t[k:])
}

// heading parses an ATX heading and returns its level and text with any
// closing run of '#' removed.
func heading(t string) (int, string, bool) {
	level := 0
	for level < len(t) && t[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || (level < len(t) && t[level] != ' ' && t[level] != '\t') {
		return 0, "", false
	}
	text := strings.Trim(t[level:], " \t")
	end := len(text)
	for end > 0 && text[end-1] == '#' {
		end--
	}
	if end == 0 {
		text = ""
	} else if end < len(text) && (text[end-1] == ' ' || text[end-1] == '\t') {
		text = strings.TrimRight(text[:end], " \t")
	}
	return level, text, true
}

// isRule reports a thematic break: three or more of the same '-', '*' or
// '_' with only spaces between them.
func isRule(t string) bool {
	if t == "" || (t[0] != '-' && t[0] != '*' && t[0] != '_') {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case t[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// isBlank reports a line of only spaces and tabs.
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return false
		}
	}
	return true
}

// indentOf returns the number of leading spaces. Leading tabs have been
// expanded by expandTabs, so this is also the indentation column.
func indentOf(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n
}

// expandTabs replaces tabs in each line's leading whitespace with spaces
// to the next multiple of four, so that indentation can be measured and
// stripped by counting bytes. Tabs after the first non-blank character
// are left alone.
func expandTabs(lines []string) {
	for k, line := range lines {
		ws := 0
		tab := false
		for ws < len(line) && (line[ws] == ' ' || line[ws] == '\t') {
			tab = tab || line[ws] == '\t'
			ws++
		}
		if !tab {
			continue
		}
		col := 0
		for i := 0; i < ws; i++ {
			if line[i] == '\t' {
				col += 4 - col%4
			} else {
				col++
			}
		}
		lines[k] = strings.Repeat(" ", col) + line[ws:]
	}
}
