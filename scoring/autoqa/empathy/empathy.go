package empathy

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Cue is one piece of evidence for empathy found in the response.
type Cue struct {
	Start, End int    // rune offsets within the response text
	Kind       string // "reaction", "interpretation", "exploration", "apology" or "generic"
	Reason     string // one line for people
	// Section is the lexicon section that produced the cue ("reflect",
	// "share", "personal", "invite", "experience", "question", …), or
	// "ask" for a question recognised by its form alone. EPITOME counts
	// any question to the person as exploration and any "I had …" as a
	// shared experience; a contact-centre rating needs to tell "How has
	// this affected your work?" from "What's your postcode?", and "I've
	// been there" from "I have two addresses for you".
	Section string
	// Level is the cue's own strength: 1 weak, 2 strong.
	Level int
}

// Result is the empathy assessment of one response.
type Result struct {
	Reaction, Interpretation, Exploration int // EPITOME-style level 0 none, 1 weak, 2 strong
	Cues                                  []Cue
	Generic                               bool // only formulaic empathy was found
}

// Detect assesses the empathy expressed in response, given the seeker's
// (customer's) preceding words, which may be empty. lang is "en", "vi" or
// "ms"; any other language yields the zero Result because we would rather say
// nothing than guess. Detect is safe for concurrent use.
func Detect(lang, seeker, response string) Result {
	lx := lexicons[lang]
	if lx == nil || response == "" {
		return Result{}
	}
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	// The seeker's words matter only to a few rules (reflections and some
	// questions), so they are read when one of those first asks: most
	// responses never do, and skipping them halves the tokenising.
	tokenizeInto(&sc.resp, response)
	a := analysis{lx: lx, d: &sc.resp, text: response, seeker: seeker, sc: sc}
	a.hits = lx.scan(&sc.resp, sc)
	return a.result()
}

// scratch holds the buffers of one Detect call, reused through scratchPool
// so that a call allocates little beyond its Result.
type scratch struct {
	seeker, resp doc
	seen         map[string]bool
	ids, pids    []int32
	flags        []uint8 // word-list flags of the response's tokens, from scan
	hits         []hit
	cues         []icue
	cands, won   []cand
	keys         []ckey
	order        []okey
	best         []hit
	per          []sq
	words        []string
}

var scratchPool = sync.Pool{New: func() any { return &scratch{seen: map[string]bool{}} }}

// release empties sc and returns it to the pool. Words left in the buffers
// point into copies made by tokenizeInto, never into the caller's texts.
func (sc *scratch) release() {
	clear(sc.seen)
	sc.seeker.reset()
	sc.resp.reset()
	clear(sc.cues) // may hold reasons built for this call
	scratchPool.Put(sc)
}

// cand is a reaction, apology or generic match competing for its span.
type cand struct {
	h     hit
	prio  int
	s, e  int
	toEnd bool
}

// ckey orders candidates: higher priority, then level, then longer first.
type ckey struct{ prio, level, n, i int32 }

// okey orders the reported cues by start.
type okey struct {
	start int
	i     int32
}

// sq is the exploration evidence of one sentence.
type sq struct {
	level    int
	reason   string
	section  string
	veto     bool
	question bool
}

// icue is a Cue with the level it contributes, kept apart from the public
// type so that levels need not be parsed back out of reasons.
type icue struct {
	Cue
	level int
}

// analysis holds the working state of one Detect call.
type analysis struct {
	lx   *lexicon
	d    *doc
	text string
	sc   *scratch
	// seeker is the seeker's text; seenDone tells whether the stems of its
	// content words are in sc.seen yet (see seen).
	seeker   string
	seenDone bool
	hits     []hit
	cues     []icue
}

