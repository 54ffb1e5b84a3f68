package positive

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// match is one trie hit: token indexes [from, to).
type match struct {
	from, to int
	e        *entry
}

// scan walks the trie from every word and keeps the longest allowed match,
// left to right without overlaps, so "it's not our policy" is reported once
// rather than also as "our policy".
func scan(d *doc, root *node) []match {
	return scanInto(nil, d, root)
}

// scanInto is scan appending to out.
func scanInto(out []match, d *doc, root *node) []match {
	return scanFrom(out, d, root, nil, 0)
}

// scanFrom is scanInto trying only the tokens whose masks[i] has bit set
// (all tokens when masks is nil).
func scanFrom(out []match, d *doc, root *node, masks []uint8, bit uint8) []match {
	if root == nil {
		return out
	}
	toks := d.tokens
	for i := 0; i < len(toks); i++ {
		if masks != nil && masks[i]&bit == 0 {
			continue
		}
		n := root
		var best *entry
		bestTo := 0
		for j := i; j < len(toks) && toks[j].sent == toks[i].sent; j++ {
			n = n.next[d.word(j)]
			if n == nil {
				break
			}
			if n.entry != nil && allowed(d, i, j+1, n.entry) {
				best, bestTo = n.entry, j+1
			}
		}
		if best != nil {
			out = append(out, match{from: i, to: bestTo, e: best})
			i = bestTo - 1
		}
	}
	return out
}

// allowed applies a pattern's conditions: sentence opener, and the words
// that turn a phrase into something harmless ("I can't wait", "if you need
// to").
func allowed(d *doc, from, to int, e *entry) bool {
	t := d.tokens
	sent := t[from].sent
	if e.opener && d.sents[sent].first != from {
		return false
	}
	if len(e.notNext) > 0 && to < len(t) && t[to].sent == sent {
		for _, w := range e.notNext {
			if d.word(to) == w {
				return false
			}
		}
	}
	if len(e.notPrev) > 0 && from > 0 && t[from-1].sent == sent {
		for _, w := range e.notPrev {
			if d.word(from-1) == w {
				return false
			}
		}
	}
	return true
}

// phrases turns matches into Phrase values with reasons and reframes.
func phrases(d *doc, lx *lexicon, ms []match) []Phrase {
	if len(ms) == 0 {
		return nil
	}
	out := make([]Phrase, len(ms))
	fillPhrases(out, d, lx, ms, nil, nil)
	return out
}

// fillPhrases sets out[k] to the Phrase for ms[k]. buf and ends are
// scratch space, returned for reuse: the reframes are written back to
// back into buf and become substrings of one string, one allocation
// however many phrases a text has.
func fillPhrases(out []Phrase, d *doc, lx *lexicon, ms []match, buf []byte, ends []int) ([]byte, []int) {
	buf, ends = buf[:0], ends[:0]
	for _, m := range ms {
		buf = appendReframe(buf, d, lx, m)
		ends = append(ends, len(buf))
	}
	all := string(buf)
	start := 0
	for k, m := range ms {
		a, b := d.tokens[m.from], d.tokens[m.to-1]
		out[k] = Phrase{
			Start:    a.start,
			End:      b.end,
			Phrase:   d.text[a.bs:b.be],
			Category: m.e.category,
			Reason:   m.e.reason,
			Reframe:  all[start:ends[k]],
		}
		start = ends[k]
	}
	return buf, ends
}

// FindNegative returns the negative-language phrases found in text, in
// order of position. lang is "en", "vi" or "ms"; other languages return nil
// because we have no list for them and guessing would mislead graders.
//
// Matching is case-insensitive, on whole words, and treats ’ and ' alike.
// Overlapping candidates resolve to the longest match starting first.
// Deliberate non-hits: "I can't wait/thank/believe…" (enthusiasm, not
// refusal) and "if/when/whenever you need to" (an offer, not an order).
// "No problem" is always reported, including "no problem at all for you to
// ask": the customer still hears the word problem, and the reframe keeps
// the rest of the sentence ("You're always welcome to ask.").
func FindNegative(lang, text string) []Phrase {
	return analyze(lang, text, true, false).Negative
}

// Ownership splits agent phrasing into taking ownership ("I will…",
// "I'll make sure…", "let me…") and deflecting to others ("the system…",
// "that's another department", "not my department").
type Ownership struct{ Own, Deflect []Phrase }

