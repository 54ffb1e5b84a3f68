package scoring_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// byteSource turns fuzz bytes into choices; once the bytes run out every
// choice is 0, so any input (even empty) builds a case.
type byteSource struct{ b []byte }

func (s *byteSource) next() byte {
	if len(s.b) == 0 {
		return 0
	}
	c := s.b[0]
	s.b = s.b[1:]
	return c
}

// intn returns a choice in [0, n).
func (s *byteSource) intn(n int) int { return int(s.next()) % n }

func (s *byteSource) flag(oneIn int) bool { return s.intn(oneIn) == 0 }

// genCase builds a rubric version and ratings from data. Criterion keys
// are unique and each gets at most one rating (unrated, N/A, a level of
// its scale, or now and then a level it lacks), plus a rating for a key
// the rubric lacks. When the first byte is odd the version also carries
// what Validate would refuse (negative weights, custom scores outside
// [0, 1] or NaN, an unknown scale kind), which Compute must survive.
func genCase(data []byte) (rubrics.Version, []scoring.Rating) {
	s := &byteSource{b: data}
	invalid := s.next()%2 == 1
	caps := []int{0, 100, 110, 150, 200}
	v := rubrics.Version{ID: 1, ScoreCap: caps[s.intn(len(caps))]}
	var rs []scoring.Rating
	key := 0
	for si := range 1 + s.intn(4) {
		sect := rubrics.Section{Key: fmt.Sprintf("s%d", si), FailSection: s.flag(2), Bonus: s.flag(8)}
		for range s.intn(6) {
			key++
			c := rubrics.Criterion{
				Key:      fmt.Sprintf("c%d", key),
				Scale:    rubrics.Scale{Kind: rubrics.ScaleKinds[s.intn(len(rubrics.ScaleKinds))]},
				Weight:   s.intn(101),
				AllowNA:  s.flag(2),
				Critical: s.flag(4),
				Bonus:    s.flag(6),
			}
			if c.Scale.Kind == rubrics.ScaleCustom {
				for range 1 + s.intn(4) {
					c.Scale.Outcomes = append(c.Scale.Outcomes,
						rubrics.Outcome{Score: float64(s.intn(101)) / 100, Pass: s.flag(2)})
				}
			}
			if invalid {
				switch s.intn(6) {
				case 0:
					c.Weight = -c.Weight
				case 1:
					if len(c.Scale.Outcomes) > 0 {
						c.Scale.Outcomes[0].Score = []float64{math.NaN(), 1.5, -0.5, math.Inf(1)}[s.intn(4)]
					}
				case 2:
					c.Scale.Kind = "bogus"
				}
			}
			switch s.intn(6) {
			case 0: // not rated
			case 1:
				rs = append(rs, na(c.Key))
			case 2: // a level the scale may lack
				rs = append(rs, rate(c.Key, s.intn(8)-1))
			default:
				if ls := c.Scale.Levels(); len(ls) > 0 {
					rs = append(rs, rate(c.Key, ls[s.intn(len(ls))].Value))
				}
			}
			sect.Criteria = append(sect.Criteria, c)
		}
		v.Sections = append(v.Sections, sect)
	}
	if s.flag(3) {
		rs = append(rs, rate("not-in-rubric", s.intn(6)))
	}
	// Ratings in a shuffled order: Compute matches by key, not position.
	shuffle(s, rs)
	return v, rs
}

func shuffle[T any](s *byteSource, xs []T) {
	for i := len(xs) - 1; i > 0; i-- {
		j := s.intn(i + 1)
		xs[i], xs[j] = xs[j], xs[i]
	}
}

// cloneVersion deep-copies the parts of v that the properties edit.
func cloneVersion(v rubrics.Version) rubrics.Version {
	v.Sections = slices.Clone(v.Sections)
	for i := range v.Sections {
		v.Sections[i].Criteria = slices.Clone(v.Sections[i].Criteria)
	}
	return v
}

// summary is what a property compares: the score and how it came about,
// without the per-criterion listing (whose order follows the rubric).
type summary struct {
	Available, AutoFailed bool
	Score, Base, Bonus    float64
	Critical              []string
}

func summarise(r scoring.Result) summary {
	crit := slices.Clone(r.CriticalKeys)
	slices.Sort(crit)
	return summary{r.Available, r.AutoFailed, r.Score, r.Base, r.Bonus, crit}
}

