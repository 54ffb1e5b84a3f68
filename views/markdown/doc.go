// Package markdown renders the practical subset of markdown that trainers
// use for coaching modules into HTML that is safe to put in a page as is.
//
// Module bodies are written by trainers but read by every agent they are
// assigned to, so the renderer treats its input as untrusted: raw HTML is
// shown as text, links are kept only for http, https and mailto URLs, and
// the output only ever contains the tags h3, h4, h5, p, ul, ol, li,
// blockquote, pre, code, strong, em, a, hr and br, with no attributes other
// than href and rel on a and dir="auto" on text blocks. That makes the
// result fit for templ.Raw without a separate sanitising pass.
//
// Supported blocks: ATX headings (shifted down to h3–h5 because the page
// already owns h1 and h2), paragraphs (lines join with a space; two trailing
// spaces or a trailing backslash keep a line break), bullet (-, *, +) and
// ordered (1. or 1)) lists with nesting by indentation, blockquotes, fenced
// code blocks (``` or ~~~) and horizontal rules (---, ***, ___). Inline:
// **strong**, *em* and _em_ (CommonMark flanking rules, so snake_case stays
// as written), `code`, [text](url), bare http(s):// URLs, backslash
// escapes, and hard line breaks.
//
// Deliberately left out: raw HTML, images (a ![alt](url) becomes a link),
// setext headings (a --- under a line is a rule), indented code blocks,
// link titles and reference links, HTML entities (written text shows
// literally), and ordered-list start numbers (ol carries no attributes).
// Nesting of lists and blockquotes stops at a fixed depth so hostile input
// cannot make rendering slow; deeper markers show as text.
//
// Every step is a single forward scan or an amortised-linear delimiter
// match, with no regular expressions, so rendering time grows linearly
// with the input even for adversarial text such as thousands of '*' or '['.
package markdown