// FindOwnership returns the ownership and deflection phrases in text for
// lang "en", "vi" or "ms"; other languages give an empty Ownership.
// Deflections carry a reason and a reframe; ownership phrases carry a
// reason only, since there is nothing to fix.
func FindOwnership(lang, text string) Ownership {
	return analyze(lang, text, false, true).Ownership
}

// Report is everything Analyze finds in one text.
type Report struct {
	Negative  []Phrase  // as FindNegative
	Ownership Ownership // as FindOwnership
}

// Analyze is FindNegative and FindOwnership together, tokenising the text
// once. Texts without a match allocate nothing.
func Analyze(lang, text string) Report {
	return analyze(lang, text, true, true)
}

// scratchPool holds the per-call buffers of analyze.
var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

type scratch struct {
	d    doc
	tok  tokScratch
	ms   []match
	ids  []int32 // per token: lexicon word id, -1 for words no pattern uses
	buf  []byte  // the reframes being built
	ends []int   // where each reframe ends in buf
}

// scanIDs is scan over word ids: roots is the trie's root children by word
// id, ids the tokens' word ids, and only tokens that start a pattern of
// kind bit are tried. Same matches, same order, as scan.
func scanIDs(out []match, d *doc, lx *lexicon, roots []*node, ids []int32, bit uint8) []match {
	if roots == nil {
		return out
	}
	toks := d.tokens
	for i := 0; i < len(toks); i++ {
		id := ids[i]
		if id < 0 || lx.firstByID[id]&bit == 0 {
			continue
		}
		n := roots[id]
		if n == nil {
			continue
		}
		var best *entry
		bestTo := 0
		for j := i; ; {
			if n.entry != nil && allowed(d, i, j+1, n.entry) {
				best, bestTo = n.entry, j+1
			}
			j++
			if j >= len(toks) || toks[j].sent != toks[i].sent || ids[j] < 0 {
				break
			}
			if n = n.child(ids[j]); n == nil {
				break
			}
		}
		if best != nil {
			out = append(out, match{from: i, to: bestTo, e: best})
			i = bestTo - 1
		}
	}
	return out
}

func analyze(lang, text string, neg, own bool) Report {
	var r Report
	lx := lexicons[lang]
	if lx == nil {
		return r
	}
	sc := scratchPool.Get().(*scratch)
	tokenizeInto(&sc.d, text, &sc.tok, true)
	d := &sc.d
	ids := sc.ids[:0] // local while appending, as in tokenizeInto
	var any uint8
	for k := range d.tokens {
		id := lx.wordID(d.word(k))
		ids = append(ids, id)
		if id >= 0 {
			any |= lx.firstByID[id]
		}
	}
	sc.ids = ids
	// All kinds' matches go into sc.ms back to back (ends[k] closes kind
	// k's run), so that their Phrases can share one allocation.
	kinds := [3]string{"neg", "own", "deflect"}
	var ends [3]int
	sc.ms = sc.ms[:0]
	for k, kind := range kinds {
		bit := kindBit(kind)
		if (k == 0 && neg || k > 0 && own) && any&bit != 0 {
			sc.ms = scanIDs(sc.ms, d, lx, lx.roots[kind], sc.ids, bit)
		}
		ends[k] = len(sc.ms)
	}
	if len(sc.ms) > 0 {
		all := make([]Phrase, len(sc.ms))
		sc.buf, sc.ends = fillPhrases(all, d, lx, sc.ms, sc.buf, sc.ends)
		// Full slice expressions, so that appending to one kind's slice
		// never overwrites the next kind's phrases.
		part := func(from, to int) []Phrase {
			if from == to {
				return nil
			}
			return all[from:to:to]
		}
		r.Negative = part(0, ends[0])
		r.Ownership = Ownership{Own: part(ends[0], ends[1]), Deflect: part(ends[1], ends[2])}
	}
	// Drop references to the text before pooling.
	sc.d.text, sc.d.low = "", ""
	clear(sc.ms)
	scratchPool.Put(sc)
	return r
}