func (a *analysis) result() Result {
	a.cues = a.sc.cues[:0]
	a.affect()
	a.emoticons()
	a.interpretation()
	a.exploration()
	var r Result
	order := a.sc.order[:0]
	generic, other := false, false
	for i, c := range a.cues {
		if c.Kind == kGeneric && a.overlapsKind(c.Cue, kInterp) {
			// A formula inside a real reflection ("I understand that the
			// parcel never came") belongs to the reflection.
			continue
		}
		switch c.Kind {
		case kGeneric:
			generic = true
		case kReaction, kApology:
			other = true
			r.Reaction = max(r.Reaction, c.level)
		case kInterp:
			other = true
			r.Interpretation = max(r.Interpretation, c.level)
		case kExplore:
			other = true
			r.Exploration = max(r.Exploration, c.level)
		}
		order = append(order, okey{start: c.Start, i: int32(i)})
	}
	if generic && r.Reaction == 0 {
		// Formulaic sympathy is still sympathy, but only ever weak.
		r.Reaction = 1
	}
	r.Generic = generic && !other
	a.sc.cues, a.sc.order = a.cues, order
	// Sort small keys, then copy the cues once in their final order.
	slices.SortStableFunc(order, func(x, y okey) int { return x.start - y.start })
	if len(order) > 0 {
		r.Cues = make([]Cue, len(order))
		for k, o := range order {
			r.Cues[k] = a.cues[o.i].Cue
			r.Cues[k].Level = a.cues[o.i].level
		}
	}
	return r
}

func (a *analysis) overlapsKind(c Cue, kind string) bool {
	for _, o := range a.cues {
		if o.Kind == kind && o.Start < c.End && c.Start < o.End {
			return true
		}
	}
	return false
}

// span converts a token range to rune offsets.
func (a *analysis) span(t0, t1 int) (int, int) {
	return int(a.d.toks[t0].s), int(a.d.toks[t1-1].e)
}

// affect resolves reaction, apology and generic matches. Overlapping matches
// describe one utterance, so the most telling one wins and absorbs the span
// of the others: formulas first (so "I'm sorry for any inconvenience" is not
// read as sympathy), then apologies, then reactions, longest first.
func (a *analysis) affect() {
	cs := a.sc.cands[:0]
	for _, h := range a.hits {
		p := 0
		switch h.pat.kind {
		case kGeneric:
			p = 3
		case kApology:
			if !a.validApology(h) {
				continue
			}
			p = 2
		case kReaction:
			p = 1
		default:
			continue
		}
		s, e := a.span(h.t0, h.t1)
		cs = append(cs, cand{h: h, prio: p, s: s, e: e, toEnd: h.pat.toEnd || h.pat.kind == kApology})
	}
	// Sort small keys rather than the candidates themselves.
	keys := a.sc.keys[:0]
	for i, c := range cs {
		if c.prio == 3 && insideReaction(cs, c) {
			// A formula inside a longer, specific reaction belongs to it:
			// Malay "saya faham anda risau" names the worry the customer
			// voiced, it is not a bare "saya faham".
			continue
		}
		keys = append(keys, ckey{prio: int32(c.prio), level: int32(c.h.pat.level), n: int32(c.h.t1 - c.h.t0), i: int32(i)})
	}
	a.sc.keys = keys
	slices.SortStableFunc(keys, func(x, y ckey) int {
		if x.prio != y.prio {
			return int(y.prio - x.prio)
		}
		if x.level != y.level {
			return int(y.level - x.level)
		}
		return int(y.n - x.n)
	})
	won := a.sc.won[:0]
	for _, k := range keys {
		c := cs[k.i]
		absorbed := false
		for k := range won {
			w := &won[k]
			if c.s < w.e && w.s < c.e {
				w.s, w.e = min(w.s, c.s), max(w.e, c.e)
				w.toEnd = w.toEnd || c.toEnd
				absorbed = true
				break
			}
		}
		if !absorbed {
			won = append(won, c)
		}
	}
	for _, w := range won {
		e := w.e
		if w.toEnd {
			// The specific thing apologised for is the evidence.
			e = max(e, a.d.sents[w.h.sent].e)
		}
		a.cues = append(a.cues, icue{Cue: Cue{Start: w.s, End: e, Kind: w.h.pat.kind, Reason: w.h.pat.reason, Section: w.h.pat.section}, level: w.h.pat.level})
	}
	a.sc.cands, a.sc.won = cs, won
}