// checkProperties checks the scoring invariants on one case, drawing the
// variations (permutations, which criterion to add or raise) from s.
func checkProperties(t *testing.T, v rubrics.Version, rs []scoring.Rating, s *byteSource) {
	t.Helper()
	got := scoring.Compute(v, rs)
	want := summarise(got)

	// Bounded, finite, and consistent flags.
	scoreCap := float64(v.ScoreCap)
	if v.ScoreCap <= 0 {
		scoreCap = 100
	}
	finite := func(name string, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("%s = %v", name, x)
		}
	}
	finite("Score", got.Score)
	finite("Base", got.Base)
	finite("Bonus", got.Bonus)
	if got.Score < 0 || got.Score > scoreCap {
		t.Fatalf("Score %v outside [0, %v]", got.Score, scoreCap)
	}
	if got.Base < 0 || got.Base > 100 {
		t.Fatalf("Base %v outside [0, 100]", got.Base)
	}
	if (!got.Available || got.AutoFailed) && got.Score != 0 {
		t.Fatalf("Score %v with Available=%v AutoFailed=%v", got.Score, got.Available, got.AutoFailed)
	}
	for i, sc := range v.Criteria() {
		cr := got.Criteria[i]
		if cr.Value != nil {
			finite("criterion "+cr.Key, *cr.Value)
			if *cr.Value < 0 || *cr.Value > 100 {
				t.Fatalf("criterion %s value %v outside [0, 100]", cr.Key, *cr.Value)
			}
		}
		// The value is the rubric's own level score × 100 (Compute has
		// a fast path for point scales that must agree with Scale.Levels),
		// and unknown levels leave the criterion unrated.
		var r *scoring.Rating
		for j := range rs {
			if rs[j].CriterionKey == sc.Criterion.Key {
				r = &rs[j]
			}
		}
		var l rubrics.Level
		known := false
		if r != nil && !r.NA && r.Level != nil {
			l, known = sc.Criterion.Scale.Level(*r.Level)
			known = known && !math.IsNaN(l.Score)
		}
		switch {
		case !known && cr.Value != nil:
			t.Fatalf("criterion %s valued %v without a known level", cr.Key, *cr.Value)
		case known && cr.Value == nil:
			t.Fatalf("criterion %s level %d known but not valued", cr.Key, *r.Level)
		case known && *cr.Value != min(max(l.Score, 0), 1)*100:
			t.Fatalf("criterion %s level %d valued %v, Scale.Level says %v", cr.Key, *r.Level, *cr.Value, l.Score)
		case known && cr.Failed != (l.Score < 0.5 || !l.Pass):
			t.Fatalf("criterion %s level %d Failed=%v, Scale.Level says %+v", cr.Key, *r.Level, cr.Failed, l)
		}
	}
	for _, sr := range got.Sections {
		if sr.Value != nil {
			finite("section "+sr.Key, *sr.Value)
		}
	}

	// Deterministic.
	if again := scoring.Compute(v, rs); !reflect.DeepEqual(got, again) {
		t.Fatalf("Compute not deterministic:\n%+v\n%+v", got, again)
	}

	// Reordering sections, criteria within sections, and ratings.
	p := cloneVersion(v)
	shuffle(s, p.Sections)
	for i := range p.Sections {
		shuffle(s, p.Sections[i].Criteria)
	}
	prs := slices.Clone(rs)
	shuffle(s, prs)
	if g := summarise(scoring.Compute(p, prs)); !reflect.DeepEqual(want, g) {
		t.Fatalf("reordering changed the score: %+v → %+v", want, g)
	}

	// Adding a criterion that is N/A, or that nobody rated, whatever its
	// flags and wherever it goes (an existing section or a new one).
	for _, extra := range []struct {
		name    string
		ratings []scoring.Rating
	}{
		{"N/A", append(slices.Clone(rs), na("added"))},
		{"unrated", rs},
	} {
		a := cloneVersion(v)
		c := rubrics.Criterion{
			Key: "added", Scale: rubrics.Scale{Kind: rubrics.ScaleKinds[s.intn(4)]}, Weight: 1 + s.intn(100),
			AllowNA: true, Critical: s.flag(2), Bonus: s.flag(3),
		}
		if i := s.intn(len(a.Sections) + 1); i < len(a.Sections) {
			cs := a.Sections[i].Criteria
			a.Sections[i].Criteria = slices.Insert(cs, s.intn(len(cs)+1), c)
		} else {
			a.Sections = append(a.Sections, rubrics.Section{Key: "added", FailSection: s.flag(2), Criteria: []rubrics.Criterion{c}})
		}
		if g := summarise(scoring.Compute(a, extra.ratings)); !reflect.DeepEqual(want, g) {
			t.Fatalf("adding an %s criterion changed the score: %+v → %+v", extra.name, want, g)
		}
	}

	// Raising one rated, non-critical criterion outside fail sections
	// never lowers the score.
	for _, sc := range v.Criteria() {
		c := sc.Criterion
		if c.Critical || sc.Section.FailSection {
			continue
		}
		res := got.Criteria[slices.IndexFunc(got.Criteria, func(cr scoring.CriterionResult) bool { return cr.Key == c.Key })]
		if res.Value == nil {
			continue
		}
		for _, l := range c.Scale.Levels() {
			if !(min(max(l.Score, 0), 1)*100 > *res.Value) {
				continue
			}
			raised := slices.Clone(rs)
			for i := range raised {
				if raised[i].CriterionKey == c.Key {
					raised[i] = rate(c.Key, l.Value)
				}
			}
			if g := scoring.Compute(v, raised); g.Score < got.Score {
				t.Fatalf("raising %s to %d lowered the score %v → %v", c.Key, l.Value, got.Score, g.Score)
			}
		}
	}
}

// TestComputeProperties runs the invariants on cases from a seeded
// generator, so a failure is reproducible and its bytes can become a
// FuzzCompute seed.
func TestComputeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(20260301, 1))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := range n {
		data := make([]byte, 16+rng.IntN(200))
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		t.Run(fmt.Sprintf("case%d", i), func(t *testing.T) {
			v, rs := genCase(data)
			checkProperties(t, v, rs, &byteSource{b: data[len(data)/2:]})
			if t.Failed() {
				t.Logf("seed bytes: %q", data)
			}
		})
	}
}

// FuzzCompute builds a rubric version and ratings from the fuzz input and
// checks the same invariants. testdata/fuzz/FuzzCompute holds inputs that
// plain go test reruns: a sample of what the fuzzer found interesting
// (two 30 s runs, ~480,000 executions, no crasher so far), and any crasher found
// later belongs there too.
func FuzzCompute(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 3, 0, 0, 2, 7, 5, 9, 200, 1, 3, 3, 0, 1, 5, 5})
	f.Add([]byte("a critical in a fail section with a bonus on top, capped at 110"))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
	f.Fuzz(func(t *testing.T, data []byte) {
		v, rs := genCase(data)
		checkProperties(t, v, rs, &byteSource{b: data[len(data)/2:]})
	})
}
