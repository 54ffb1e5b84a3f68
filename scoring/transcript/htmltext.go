package transcript

import (
	"html"
	"strings"
	"unicode"
)

// HTMLText reduces an HTML fragment (an email or help-desk comment body)
// to the plain text a grader reads: tags are dropped, block elements and
// <br> become line breaks, paragraphs and headings a blank line, list
// items "- " lines, entities are decoded, <script>, <style> and comments
// vanish, and runs of whitespace collapse to one space as a browser
// would render them. It uses only the standard library because the
// domain package takes no third-party dependencies; it is a reducer for
// display and scoring, not a full HTML5 parser.
func HTMLText(s string) string {
	var r htmlReducer
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			r.text(html.UnescapeString(s))
			break
		}
		r.text(html.UnescapeString(s[:i]))
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<!--"):
			end := strings.Index(s[4:], "-->")
			if end < 0 {
				return r.out.String()
			}
			s = s[4+end+3:]
			continue
		case len(s) > 1 && (isASCIILetter(s[1]) || s[1] == '/' || s[1] == '!' || s[1] == '?'):
		default:
			// A lone "<" (as in "a < b") is text.
			r.text("<")
			s = s[1:]
			continue
		}
		end := tagEnd(s)
		if end < 0 {
			// An unterminated tag: drop the rest, as a browser would.
			break
		}
		name, closing := tagName(s[1:end])
		s = s[end+1:]
		if !closing && (name == "script" || name == "style") {
			// Skip the raw content up to the matching end tag.
			j := strings.Index(strings.ToLower(s), "</"+name)
			if j < 0 {
				break
			}
			s = s[j:]
			if k := strings.IndexByte(s, '>'); k >= 0 {
				s = s[k+1:]
			} else {
				s = ""
			}
			continue
		}
		r.tag(name, closing)
	}
	return r.out.String()
}

// htmlReducer writes text with whitespace collapsed, deferring breaks so
// that leading and trailing breaks never appear and repeated block ends
// give at most one blank line.
type htmlReducer struct {
	out     strings.Builder
	breaks  int  // pending newlines, at most 2
	space   bool // pending space
	bullet  bool // pending "- " of a list item
	started bool
	pre     int // depth of <pre>, where whitespace is kept
}

func (r *htmlReducer) text(s string) {
	for _, c := range s {
		if r.pre == 0 && (unicode.IsSpace(c) || c == '\u00a0') {
			r.space = r.started
			continue
		}
		if r.pre > 0 && c == '\n' {
			r.breaks = min(r.breaks+1, 2)
			r.started = true
			continue
		}
		if r.started && r.breaks > 0 {
			r.out.WriteString(strings.Repeat("\n", r.breaks))
			r.space = false
		} else if r.space {
			r.out.WriteByte(' ')
		}
		if r.bullet {
			r.out.WriteString("- ")
			r.bullet = false
		}
		r.breaks, r.space, r.started = 0, false, true
		r.out.WriteRune(c)
	}
}

// brk asks for n newlines before the next text.
func (r *htmlReducer) brk(n int) {
	if r.started {
		r.breaks = max(r.breaks, n)
	}
	r.space = false
}

func (r *htmlReducer) tag(name string, closing bool) {
	switch name {
	case "br":
		if r.started {
			r.breaks = min(r.breaks+1, 2)
		}
		r.space = false
	case "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table", "hr":
		r.brk(2)
	case "pre":
		r.brk(2)
		if closing {
			r.pre = max(r.pre-1, 0)
		} else {
			r.pre++
		}
	case "li":
		r.brk(1)
		r.bullet = !closing
	case "div", "tr", "dd", "dt", "dl", "section", "article", "header", "footer", "address", "figure", "figcaption", "main", "nav", "aside", "form", "fieldset", "caption", "center":
		r.brk(1)
	case "td", "th":
		if !closing {
			r.space = r.started
		}
	}
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// tagEnd finds the '>' closing the tag at s[0], skipping quoted
// attribute values, or -1.
func tagEnd(s string) int {
	var quote byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

// tagName returns the lower-case element name of a tag's inside ("/p",
// "br /", "a href=…").
func tagName(inside string) (name string, closing bool) {
	if strings.HasPrefix(inside, "/") {
		closing, inside = true, inside[1:]
	}
	end := 0
	for end < len(inside) && (isASCIILetter(inside[end]) || inside[end] >= '0' && inside[end] <= '9') {
		end++
	}
	return strings.ToLower(inside[:end]), closing
}
