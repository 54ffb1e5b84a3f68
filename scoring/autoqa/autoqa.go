package autoqa

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/qascore/qascore/scoring/autoqa/positive"
	"github.com/qascore/qascore/scoring/autoqa/sentiment"
	"github.com/qascore/qascore/scoring/transcript"
)

// The criteria keys of the default rubric, in the order Result lists them.
const (
	CriterionClarity          = "clarity"
	CriterionPatience         = "patience"
	CriterionEmpathy          = "empathy"
	CriterionPositiveLanguage = "positive-language"
)

// Criteria lists the criteria every Result reports, in order.
var Criteria = []string{CriterionClarity, CriterionPatience, CriterionEmpathy, CriterionPositiveLanguage}

// Span is evidence: the exact words in one turn that a suggestion rests
// on. Start and End are rune offsets [Start, End) within that turn's Text,
// so they stay correct for any script; TurnSeq is the turn's position in
// Interaction.Turns (its Seq for stored interactions).
type Span struct {
	TurnID  int64
	TurnSeq int
	Start   int
	End     int
	Reason  string // one line for people: why these words matter
}

// Signal is one measured input of a suggestion, shown so a grader can see
// how the rating came about.
type Signal struct {
	Name   string
	Value  float64
	Detail string
}

// Suggestion is the engine's proposal for one criterion.
type Suggestion struct {
	// Criterion is the default rubric's key: "clarity", "patience",
	// "empathy" or "positive-language".
	Criterion string
	// Scored is false when the engine declines to rate; NotScored then says
	// why ("not scored: language th not supported").
	Scored    bool
	NotScored string
	// Rating is the suggested level 1–5 when Scored.
	Rating int
	// Confidence in [0,1] is amount × (0.5 + 0.5 × agreement): amount (0–1)
	// is how much relevant material there was, per criterion (see each
	// criterion's doc), and agreement is |Σv| / Σ|v| over the signals'
	// votes v (each signal votes for a higher or lower rating), 1 when they
	// all point the same way and 0 when they cancel out. With no votes at
	// all agreement is 0.5. Rounded to two decimals.
	Confidence float64
	Signals    []Signal
	Evidence   []Span
}

// Result is the engine's output for one interaction: always the four
// criteria, in the order of Criteria.
type Result struct {
	// Language is the detected language (see DetectLanguage).
	Language    string
	Suggestions []Suggestion
}

// Engine scores interactions. Build it once with New; it holds only
// read-only lexicons and analyzers, so one Engine is safe for concurrent use.
type Engine struct {
	sent map[string]*sentiment.Analyzer
}

// New builds an Engine with the sentiment analyzers of every scored
// language. It fails only if an embedded lexicon is broken.
func New() (*Engine, error) {
	e := &Engine{sent: make(map[string]*sentiment.Analyzer, 3)}
	for _, lang := range []string{"en", "vi", "ms"} {
		a, err := sentiment.New(lang)
		if err != nil {
			return nil, fmt.Errorf("autoqa: sentiment %s: %w", lang, err)
		}
		e.sent[lang] = a
	}
	return e, nil
}

// conv is one interaction prepared for the criteria: the words, their rune
// counts (to check every span) and the per-turn sentiment, computed once.
type conv struct {
	in        transcript.Interaction
	lang      string
	custLang  string // roleLanguage of the customer's words
	runes     []int
	has       []bool // per turn: has a letter or digit (turnCounts)
	agent     []int  // indices of agent turns with words
	nAgentW   int    // words of the agent turns (countWords)
	compound  []float64
	sentiment *sentiment.Analyzer
	// pos holds positive.Analyze per agent turn (by turn index): its
	// negative phrases are shared by patience ("as I said") and positive
	// language.
	pos []positive.Report
	// spans is scratch for the evidence of the criterion being scored;
	// each criterion's spans are copied out once, at their final size.
	spans []Span
	// timing is patience's measureTiming memory.
	timing timingBuf
}

// convPool recycles the per-call memory of Score; nothing in it is part of
// a Result.
var convPool = sync.Pool{New: func() any { return new(conv) }}

// reset prepares a pooled conv for in, with every per-turn slice sized to
// its turns and zeroed.
func (c *conv) reset(in transcript.Interaction, lang, custLang string, sent *sentiment.Analyzer) {
	n := len(in.Turns)
	c.in, c.lang, c.custLang, c.sentiment, c.nAgentW = in, lang, custLang, sent, 0
	c.runes = resize(c.runes, n)
	c.has = resize(c.has, n)
	c.compound = resize(c.compound, n)
	c.pos = resize(c.pos, n)
	c.agent = c.agent[:0]
	c.spans = c.spans[:0]
}

// release drops the references into the scored interaction and returns c
// to the pool.
func (c *conv) release() {
	c.in = transcript.Interaction{}
	clear(c.pos)
	clear(c.spans)
	clear(c.timing.intr)
	clear(c.timing.dead)
	convPool.Put(c)
}

// resize returns s with length n and every element zero, reusing its
// memory when it is large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// Score suggests a rating for each criterion of the default rubric. It
// never fails: a criterion it cannot judge is reported with Scored=false
// and the reason.
func (e *Engine) Score(in transcript.Interaction) Result {
	in, maps := composeTurns(in)
	res := e.score(in)
	if maps != nil {
		// Spans go back to the caller's text; reasons quote the composed
		// words, which read the same.
		restoreSpans(&res, maps)
	}
	return res
}