// insideReaction reports whether some strong reaction among cs covers the
// span of c and is longer than it.
func insideReaction(cs []cand, c cand) bool {
	for _, o := range cs {
		if o.prio == 1 && o.h.pat.level >= 2 && o.s <= c.s && c.e <= o.e && o.e-o.s > c.e-c.s {
			return true
		}
	}
	return false
}

// validApology keeps an apology only when it is about something specific:
// "sorry for your loss" and "sorry that you…" are sympathy, and an apology
// whose object names nothing ("I'm sorry about that") is a formula.
func (a *analysis) validApology(h hit) bool {
	st := a.d.sents[h.sent]
	if h.t1 < st.t1 && a.has(h.t1, fYou) {
		return false
	}
	for i := h.t1; i < st.t1; i++ {
		if a.contentTok(i) {
			return true
		}
	}
	return false
}

// interpretation rates reflections and shared experience, one cue per
// sentence. A reflective frame earns the strong level only when the words
// after it reuse the seeker's own content words, because "it sounds like you
// are frustrated" fits any conversation while "so the parcel promised for
// Tuesday never came" shows the person was heard.
func (a *analysis) interpretation() {
	best := resize(a.sc.best, len(a.d.sents))
	a.sc.best = best
	for _, h := range a.hits {
		switch h.pat.kind {
		case kReflect, kRestate, kShare:
		default:
			continue
		}
		// The earliest frame governs the sentence: what follows it is what
		// the speaker presents as the other person's situation.
		if b := best[h.sent]; b.pat == nil || h.t0 < b.t0 || (h.t0 == b.t0 && rank(h) > rank(b)) {
			best[h.sent] = h
		}
	}
	for si := range a.d.sents {
		h := best[si]
		if h.pat == nil {
			continue
		}
		st := a.d.sents[si]
		if h.pat.kind == kShare && a.hasService(&st) {
			continue
		}
		from := h.t0
		if h.pat.kind == kReflect || h.pat.kind == kRestate {
			from = h.t1
		}
		reused := a.reused(from, st.t1)
		level := 0
		switch h.pat.kind {
		case kReflect, kShare:
			level = 1
			if len(reused) >= 2 {
				level = 2
			}
		case kRestate:
			switch {
			case len(reused) >= 2:
				level = 2
			case len(reused) == 1:
				level = 1
			}
		}
		if level == 0 {
			continue
		}
		reason := h.pat.reason
		if len(reused) > 0 {
			reason = joinReason(reason, reused)
		}
		section := h.pat.section
		if h.pat.kind == kReflect && level < 2 && a.hasService(&st) {
			// "I see that card in the system" reads a record aloud, not
			// the person's situation; EPITOME still counts the frame.
			section = "records"
		}
		s, _ := a.span(h.t0, h.t1)
		a.cues = append(a.cues, icue{Cue: Cue{Start: s, End: st.e, Kind: kInterp, Reason: reason, Section: section}, level: level})
	}
}

func rank(h hit) int {
	switch h.pat.kind {
	case kReflect:
		return 3
	case kRestate:
		return 2
	}
	return 1
}

