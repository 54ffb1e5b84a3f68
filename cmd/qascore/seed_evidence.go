package main

import (
	"strings"
	"unicode"

	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/autoqa"
	"github.com/qascore/qascore/scoring/transcript"
)

// The demo's reviews cite words, as a supervisor's would: a scorecard with
// bare numbers is exactly what the product promises never to show. The
// words are picked the way a reviewer would point at them — the agent's
// opening and closing sentences for greeting and closing, and for the
// communication criteria the spans the AutoQA engine explains itself with.

// maxDemoQuotes is how many quotes a demo rating cites at most.
const maxDemoQuotes = 2

// withDemoEvidence returns ratings with evidence and a comment added from
// in (whose turns carry their stored ids). Ratings marked N/A are left
// alone; a criterion with nothing fitting to quote keeps no evidence.
func withDemoEvidence(eng *autoqa.Engine, in transcript.Interaction, ratings []scoring.Rating) []scoring.Rating {
	res := eng.Score(in)
	spans := map[string][]autoqa.Span{}
	for _, s := range res.Suggestions {
		if s.Scored {
			spans[s.Criterion] = s.Evidence
		}
	}
	var agentTurns []int
	for i, t := range in.Turns {
		if t.Role == transcript.RoleAgent && strings.TrimSpace(t.Text) != "" {
			agentTurns = append(agentTurns, i)
		}
	}
	pick := func(criterion string, keep func(autoqa.Span) bool) []autoqa.Span {
		var out []autoqa.Span
		for _, sp := range spans[criterion] {
			if keep == nil || keep(sp) {
				out = append(out, sp)
				if len(out) == maxDemoQuotes {
					break
				}
			}
		}
		return out
	}
	sentence := func(turn int, which sentenceChoice) []autoqa.Span {
		t := in.Turns[turn]
		s, e := sentenceSpan([]rune(t.Text), which)
		if s >= e {
			return nil
		}
		return []autoqa.Span{{TurnID: t.ID, TurnSeq: turn, Start: s, End: e}}
	}
	out := make([]scoring.Rating, len(ratings))
	for i, r := range ratings {
		out[i] = r
		if r.Level == nil {
			continue
		}
		var cited []autoqa.Span
		var comment string
		switch r.CriterionKey {
		case "greeting":
			if len(agentTurns) > 0 {
				cited, comment = sentence(agentTurns[0], firstSentence), "The opening line."
			}
		case "closing":
			if len(agentTurns) > 0 {
				cited, comment = sentence(agentTurns[len(agentTurns)-1], lastSentence), "The last words to the customer."
			}
		case "clarity", "patience", "empathy", "positive-language":
			cited = pick(r.CriterionKey, nil)
		case "active-listening":
			cited = pick(autoqa.CriterionEmpathy, func(sp autoqa.Span) bool { return strings.Contains(sp.Reason, "interpretation") })
		case "ownership":
			cited = pick(autoqa.CriterionPositiveLanguage, func(sp autoqa.Span) bool {
				return strings.HasPrefix(sp.Reason, "ownership") || strings.HasPrefix(sp.Reason, "deflection")
			})
		case "resolution-knowledge":
			// The agent's longest turn is where the fix is explained.
			longest := -1
			for _, k := range agentTurns {
				if longest < 0 || len([]rune(in.Turns[k].Text)) > len([]rune(in.Turns[longest].Text)) {
					longest = k
				}
			}
			if longest >= 0 {
				cited, comment = sentence(longest, longestSentence), "How the fix was explained."
			}
		}
		if len(cited) == 0 {
			continue
		}
		if comment == "" {
			comment = upperFirst(cited[0].Reason)
		}
		out[i].Comment = comment
		out[i].Evidence = nil
		for _, sp := range cited {
			rs := []rune(in.Turns[sp.TurnSeq].Text)
			out[i].Evidence = append(out[i].Evidence, scoring.Evidence{TurnID: sp.TurnID, Start: sp.Start, End: sp.End, Quote: string(rs[sp.Start:sp.End])})
		}
	}
	return out
}

// sentenceChoice says which sentence of a turn sentenceSpan returns.
type sentenceChoice int

const (
	firstSentence sentenceChoice = iota
	lastSentence
	longestSentence
)

// sentenceSpan returns the rune span of the chosen sentence of text,
// trimmed of spaces and at most 120 runes long, cut at a space so a word —
// or a Thai syllable cluster — is never split.
func sentenceSpan(rs []rune, which sentenceChoice) (int, int) {
	const maxRunes = 120
	isEnd := func(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '。' || r == '\n' }
	var starts []int
	start := 0
	for i, r := range rs {
		if isEnd(r) && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) {
			starts = append(starts, start)
			start = i + 1
		}
	}
	if start < len(rs) {
		starts = append(starts, start)
	}
	if len(starts) == 0 {
		return 0, 0
	}
	end := func(k int) int {
		if k+1 < len(starts) {
			return starts[k+1]
		}
		return len(rs)
	}
	k := 0
	switch which {
	case lastSentence:
		k = len(starts) - 1
	case longestSentence:
		for j := range starts {
			if end(j)-starts[j] > end(k)-starts[k] {
				k = j
			}
		}
	}
	s, e := starts[k], end(k)
	for s < e && unicode.IsSpace(rs[s]) {
		s++
	}
	for e > s && unicode.IsSpace(rs[e-1]) {
		e--
	}
	if e-s > maxRunes {
		cut := s + maxRunes
		for cut > s && !unicode.IsSpace(rs[cut]) {
			cut--
		}
		if cut > s {
			e = cut
		} else {
			e = s + maxRunes
		}
		for e > s && unicode.IsSpace(rs[e-1]) {
			e--
		}
	}
	return s, e
}

// upperFirst capitalises a reason for use as a comment.
func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}
