package scoring_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

func evidenceBelowMax(c *rubrics.Criterion) { c.EvidenceBelowMax = true }

func TestCheckSubmit(t *testing.T) {
	v := ver(100,
		sec("s",
			crit("greet", rubrics.Scale5, 10, evidenceBelowMax, allowNA),
			crit("verify", rubrics.ScaleBinary, 10, evidenceBelowMax),
			custom("outcome", 10, []rubrics.Outcome{{Label: "ok", Score: 1, Pass: true}, {Label: "bad", Score: 0}}, evidenceBelowMax),
		),
		bonusSec("b", crit("extra", rubrics.Scale3, 5, bonus)),
	)
	withComment := func(r scoring.Rating, c string) scoring.Rating { r.Comment = c; return r }
	withEvidence := func(r scoring.Rating, es ...scoring.Evidence) scoring.Rating { r.Evidence = es; return r }
	full := func(over ...scoring.Rating) []scoring.Rating {
		base := map[string]scoring.Rating{
			"greet": rate("greet", 5), "verify": rate("verify", 1), "outcome": rate("outcome", 0), "extra": rate("extra", 1),
		}
		for _, o := range over {
			base[o.CriterionKey] = o
		}
		return []scoring.Rating{base["greet"], base["verify"], base["outcome"], base["extra"]}
	}
	tests := []struct {
		name    string
		ratings []scoring.Rating
		want    map[string]string // path → message (one each)
	}{
		{"all top", full(), nil},
		{"nothing rated", nil, map[string]string{
			"criteria.greet": "Rate this criterion or mark it N/A", "criteria.verify": "Rate this criterion or mark it N/A",
			"criteria.outcome": "Rate this criterion or mark it N/A", "criteria.extra": "Rate this criterion or mark it N/A",
		}},
		{"comment only is not a rating", full(scoring.Rating{CriterionKey: "verify", Comment: "hmm"}),
			map[string]string{"criteria.verify": "Rate this criterion or mark it N/A"}},
		{"below top without evidence", full(rate("greet", 3)),
			map[string]string{"criteria.greet": "A rating below the top needs evidence or a comment"}},
		{"blank comment is no comment", full(withComment(rate("greet", 3), "  \n ")),
			map[string]string{"criteria.greet": "A rating below the top needs evidence or a comment"}},
		{"below top with comment", full(withComment(rate("greet", 3), "Không chào tên")), nil},
		{"below top with evidence", full(withEvidence(rate("verify", 0), scoring.Evidence{TurnID: 1, Start: 2, End: 9})), nil},
		{"custom outcome below top", full(rate("outcome", 1)),
			map[string]string{"criteria.outcome": "A rating below the top needs evidence or a comment"}},
		{"no evidence rule on bonus", full(rate("extra", 1)), nil},
		{"N/A allowed", full(na("greet")), nil},
		{"N/A not allowed", full(na("verify")), map[string]string{"criteria.verify": "N/A is not allowed here"}},
		{"unknown key", append(full(), rate("nope", 1)), map[string]string{"criteria.nope": `version 1 has no criterion "nope"`}},
		{"bad level", full(rate("greet", 9)), map[string]string{"criteria.greet": "9 is not a level of the 5-point scale"}},
		{"empty span", full(withEvidence(rate("greet", 2), scoring.Evidence{TurnID: 1, Start: 4, End: 4})),
			map[string]string{"criteria.greet": "evidence 1: span [4, 4) is empty or negative"}},
		{"negative span", full(withEvidence(rate("greet", 2), scoring.Evidence{TurnID: 1, Start: -1, End: 4})),
			map[string]string{"criteria.greet": "evidence 1: span [-1, 4) is empty or negative"}},
		{"rated twice", append(full(), rate("greet", 1)), map[string]string{"criteria.greet": "rated twice"}},
	}
	v.Number = 1
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := scoring.CheckSubmit(v, tt.ratings)
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, errors.Is(err, scoring.ErrInvalid))
			var p rubrics.Problems
			require.True(t, errors.As(err, &p))
			assert.Len(t, p, len(tt.want), "%v", p)
			for path, msg := range tt.want {
				assert.Equal(t, []string{msg}, p.At(path), path)
			}
		})
	}
}