// appendReframe fills the pattern's (or category's) template from the
// sentence that holds the phrase, appending the rewrite to buf.
//
// Placeholders: {pre} and {post} are the raw sentence text before and after
// the phrase; {before} and {after} are the same trimmed of spaces, commas
// and the closing punctuation; {end} is that closing punctuation ("." when
// there is none). A [bracketed] segment is dropped when a placeholder in it
// is empty, so one template serves both "I can't." and "I can't do X."
//
// The rewrite is tidied in place: building it in buf rather than as a
// string of its own saves allocations, and this runs for every phrase
// found.
func appendReframe(buf []byte, d *doc, lx *lexicon, m match) []byte {
	tpl := m.e.tpl
	if tpl == "" {
		return buf
	}
	a, b := d.tokens[m.from], d.tokens[m.to-1]
	s := d.sents[a.sent]
	pre := d.text[s.bs:a.bs]
	post := d.text[b.be:max(s.be, b.be)]
	after := strings.TrimLeft(post, " \t,:-–—")
	end := "."
	if trimmed := strings.TrimRightFunc(after, isClosing); len(trimmed) < len(after) {
		if p := strings.TrimSpace(after[len(trimmed):]); p != "" && p != ";" {
			end = p
		}
		after = trimmed
	}
	after = strings.TrimSpace(after)
	// A transcribed "Uh, not a problem" should be reframed as "My
	// pleasure", not "Uh my pleasure": hesitations are speech, not words
	// an agent would write or be coached to say.
	pre = dropFillers(pre)
	before := strings.TrimSpace(strings.TrimRight(pre, " \t,:-–—"))

	start := len(buf)
	if lx.en && m.e.category == "cant" && m.e.template == "" {
		if out, ok := appendCantUntil(buf, subjectOf(d.word(m.from)), after, end); ok {
			return tidyFrom(out, start)
		}
	}
	vals := placeholders{pre: pre, post: post, before: before, after: after, end: end, en: lx.en}
	return tidyFrom(fill(buf, tpl, &vals), start)
}

// fillers are hesitation sounds speech-to-text writes as words.
var fillers = map[string]bool{"uh": true, "um": true, "uhm": true, "umm": true, "er": true, "erm": true, "ah": true, "hmm": true, "mm": true, "eh": true}

// dropFillers removes hesitation words (and the commas after them) from
// the start of s, keeping whatever else s holds.
func dropFillers(s string) string {
	for {
		t := trimLeftSpaceComma(s)
		end := 0
		for end < len(t) && t[end] != ' ' && t[end] != ',' && t[end] != '\t' {
			end++
		}
		if end == 0 || !inLower(fillers, t[:end]) {
			return s
		}
		s = trimLeftSpaceComma(t[end:])
	}
}

// trimLeftSpaceComma is strings.TrimLeft(s, " \t,") without building the
// cut set on every call.
func trimLeftSpaceComma(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
		i++
	}
	return s[i:]
}

// isClosing reports trailing characters that end a sentence rather than
// belong to its words.
func isClosing(r rune) bool {
	return r == ' ' || r == '\t' || isSentenceEnd(r)
}

// timeWords start a "until …" complement that is a point in time rather
// than a clause: "until next month" becomes "from next month", while
// "until the parcel arrives" becomes "as soon as the parcel arrives".
var timeWords = map[string]bool{
	"next": true, "tomorrow": true, "monday": true, "tuesday": true, "wednesday": true,
	"thursday": true, "friday": true, "saturday": true, "sunday": true, "the": false,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true,
	"december": true, "later": true, "noon": true, "midnight": true, "this": true,
}

// inLower reports set[strings.ToLower(w)] without allocating for short
// ASCII words: reframes look up the first word of most sentences, and that
// word is usually capitalised.
func inLower(set map[string]bool, w string) bool {
	var buf [16]byte
	if len(w) > len(buf) {
		return set[strings.ToLower(w)]
	}
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= utf8.RuneSelf {
			return set[strings.ToLower(w)]
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[k] = c
	}
	return set[string(buf[:len(w)])]
}

// indexUntil is strings.Index(strings.ToLower(s), " until "), without the
// lowered copy when s is ASCII.
func indexUntil(s string) int {
	for k := 0; k < len(s); k++ {
		if s[k] >= utf8.RuneSelf {
			return strings.Index(strings.ToLower(s), " until ")
		}
	}
	for k := 0; k+7 <= len(s); k++ {
		if s[k] == ' ' && s[k+6] == ' ' && s[k+1]|0x20 == 'u' && s[k+2]|0x20 == 'n' && s[k+3]|0x20 == 't' && s[k+4]|0x20 == 'i' && s[k+5]|0x20 == 'l' {
			return k
		}
	}
	return -1
}

