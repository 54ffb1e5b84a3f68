package sentiment

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// CorpusResult is the agreement of our compound score with the human mean
// valence on one VADER ground-truth corpus.
type CorpusResult struct {
	Name    string // tweets, movies, amazon or nyt
	N       int    // sentences scored
	Pearson float64
}

// vaderCorpora are the ground-truth files in the order the paper reports them.
var vaderCorpora = []struct{ name, file string }{
	{"tweets", "tweets_GroundTruth.txt"},
	{"movies", "movieReviewSnippets_GroundTruth.txt"},
	{"amazon", "amazonReviewSnippets_GroundTruth.txt"},
	{"nyt", "nytEditorialSnippets_GroundTruth.txt"},
}

// EvalVADER scores the four VADER ground-truth corpora under
// dataDir/vader (id<TAB>mean<TAB>text, CRLF, mean in −4…+4) with the
// English analyzer and returns the Pearson correlation of Compound with the
// human mean per corpus, in the order tweets, movies, amazon, nyt. It is how
// we show the port is as accurate as VADER on its own benchmark.
func EvalVADER(dataDir string) ([]CorpusResult, error) {
	a, err := New("en")
	if err != nil {
		return nil, err
	}
	out := make([]CorpusResult, 0, len(vaderCorpora))
	for _, c := range vaderCorpora {
		texts, means, err := ReadVADERGroundTruth(filepath.Join(dataDir, "vader", c.file))
		if err != nil {
			return nil, err
		}
		pred := make([]float64, len(texts))
		for i, t := range texts {
			pred[i] = a.Score(t).Compound
		}
		out = append(out, CorpusResult{Name: c.name, N: len(texts), Pearson: pearson(pred, means)})
	}
	return out, nil
}

// ReadVADERGroundTruth reads one VADER ground-truth file and returns its
// sentences and their human mean valences. Exported so benchmarks and other
// evaluations can use the same sentences.
func ReadVADERGroundTruth(path string) (texts []string, means []float64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("sentiment: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		if l == "" {
			continue
		}
		p := strings.SplitN(l, "\t", 3)
		if len(p) != 3 {
			return nil, nil, fmt.Errorf("sentiment: %s:%d: want 3 tab-separated fields", path, line)
		}
		m, err := strconv.ParseFloat(p[1], 64)
		if err != nil {
			return nil, nil, fmt.Errorf("sentiment: %s:%d: %w", path, line, err)
		}
		texts = append(texts, p[2])
		means = append(means, m)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("sentiment: %s: %w", path, err)
	}
	if len(texts) == 0 {
		return nil, nil, fmt.Errorf("sentiment: %s: no rows", path)
	}
	return texts, means, nil
}

// pearson is the sample correlation coefficient; NaN when either side is
// constant.
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}