// exploration rates invitations to say more and questions about the person,
// one cue per sentence. A question opener only counts in a sentence that is
// a question and is not rhetorical or about the speaker.
func (a *analysis) exploration() {
	per := resize(a.sc.per, len(a.d.sents))
	a.sc.per = per
	for _, h := range a.hits {
		p := &per[h.sent]
		switch h.pat.kind {
		case kExplore:
			if h.pat.level > p.level {
				p.level, p.reason, p.section = h.pat.level, h.pat.reason, h.pat.section
			}
		case kQuestion:
			p.question = true
			// A question about how things affect the person names itself
			// as such whatever other opener it also matches.
			if p.reason == "" || h.pat.section == "experience" && p.level == 0 {
				p.reason, p.section = h.pat.reason, h.pat.section
			}
		case kRhetorical:
			p.veto = true
		}
	}
	for si := range a.d.sents {
		st := &a.d.sents[si]
		p := per[si]
		if st.q && a.dataRequest(st) {
			// "Order number?" or "Can you confirm your postcode?" asks for
			// data, not about the person's experience.
			continue
		}
		level := p.level
		reason, section := p.reason, p.section
		if st.q && !p.veto && level == 0 {
			you := a.addressesYou(st)
			switch {
			case p.question && (you || a.reusesAny(st.t0, st.t1)):
				level = 2
			case p.question:
				level = 1
			case you && st.t1 > st.t0 && a.has(st.t0, fOpener):
				level, reason, section = 1, "Asks the person a direct question", "ask"
			case st.t1-st.t0 > 1 && !a.selfOnly(st):
				level, reason, section = 1, "Asks a question", "ask"
			}
		}
		if level == 0 {
			continue
		}
		a.cues = append(a.cues, icue{Cue: Cue{Start: st.s, End: st.e, Kind: kExplore, Reason: reason, Section: section}, level: level})
	}
}

// dataRequest reports a sentence whose content words all name service
// records or details an agent asks for ("account number", "confirm your
// postcode", "the model"): such a question gathers data and explores nothing.
// A single word about the person ("how has this affected your work?")
// makes it a real question again.
func (a *analysis) dataRequest(st *sentence) bool {
	data := false
	for i := st.t0; i < st.t1; i++ {
		// "Could you share the order number?" asks for data; "Could you
		// share how it felt?" does not: the asking verb decides nothing.
		if !a.contentTok(i) || a.has(i, fRequest) {
			continue
		}
		if a.sc.flags[i]&(fService|fData) == 0 {
			return false
		}
		data = true
	}
	return data
}

func (a *analysis) addressesYou(st *sentence) bool {
	for i := st.t0; i < st.t1; i++ {
		if a.has(i, fYou) {
			return true
		}
	}
	return false
}

// content reports whether w carries meaning of its own (not a function word).
func (lx *lexicon) isContent(w string) bool {
	if len(w) < lx.minLen {
		return false
	}
	// info carries the stop flag of every stop word.
	wi, _ := lx.info.get(w)
	return wi.f&fStop == 0
}

// contentTok is isContent for token i of the response, from the flags that
// scan looked up.
func (a *analysis) contentTok(i int) bool {
	return a.sc.flags[i]&fStop == 0 && len(a.d.word(i)) >= a.lx.minLen
}

// has reports whether token i of the response is in the word list flag.
func (a *analysis) has(i int, flag uint8) bool { return a.sc.flags[i]&flag != 0 }

// reused lists, in order and without repeats, the words of tokens [t0, t1)
// whose stems the seeker also used.
func (a *analysis) reused(t0, t1 int) []string {
	seen := a.seen()
	if len(seen) == 0 {
		return nil
	}
	out := a.sc.words[:0]
	for i := t0; i < t1; i++ {
		if !a.contentTok(i) {
			continue
		}
		w := a.d.word(i)
		if !seen[stem(w)] {
			continue
		}
		dup := false
		for _, o := range out {
			if o == w {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, w)
		}
	}
	a.sc.words = out
	return out
}

// seen returns the stems of the seeker's content words, tokenising the
// seeker on first use.
func (a *analysis) seen() map[string]bool {
	if !a.seenDone {
		a.seenDone = true
		if a.seeker != "" {
			tokenizeInto(&a.sc.seeker, a.seeker)
			a.lx.contentSet(&a.sc.seeker, a.sc.seen)
		}
	}
	return a.sc.seen
}

// contentSet adds to m the stems of the content words of d.
func (lx *lexicon) contentSet(d *doc, m map[string]bool) {
	for i := range d.toks {
		if w := d.word(i); lx.isContent(w) {
			m[stem(w)] = true
		}
	}
}

