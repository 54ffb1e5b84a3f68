package autoqa_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/scoring/autoqa"
)

// TestScoreConcurrent scores the same interactions from several goroutines
// at once: Score keeps its working memory in pooled per-call state, so
// results must match a sequential run (run with -race to check the pools).
func TestScoreConcurrent(t *testing.T) {
	e := MustEngine(t)
	ins := benchTranscripts()
	for seed := range uint64(40) {
		ins = append(ins, buildInteraction(seed, "I'm so sorry, as I said", seed%2 == 0))
	}
	want := make([]autoqa.Result, len(ins))
	for i, in := range ins {
		want[i] = e.Score(in)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 3 * len(ins) {
				i := (k + g*7) % len(ins)
				assert.Equal(t, want[i], e.Score(ins[i]), "interaction %d", i)
			}
		})
	}
	wg.Wait()
}