// score is Score on text already in NFC.
func (e *Engine) score(in transcript.Interaction) Result {
	lang, custLang := detectLanguage(in)
	res := Result{Language: lang, Suggestions: make([]Suggestion, 0, len(Criteria))}
	notScored := func(reason string) Result {
		for _, c := range Criteria {
			res.Suggestions = append(res.Suggestions, Suggestion{Criterion: c, NotScored: reason})
		}
		return res
	}
	if !supported(lang) {
		return notScored(fmt.Sprintf("not scored: language %s not supported", lang))
	}
	c := convPool.Get().(*conv)
	defer c.release()
	c.reset(in, lang, custLang, e.sent[lang])
	for i, t := range in.Turns {
		runes, words, has := turnCounts(t.Text)
		c.runes[i], c.has[i] = runes, has
		if t.Role == transcript.RoleAgent && has {
			c.agent = append(c.agent, i)
			c.nAgentW += words
		}
		// Sentiment of the two parties only; bots and system notes are
		// templates whose tone says nothing about the agent.
		if t.Role == transcript.RoleAgent || t.Role == transcript.RoleCustomer {
			c.compound[i] = c.sentiment.Score(t.Text).Compound
		}
	}
	if len(c.agent) == 0 {
		return notScored("not scored: no agent words")
	}
	for _, i := range c.agent {
		c.pos[i] = positive.Analyze(lang, in.Turns[i].Text)
	}
	res.Suggestions = append(res.Suggestions, c.clarity(), c.patience(), c.empathy(), c.positive())
	return res
}

// evidence collects spans for one criterion, dropping any span that does
// not lie inside its turn so that a bug in a lexicon package can never
// produce a span that slices outside the words.
type evidence struct{ c *conv }

// newEvidence starts collecting the spans of one criterion in c.spans.
// Criteria are scored one after another, so they take turns with it.
func (c *conv) newEvidence() *evidence {
	c.spans = c.spans[:0]
	return &evidence{c: c}
}

// add records the span [start, end) of turn i with a reason.
func (ev *evidence) add(i, start, end int, reason string) {
	if i < 0 || i >= len(ev.c.runes) || start < 0 || start >= end || end > ev.c.runes[i] {
		return
	}
	ev.c.spans = append(ev.c.spans, Span{TurnID: ev.c.in.Turns[i].ID, TurnSeq: i, Start: start, End: end, Reason: reason})
}

// addSpan records a span built elsewhere (timing), re-checked the same way.
func (ev *evidence) addSpan(s Span) { ev.add(s.TurnSeq, s.Start, s.End, s.Reason) }

// sorted returns the spans in reading order: turn, then position.
func (ev *evidence) sorted() []Span {
	spans := ev.c.spans
	if len(spans) == 0 {
		return nil
	}
	slices.SortStableFunc(spans, func(a, b Span) int {
		if a.TurnSeq != b.TurnSeq {
			return a.TurnSeq - b.TurnSeq
		}
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return slices.Clone(spans)
}

// quote returns the runes [start, end) of turn i, for reason lines.
func (c *conv) quote(i, start, end int) string {
	text := c.in.Turns[i].Text
	if c.runes[i] == len(text) {
		// One byte per rune (ASCII, or invalid bytes that count as one
		// rune each): rune offsets are byte offsets. Offsets outside the
		// text mean its end, as in the loop below.
		bs, be := start, end
		if bs < 0 || bs > len(text) {
			bs = len(text)
		}
		if be < 0 || be > len(text) {
			be = len(text)
		}
		if bs > be {
			return ""
		}
		return text[bs:be]
	}
	n := 0
	bs, be := len(text), len(text)
	for b := range text {
		if n == start {
			bs = b
		}
		if n == end {
			be = b
			break
		}
		n++
	}
	if bs > be {
		return ""
	}
	return text[bs:be]
}

// rating rounds a raw score half up and clamps it to 1–5.
func rating(x float64) int {
	return min(5, max(1, int(math.Floor(x+0.5))))
}

// confidence implements the formula documented on Suggestion.Confidence.
func confidence(amount float64, votes ...float64) float64 {
	var sum, abs float64
	for _, v := range votes {
		sum += v
		abs += math.Abs(v)
	}
	agreement := 0.5
	if abs > 0 {
		agreement = math.Abs(sum) / abs
	}
	amount = min(1, max(0, amount))
	return math.Round(amount*(0.5+0.5*agreement)*100) / 100
}

// scored assembles a rated suggestion.
func scored(criterion string, raw, amount float64, votes []float64, signals []Signal, ev *evidence) Suggestion {
	return Suggestion{
		Criterion:  criterion,
		Scored:     true,
		Rating:     rating(raw),
		Confidence: confidence(amount, votes...),
		Signals:    signals,
		Evidence:   ev.sorted(),
	}
}

// vote is +w for a signal that argues for a higher rating, −w otherwise.
func vote(good bool, w float64) float64 {
	if good {
		return w
	}
	return -w
}

// fixed formats x with prec decimals, as fmt's %.<prec>f does for finite x.
func fixed(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }

// withFixed returns prefix + fixed(x, prec) + suffix in one allocation.
func withFixed(prefix string, x float64, prec int, suffix string) string {
	var buf [160]byte
	b := append(buf[:0], prefix...)
	b = strconv.AppendFloat(b, x, 'f', prec, 64)
	return string(append(b, suffix...))
}

// round2 rounds to two decimals so signals print and compare stably.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