// appendCantUntil rewrites the common "I can't X until Y" into the
// positive "I can X from/as soon as Y", which says the same thing from the
// side of what is possible, appending it to dst; ok is false (and dst
// unchanged) when after is not of that shape.
func appendCantUntil(dst []byte, subject, after, end string) (out []byte, ok bool) {
	i := indexUntil(after)
	if i <= 0 {
		return dst, false
	}
	what, when := after[:i], strings.TrimSpace(after[i+len(" until "):])
	if when == "" {
		return dst, false
	}
	first := when // when is trimmed and not empty: its first field
	if k := strings.IndexFunc(when, unicode.IsSpace); k >= 0 {
		first = when[:k]
	}
	first = strings.TrimRightFunc(first, unicode.IsPunct)
	if first == "" {
		return dst, false
	}
	link := "as soon as"
	if r, _ := utf8.DecodeRuneInString(first); unicode.IsDigit(r) || inLower(timeWords, first) {
		link = "from"
	}
	if end == "?" {
		end = "."
	}
	for _, part := range [...]string{subject, " can ", what, " ", link, " ", when, end, " Here is what I can do in the meantime: …"} {
		dst = append(dst, part...)
	}
	return dst, true
}

// subjectOf names who "can't" in a refusal, from its first word: "You
// can't claim until Monday" becomes "You can claim from Monday", not "I can".
func subjectOf(first string) string {
	switch first {
	case "we", "we're":
		return "We"
	case "you", "you're":
		return "You"
	}
	return "I"
}

// doubled are verbs whose last consonant doubles before -ing.
var doubled = map[string]bool{
	"get": true, "put": true, "set": true, "cut": true, "run": true, "stop": true, "ship": true,
	"plan": true, "drop": true, "swap": true, "chat": true, "let": true, "sit": true, "hit": true,
	"shut": true, "cancel": true, "travel": true, "label": true, "top": true, "log": true,
}

// appendGerund appends clause with the verb that opens it in its -ing
// form, so a reframe can say "instead of changing the address" rather than
// "instead of change the address". Words that are not plain verbs (already
// -ing, capitalised names, anything with digits) are left alone.
func appendGerund(dst []byte, clause string) []byte {
	verb, rest, _ := strings.Cut(clause, " ")
	if verb == "" || strings.HasSuffix(verb, "ing") || len(verb) < 2 {
		return append(dst, clause...)
	}
	for k := 0; k < len(verb); k++ {
		if verb[k] < 'a' || verb[k] > 'z' {
			return append(dst, clause...)
		}
	}
	switch {
	case verb == "be" || verb == "see" || verb == "flee" || verb == "agree" || verb == "guarantee" || strings.HasSuffix(verb, "ee") || strings.HasSuffix(verb, "oe") || strings.HasSuffix(verb, "ye"):
		dst = append(dst, verb...)
		dst = append(dst, "ing"...)
	case strings.HasSuffix(verb, "ie"):
		dst = append(dst, verb[:len(verb)-2]...)
		dst = append(dst, "ying"...)
	case doubled[verb]:
		dst = append(dst, verb...)
		dst = append(dst, verb[len(verb)-1])
		dst = append(dst, "ing"...)
	case strings.HasSuffix(verb, "e") && verb != "be":
		dst = append(dst, verb[:len(verb)-1]...)
		dst = append(dst, "ing"...)
	default:
		dst = append(dst, verb...)
		dst = append(dst, "ing"...)
	}
	if rest == "" {
		return dst
	}
	dst = append(dst, ' ')
	return append(dst, rest...)
}

// placeholders are the values a reframe template can use; a struct
// rather than a map because this runs for every phrase found. {after-ing}
// is written straight from after when a template uses it (English only;
// empty in other languages), never stored.
type placeholders struct {
	pre, post, before, after, end string
	en                            bool
}

// value returns a placeholder's value (not for "after-ing") and whether
// the name is known.
func (p *placeholders) value(name string) (string, bool) {
	switch name {
	case "pre":
		return p.pre, true
	case "post":
		return p.post, true
	case "before":
		return p.before, true
	case "after":
		return p.after, true
	case "end":
		return p.end, true
	}
	return "", false
}

// empty reports whether the placeholder name is known and has no value.
func (p *placeholders) empty(name string) bool {
	if name == "after-ing" {
		// The gerund of a clause is empty exactly when the clause is.
		return !p.en || p.after == ""
	}
	v, ok := p.value(name)
	return ok && v == ""
}

