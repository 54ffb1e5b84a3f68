package autoqa

import (
	"strconv"
	"strings"

	"github.com/qascore/qascore/scoring/autoqa/readability"
)

// Clarity thresholds: plain-language guidance aims agent replies at about
// a 7th-grade reading level; every two grades above that costs a point.
const (
	clarityTargetGrade = 7.0
	// clarityFullWords is how many agent words make a clarity suggestion
	// fully supported (confidence amount 1).
	clarityFullWords = 120.0
)

// gradeTarget is clarityTargetGrade as the fk-grade detail prints it.
var gradeTarget = fixed(clarityTargetGrade, 0)

// gradeDetail is the fk-grade signal's detail, built in one allocation.
func gradeDetail(grade float64, words, sentences int) string {
	var buf [128]byte
	b := append(buf[:0], "Flesch–Kincaid grade "...)
	b = strconv.AppendFloat(b, grade, 'f', 1, 64)
	b = append(b, " over "...)
	b = strconv.AppendInt(b, int64(words), 10)
	b = append(b, " agent words in "...)
	b = strconv.AppendInt(b, int64(sentences), 10)
	b = append(b, " sentences (target ≤ "...)
	b = append(b, gradeTarget...)
	return string(append(b, ')'))
}

// clarity rates how easy the agent's turns are to follow. English only:
// the grade formula, syllable counter and jargon list are English.
//
// Signals: fk-grade (Flesch–Kincaid grade of all agent turns together:
// 0.39·words/sentences + 11.8·syllables/words − 15.59), long-sentence-share
// (sentences over readability.LongSentenceWords words), jargon (jargon and
// wordy phrases), checks-understanding (the agent asks whether it made
// sense). Mapping:
//
//	raw = 5 − clamp((grade − 7)/2, 0, 2.5) − min(1.5, 3·longShare)
//	        − min(2, 0.5·jargon) + 0.5·[checks understanding]
//
// rounded half up and clamped to 1–5. Amount = agent words / 120.
func (c *conv) clarity() Suggestion {
	if c.lang != "en" {
		return Suggestion{Criterion: CriterionClarity, NotScored: "not scored: readability is English-only"}
	}
	ev := c.newEvidence()
	var nWords, nSent, nSyl, nLong, nJargon, nChecks int
	// A term repeated is one thing to fix: it is counted once per
	// conversation and quoted once per turn, with how often it was used.
	var seenTerms map[string]bool
	for _, i := range c.agent {
		text := c.in.Turns[i].Text
		st, jargon, checks := readability.AnalyzeAllLong(text)
		nWords += st.Words
		nSent += st.Sentences
		nSyl += st.Syllables
		nLong += st.LongSentences
		for _, s := range st.SentenceSpans {
			if s.Words > readability.LongSentenceWords {
				ev.add(i, s.Start, s.End, "long sentence: "+strconv.Itoa(s.Words)+" words — split it, one idea per sentence")
			}
		}
		for k, m := range jargon {
			q := c.quote(i, m.Start, m.End)
			term := strings.ToLower(q)
			repeats, earlier := 0, false
			for j, o := range jargon {
				if strings.EqualFold(c.quote(i, o.Start, o.End), q) {
					repeats++
					earlier = earlier || j < k
				}
			}
			if earlier {
				continue
			}
			kind := m.Kind
			if kind == "" {
				kind = "jargon"
			}
			reason := kind + ": '" + q + "'"
			if repeats > 1 {
				reason += " (" + strconv.Itoa(repeats) + " times in this turn)"
			}
			if m.Plain != "" {
				reason += " — say '" + m.Plain + "'"
			}
			if !seenTerms[term] {
				if seenTerms == nil {
					seenTerms = map[string]bool{}
				}
				seenTerms[term] = true
				nJargon++
			}
			ev.add(i, m.Start, m.End, reason)
		}
		for _, m := range checks {
			nChecks++
			ev.add(i, m.Start, m.End, "checks understanding: '"+c.quote(i, m.Start, m.End)+"'")
		}
	}
	if nWords == 0 {
		return Suggestion{Criterion: CriterionClarity, NotScored: "not scored: no agent words"}
	}
	grade := 0.39*float64(nWords)/float64(max(1, nSent)) + 11.8*float64(nSyl)/float64(nWords) - 15.59
	longShare := float64(nLong) / float64(max(1, nSent))
	raw := 5 - min(2.5, max(0, (grade-clarityTargetGrade)/2)) - min(1.5, 3*longShare) - min(2, 0.5*float64(nJargon))
	if nChecks > 0 {
		raw += 0.5
	}
	votes := []float64{
		vote(grade <= clarityTargetGrade+1, 1),
		vote(longShare <= 0.1, 0.5),
	}
	if nJargon > 0 {
		votes = append(votes, -min(1.5, 0.5*float64(nJargon)))
	}
	if nChecks > 0 {
		votes = append(votes, 0.5)
	}
	signals := []Signal{
		{Name: "fk-grade", Value: round2(grade), Detail: gradeDetail(grade, nWords, nSent)},
		{Name: "long-sentence-share", Value: round2(longShare), Detail: strconv.Itoa(nLong) + " of " + strconv.Itoa(nSent) + " sentences over " + strconv.Itoa(readability.LongSentenceWords) + " words"},
		{Name: "jargon", Value: float64(nJargon), Detail: "jargon and wordy phrases with a plainer alternative"},
		{Name: "checks-understanding", Value: float64(nChecks), Detail: "times the agent checked the customer understood"},
	}
	return scored(CriterionClarity, raw, float64(nWords)/clarityFullWords, votes, signals, ev)
}
