package empathy

import (
	"slices"
	"strings"
)

// Cue is one piece of evidence for empathy found in the response.
type Cue struct {
	Start, End int    // rune offsets within the response text
	Kind       string // "reaction", "interpretation", "exploration", "apology" or "generic"
	Reason     string // one line for people
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
	d := tokenize(response)
	a := analysis{lx: lx, d: &d, text: response, seen: lx.contentSet(seeker)}
	a.hits = lx.scan(&d, make([]hit, 0, 16))
	return a.result()
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
	seen map[string]bool // stems of the seeker's content words
	hits []hit
	cues []icue
}

func (a *analysis) result() Result {
	a.affect()
	a.emoticons()
	a.interpretation()
	a.exploration()
	var r Result
	generic, other := false, false
	for _, c := range a.cues {
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
		r.Cues = append(r.Cues, c.Cue)
	}
	if generic && r.Reaction == 0 {
		// Formulaic sympathy is still sympathy, but only ever weak.
		r.Reaction = 1
	}
	r.Generic = generic && !other
	slices.SortStableFunc(r.Cues, func(x, y Cue) int { return x.Start - y.Start })
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
	return a.d.toks[t0].s, a.d.toks[t1-1].e
}

// affect resolves reaction, apology and generic matches. Overlapping matches
// describe one utterance, so the most telling one wins and absorbs the span
// of the others: formulas first (so "I'm sorry for any inconvenience" is not
// read as sympathy), then apologies, then reactions, longest first.
func (a *analysis) affect() {
	type cand struct {
		h     hit
		prio  int
		s, e  int
		toEnd bool
	}
	var cs []cand
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
	slices.SortStableFunc(cs, func(x, y cand) int {
		if x.prio != y.prio {
			return y.prio - x.prio
		}
		if x.h.pat.level != y.h.pat.level {
			return y.h.pat.level - x.h.pat.level
		}
		return (y.h.t1 - y.h.t0) - (x.h.t1 - x.h.t0)
	})
	var won []cand
	for _, c := range cs {
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
		a.cues = append(a.cues, icue{Cue: Cue{Start: w.s, End: e, Kind: w.h.pat.kind, Reason: w.h.pat.reason}, level: w.h.pat.level})
	}
}

// validApology keeps an apology only when it is about something specific:
// "sorry for your loss" and "sorry that you…" are sympathy, and an apology
// whose object names nothing ("I'm sorry about that") is a formula.
func (a *analysis) validApology(h hit) bool {
	st := a.d.sents[h.sent]
	if h.t1 < st.t1 && a.lx.you[a.d.toks[h.t1].w] {
		return false
	}
	for i := h.t1; i < st.t1; i++ {
		if a.content(a.d.toks[i].w) {
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
	best := make([]hit, len(a.d.sents))
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
			reason += ", reusing their words: " + strings.Join(reused, ", ")
		}
		s, _ := a.span(h.t0, h.t1)
		a.cues = append(a.cues, icue{Cue: Cue{Start: s, End: st.e, Kind: kInterp, Reason: reason}, level: level})
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
	type sq struct {
		level    int
		reason   string
		veto     bool
		question bool
	}
	per := make([]sq, len(a.d.sents))
	for _, h := range a.hits {
		p := &per[h.sent]
		switch h.pat.kind {
		case kExplore:
			if h.pat.level > p.level {
				p.level, p.reason = h.pat.level, h.pat.reason
			}
		case kQuestion:
			p.question = true
			if p.reason == "" {
				p.reason = h.pat.reason
			}
		case kRhetorical:
			p.veto = true
		}
	}
	for si := range a.d.sents {
		st := &a.d.sents[si]
		p := per[si]
		level := p.level
		reason := p.reason
		if st.q && !p.veto && level == 0 {
			you := a.addressesYou(st)
			switch {
			case p.question && (you || len(a.reused(st.t0, st.t1)) > 0):
				level = 2
			case p.question:
				level = 1
			case you && st.t1 > st.t0 && a.lx.opener[a.d.toks[st.t0].w]:
				level, reason = 1, "Asks the person a direct question"
			case st.t1-st.t0 > 1 && !a.selfOnly(st):
				level, reason = 1, "Asks a question"
			}
		}
		if level == 0 {
			continue
		}
		a.cues = append(a.cues, icue{Cue: Cue{Start: st.s, End: st.e, Kind: kExplore, Reason: reason}, level: level})
	}
}

func (a *analysis) addressesYou(st *sentence) bool {
	for i := st.t0; i < st.t1; i++ {
		if a.lx.you[a.d.toks[i].w] {
			return true
		}
	}
	return false
}

// content reports whether w carries meaning of its own (not a function word).
func (lx *lexicon) isContent(w string) bool {
	return len(w) >= lx.minLen && !lx.stop[w]
}

func (a *analysis) content(w string) bool { return a.lx.isContent(w) }

// reused lists, in order and without repeats, the words of tokens [t0, t1)
// whose stems the seeker also used.
func (a *analysis) reused(t0, t1 int) []string {
	if len(a.seen) == 0 {
		return nil
	}
	var out []string
	for i := t0; i < t1; i++ {
		w := a.d.toks[i].w
		if !a.content(w) || !a.seen[stem(w)] {
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
	return out
}

// contentSet returns the stems of the content words of text.
func (lx *lexicon) contentSet(text string) map[string]bool {
	if text == "" {
		return nil
	}
	d := tokenize(text)
	m := make(map[string]bool, len(d.toks)/2)
	for _, t := range d.toks {
		if lx.isContent(t.w) {
			m[stem(t.w)] = true
		}
	}
	return m
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
	ri := 0
	s := a.text
	for bi, r := range s {
		n := 0
		switch {
		case r >= '♥' && hearts[r]:
			n = 1
		case r == ':' && bi+1 < len(s) && (s[bi+1] == ')' || s[bi+1] == 'D' || s[bi+1] == ']'):
			n = 2
		case r == ':' && bi+2 < len(s) && s[bi+1] == '-' && (s[bi+2] == ')' || s[bi+2] == 'D'):
			n = 3
		case r == '<' && bi+1 < len(s) && s[bi+1] == '3':
			n = 2
		}
		if n > 0 {
			a.cues = append(a.cues, icue{Cue: Cue{Start: ri, End: ri + n, Kind: kReaction, Reason: "Friendly smiley or heart"}, level: 1})
			return
		}
		ri++
	}
}

// selfOnly reports a question about the speaker alone ("why am I like
// this?"): first-person words and no word addressing the other person.
func (a *analysis) selfOnly(st *sentence) bool {
	self := false
	for i := st.t0; i < st.t1; i++ {
		w := a.d.toks[i].w
		if a.lx.you[w] {
			return false
		}
		if a.lx.self[w] {
			self = true
		}
	}
	return self
}

// hasService reports agent-action vocabulary in a sentence: an agent's "I
// have checked your order" is work being reported, not a shared experience.
func (a *analysis) hasService(st *sentence) bool {
	for i := st.t0; i < st.t1; i++ {
		if a.lx.service[a.d.toks[i].w] {
			return true
		}
	}
	return false
}