// fill appends tpl with its placeholders substituted, in one pass,
// dropping [segments] whose placeholders are empty.
func fill(dst []byte, tpl string, vals *placeholders) []byte {
	for tpl != "" {
		open := strings.IndexByte(tpl, '[')
		if open < 0 {
			return subst(dst, tpl, vals)
		}
		closeAt := strings.IndexByte(tpl[open:], ']')
		if closeAt < 0 {
			return subst(dst, tpl, vals)
		}
		dst = subst(dst, tpl[:open], vals)
		seg := tpl[open+1 : open+closeAt]
		if !segmentEmpty(seg, vals) {
			dst = subst(dst, seg, vals)
		}
		tpl = tpl[open+closeAt+1:]
	}
	return dst
}

// segmentEmpty reports whether a placeholder used in seg has no value.
func segmentEmpty(seg string, vals *placeholders) bool {
	for {
		i := strings.IndexByte(seg, '{')
		if i < 0 {
			return false
		}
		j := strings.IndexByte(seg[i:], '}')
		if j < 0 {
			return false
		}
		if vals.empty(seg[i+1 : i+j]) {
			return true
		}
		seg = seg[i+j+1:]
	}
}

// subst appends s with its {placeholders} replaced; unknown names stay as
// written so a typo in a list is visible rather than silently empty.
func subst(dst []byte, s string, vals *placeholders) []byte {
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return append(dst, s...)
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		switch name := s[i+1 : i+j]; {
		case name == "after-ing":
			if vals.en {
				dst = appendGerund(dst, vals.after)
			}
		default:
			if v, ok := vals.value(name); ok {
				dst = append(dst, v...)
			} else {
				dst = append(dst, s[i:i+j+1]...)
			}
		}
		s = s[i+j+1:]
	}
}

// needsTidy reports, in one pass, whether s holds anything tidy rewrites:
// a tab or line break, a space at either end or before a space or , . ? !
// :, or ",." / "..". Most reframes hold none of these.
func needsTidy[T ~string | ~[]byte](s T) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !tidyAt[c] {
			continue // most bytes: one table look-up rather than a switch
		}
		switch c {
		case '\t', '\n', '\r':
			return true
		case ' ':
			if i == 0 || i == len(s)-1 || tidyAfterSpace[s[i+1]] {
				return true
			}
		case ',', '.':
			if i+1 < len(s) && s[i+1] == '.' {
				return true
			}
		}
	}
	return false
}

// tidyAt marks the bytes needsTidy looks closer at, and tidyAfterSpace
// the bytes a space must not come before.
var (
	tidyAt         = [256]bool{'\t': true, '\n': true, '\r': true, ' ': true, ',': true, '.': true}
	tidyAfterSpace = [256]bool{' ': true, ',': true, '.': true, '?': true, '!': true, ':': true}
)

// tidyFrom applies tidy to buf[start:] in place. In the common case
// (nothing to collapse) that is adding the closing full stop and the
// capital, with no copy; otherwise the text is replaced by tidy's result.
func tidyFrom(buf []byte, start int) []byte {
	if needsTidy(buf[start:]) {
		s := tidy(string(buf[start:]))
		return append(buf[:start], s...)
	}
	if r, _ := utf8.DecodeLastRune(buf[start:]); len(buf) > start && !unicode.IsPunct(r) {
		buf = append(buf, '.')
	}
	if r, n := utf8.DecodeRune(buf[start:]); n > 0 && unicode.IsLower(r) {
		up := unicode.ToUpper(r)
		if utf8.RuneLen(up) == n {
			utf8.EncodeRune(buf[start:], up)
		} else {
			// ı → I and the like: the capital has another length.
			rest := string(buf[start+n:])
			buf = append(utf8.AppendRune(buf[:start], up), rest...)
		}
	}
	return buf
}

// tidy collapses the spacing left by empty placeholders and starts the
// rewrite with a capital letter.
func tidy(s string) string {
	// Fields+Join only when there is something to collapse: this runs for
	// every phrase found.
	if needsTidy(s) {
		if strings.Contains(s, "  ") || strings.ContainsAny(s, "\t\n\r") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
			s = strings.Join(strings.Fields(s), " ")
		}
		for _, p := range [...]string{" ,", " .", " ?", " !", " :"} {
			if strings.Contains(s, p) {
				s = strings.ReplaceAll(s, p, p[1:])
			}
		}
		for _, p := range [...]string{",.", ".."} {
			if strings.Contains(s, p) {
				s = strings.ReplaceAll(s, p, ".")
			}
		}
	}
	// A rewrite is a sentence: end it like one.
	if r, _ := utf8.DecodeLastRuneInString(s); s != "" && !unicode.IsPunct(r) {
		s += "."
	}
	if r, n := utf8.DecodeRuneInString(s); n > 0 && unicode.IsLower(r) {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}