// reusesAny reports whether reused(t0, t1) would be non-empty.
func (a *analysis) reusesAny(t0, t1 int) bool {
	seen := a.seen()
	if len(seen) == 0 {
		return false
	}
	for i := t0; i < t1; i++ {
		if a.contentTok(i) && seen[stem(a.d.word(i))] {
			return true
		}
	}
	return false
}

// joinReason is reason + ", reusing their words: " + words joined by ", ",
// built with one allocation.
func joinReason(reason string, words []string) string {
	const mid = ", reusing their words: "
	n := len(reason) + len(mid) + 2*(len(words)-1)
	for _, w := range words {
		n += len(w)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(reason)
	b.WriteString(mid)
	for i, w := range words {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(w)
	}
	return b.String()
}

// resize returns s with length n and every element zero, reusing its array.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// stem strips common English inflections so "delivered" meets "delivery"
// and "waiting" meets "waited". It is deliberately crude: it only has to
// make the same word in two places compare equal, and it leaves words of
// other languages (which are short or end differently) alone.
func stem(w string) string {
	n := len(w)
	switch {
	case n > 5 && strings.HasSuffix(w, "ing"):
		return w[:n-3]
	case n > 4 && strings.HasSuffix(w, "ed"):
		return w[:n-2]
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3]
	case n > 4 && strings.HasSuffix(w, "es"):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "y"):
		return w[:n-1]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:n-1]
	}
	return w
}

// hearts are single-rune symbols of warmth, in any language.
var hearts = map[rune]bool{'❤': true, '♥': true, '💕': true, '💖': true, '💗': true, '💙': true, '💜': true,
	'💛': true, '💚': true, '🧡': true, '🤍': true, '💞': true, '💓': true, '🤗': true, '🫂': true, '😊': true, '🙂': true}

// emoticons adds a weak reaction for a friendly smiley or heart: in chat
// and on forums it is a common way to express warmth, and it carries the
// same meaning in every language.
func (a *analysis) emoticons() {
	if !a.d.emo {
		return
	}
	s := a.text
	for bi := 0; bi < len(s); {
		c := s[bi]
		n := 0
		if c < utf8.RuneSelf {
			switch {
			case c == ':' && bi+1 < len(s) && (s[bi+1] == ')' || s[bi+1] == 'D' || s[bi+1] == ']'):
				n = 2
			case c == ':' && bi+2 < len(s) && s[bi+1] == '-' && (s[bi+2] == ')' || s[bi+2] == 'D'):
				n = 3
			case c == '<' && bi+1 < len(s) && s[bi+1] == '3':
				n = 2
			}
			if n == 0 {
				bi++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[bi:])
			if !(r >= '♥' && hearts[r]) {
				bi += size
				continue
			}
			n = 1
		}
		// Offsets are in runes, counted as range counts them (an invalid
		// byte is one rune).
		ri := utf8.RuneCountInString(s[:bi])
		a.cues = append(a.cues, icue{Cue: Cue{Start: ri, End: ri + n, Kind: kReaction, Reason: "Friendly smiley or heart", Section: "emoji"}, level: 1})
		return
	}
}

// selfOnly reports a question about the speaker alone ("why am I like
// this?"): first-person words and no word addressing the other person.
func (a *analysis) selfOnly(st *sentence) bool {
	self := false
	for i := st.t0; i < st.t1; i++ {
		f := a.sc.flags[i]
		if f&fYou != 0 {
			return false
		}
		if f&fSelf != 0 {
			self = true
		}
	}
	return self
}

// hasService reports agent-action vocabulary in a sentence: an agent's "I
// have checked your order" is work being reported, not a shared experience.
func (a *analysis) hasService(st *sentence) bool {
	for i := st.t0; i < st.t1; i++ {
		if a.has(i, fService) {
			return true
		}
	}
	return false
}
