package scoring_test

import (
	"testing"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// benchVersion is the usual 8-criterion rubric shape: an opening, a fail
// section with a critical compliance check, soft skills, and a bonus.
func benchVersion() rubrics.Version {
	return ver(110,
		sec("opening",
			crit("greeting", rubrics.ScaleBinary, 5),
			crit("verify-identity", rubrics.ScaleBinary, 10, critical)),
		failSec("resolution",
			crit("understand", rubrics.Scale5, 20),
			custom("resolved", 25, resolution),
			crit("accuracy", rubrics.Scale4, 15)),
		sec("soft-skills",
			crit("empathy", rubrics.Scale5, 15, allowNA),
			crit("tone", rubrics.Scale3, 10)),
		bonusSec("extra",
			crit("above-beyond", rubrics.ScaleBinary, 5)),
	)
}

func benchRatings() []scoring.Rating {
	return []scoring.Rating{
		rate("greeting", 1), rate("verify-identity", 1),
		rate("understand", 4), rate("resolved", 0), rate("accuracy", 3),
		na("empathy"), rate("tone", 3),
		rate("above-beyond", 1),
	}
}

func BenchmarkCompute(b *testing.B) {
	v, rs := benchVersion(), benchRatings()
	b.ReportAllocs()
	for b.Loop() {
		if !scoring.Compute(v, rs).Available {
			b.Fatal("unavailable")
		}
	}
}
