package markdown_test

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The allow-list the package promises: tag → attribute → check of value.
var allowed = map[string]map[string]func(string) bool{
	"h3":         {"dir": isAuto},
	"h4":         {"dir": isAuto},
	"h5":         {"dir": isAuto},
	"p":          {"dir": isAuto},
	"li":         {"dir": isAuto},
	"blockquote": {"dir": isAuto},
	"ul":         {},
	"ol":         {},
	"pre":        {},
	"code":       {},
	"strong":     {},
	"em":         {},
	"hr":         {},
	"br":         {},
	"a":          {"href": isSafeHref, "rel": func(v string) bool { return v == "noopener noreferrer" }},
}

var void = map[string]bool{"hr": true, "br": true}

func isAuto(v string) bool { return v == "auto" }

// isSafeHref checks an href the way a browser reads it: after entity
// decoding (done by the caller), with leading/trailing whitespace and
// embedded tabs and newlines removed, case-insensitively.
// It also refuses any whitespace, control or invisible format character,
// which Render must never put in a link.
func isSafeHref(v string) bool {
	for _, r := range v {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.TrimSpace(v))
	v = strings.ToLower(v)
	return strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "mailto:")
}

// checkParsed parses out as a browser would (an HTML5 fragment inside a
// div) and reports any element or attribute outside the allow-list. It
// also counts the elements so that tests can tell a link was not made.
func checkParsed(out string) (map[string]int, error) {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(out), ctx)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	var walk func(n *html.Node) error
	walk = func(n *html.Node) error {
		switch n.Type {
		case html.ElementNode:
			attrs, ok := allowed[n.Data]
			if !ok {
				return fmt.Errorf("element <%s> is not allowed", n.Data)
			}
			counts[n.Data]++
			for _, a := range n.Attr {
				check, ok := attrs[a.Key]
				if !ok || a.Namespace != "" {
					return fmt.Errorf("attribute %s on <%s> is not allowed", a.Key, n.Data)
				}
				if !check(a.Val) {
					return fmt.Errorf("attribute %s=%q on <%s> is not allowed", a.Key, a.Val, n.Data)
				}
			}
		case html.TextNode:
		default:
			return fmt.Errorf("unexpected node type %v", n.Type)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	for _, n := range nodes {
		if err := walk(n); err != nil {
			return nil, err
		}
	}
	return counts, nil
}

// checkStrict scans out without an HTML parser's error recovery: every '<'
// must start an allow-listed tag written exactly as Render writes tags,
// elements must nest properly, and text may contain no '<', '>' or a '&'
// that does not start one of the escapes Render emits. A parser can hide
// sloppy output by repairing it; this cannot.
func checkStrict(out string) error {
	var stack []string
	for i := 0; i < len(out); {
		switch out[i] {
		case '>':
			return fmt.Errorf("raw '>' in text at %d", i)
		case '&':
			ok := false
			for _, e := range []string{"&amp;", "&lt;", "&gt;", "&#34;", "&#39;"} {
				if strings.HasPrefix(out[i:], e) {
					ok = true
					i += len(e)
					break
				}
			}
			if !ok {
				return fmt.Errorf("bare '&' at %d", i)
			}
			continue
		case '<':
		default:
			i++
			continue
		}
		end := strings.IndexByte(out[i:], '>')
		if end < 0 {
			return fmt.Errorf("unterminated tag at %d", i)
		}
		body := out[i+1 : i+end]
		i += end + 1
		if strings.ContainsAny(body, "<") {
			return fmt.Errorf("'<' inside tag %q", body)
		}
		if name, ok := strings.CutPrefix(body, "/"); ok {
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return fmt.Errorf("</%s> does not close %v", name, stack)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		name, rest, _ := strings.Cut(body, " ")
		attrs, ok := allowed[name]
		if !ok {
			return fmt.Errorf("tag <%s> is not allowed", name)
		}
		for rest != "" {
			key, after, ok := strings.Cut(rest, `="`)
			if !ok {
				return fmt.Errorf("malformed attributes in <%s>", body)
			}
			val, after, ok := strings.Cut(after, `"`)
			if !ok {
				return fmt.Errorf("unterminated attribute in <%s>", body)
			}
			check, ok := attrs[key]
			if !ok || !check(html.UnescapeString(val)) {
				return fmt.Errorf("attribute %s=%q on <%s> is not allowed", key, val, name)
			}
			rest = strings.TrimPrefix(after, " ")
		}
		if !void[name] {
			stack = append(stack, name)
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed elements %v", stack)
	}
	return nil
}

// textContent returns the text a reader sees in out: tags removed and
// entities decoded by a real HTML parser.
func textContent(out string) string {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(out), ctx)
	if err != nil {
		return "parse error: " + err.Error()
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}
