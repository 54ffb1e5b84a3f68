package readability

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// oseExcluded are the OneStopEnglish topics whose elementary file is a
// different article (see shared/data/onestopenglish/SOURCE.md); leaving them
// out gives the 187 clean triples.
var oseExcluded = map[string]bool{
	"WNL Arctic Ramadan": true,
	"WNL The millenials": true,
}

// oseLevels are the corpus folders and file suffixes, easiest first.
var oseLevels = [3]struct{ dir, suffix string }{
	{"Ele-Txt", "-ele.txt"},
	{"Int-Txt", "-int.txt"},
	{"Adv-Txt", "-adv.txt"},
}

// EvalOneStopEnglish measures how well GradeDifficulty orders the
// OneStopEnglish corpus (Vajjala & Lučić 2018, CC BY-SA 4.0), the same news
// articles written at three reading levels. dataDir is the shared data folder
// (it holds onestopenglish/). Every complete triple except the two known
// mislabelled topics is scored; pairwise is the share of the three pairs per
// triple (ele<int, int<adv, ele<adv) that GradeDifficulty orders strictly
// correctly, over all triples. The texts are read, never copied.
func EvalOneStopEnglish(dataDir string) (pairwise float64, triples int, err error) {
	root := filepath.Join(dataDir, "onestopenglish")
	scores := map[string]*[3]float64{}
	seen := map[string]int{}
	for lvl, l := range oseLevels {
		entries, err := os.ReadDir(filepath.Join(root, l.dir))
		if err != nil {
			return 0, 0, fmt.Errorf("readability: onestopenglish: %w", err)
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, l.suffix) {
				continue
			}
			topic := strings.TrimSuffix(name, l.suffix)
			if oseExcluded[strings.TrimSpace(topic)] {
				continue
			}
			b, err := os.ReadFile(filepath.Join(root, l.dir, name))
			if err != nil {
				return 0, 0, fmt.Errorf("readability: onestopenglish: %w", err)
			}
			text := strings.TrimPrefix(string(b), "\uFEFF")
			if scores[topic] == nil {
				scores[topic] = new([3]float64)
			}
			scores[topic][lvl] = GradeDifficulty(text)
			seen[topic] |= 1 << lvl
		}
	}
	topics := make([]string, 0, len(scores))
	for t := range scores {
		if seen[t] == 7 {
			topics = append(topics, t)
		}
	}
	if len(topics) == 0 {
		return 0, 0, errors.New("readability: onestopenglish: no complete triples")
	}
	sort.Strings(topics)
	correct := 0
	for _, t := range topics {
		s := scores[t]
		for _, p := range [3][2]int{{0, 1}, {1, 2}, {0, 2}} {
			if s[p[0]] < s[p[1]] {
				correct++
			}
		}
	}
	return float64(correct) / float64(3*len(topics)), len(topics), nil
}
