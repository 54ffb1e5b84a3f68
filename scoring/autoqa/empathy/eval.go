package empathy

import (
	"encoding/csv"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strconv"
)

// EpitomeResult is the binary macro-F1 of one EPITOME mechanism.
type EpitomeResult struct {
	Mechanism string
	N         int
	MacroF1   float64
}

// epitomeFiles names the three mechanism files in the order reported.
var epitomeFiles = []struct{ mech, file string }{
	{"emotional-reactions", "emotional-reactions-reddit.csv"},
	{"interpretations", "interpretations-reddit.csv"},
	{"explorations", "explorations-reddit.csv"},
}

// EvalEPITOME measures Detect against the EPITOME Reddit annotations found in
// dataDir/epitome. A row is positive when its level is above 0, and so is our
// prediction for that mechanism from Detect("en", seeker_post,
// response_post); the score is the mean F1 of the positive and negative
// classes, which does not reward always answering "no" on the rare classes.
// The data is read, never kept: it is for measurement only.
func EvalEPITOME(dataDir string) ([]EpitomeResult, error) {
	var out []EpitomeResult
	for _, f := range epitomeFiles {
		rows, err := readEpitome(filepath.Join(dataDir, "epitome", f.file))
		if err != nil {
			return nil, err
		}
		var c confusion
		for _, r := range rows {
			res := Detect("en", r.seeker, r.response)
			var lvl int
			switch f.mech {
			case "emotional-reactions":
				lvl = res.Reaction
			case "interpretations":
				lvl = res.Interpretation
			default:
				lvl = res.Exploration
			}
			c.add(r.level > 0, lvl > 0)
		}
		out = append(out, EpitomeResult{Mechanism: f.mech, N: len(rows), MacroF1: c.macroF1()})
	}
	return out, nil
}

type epitomeRow struct {
	seeker, response string
	level            int
}

func readEpitome(path string) ([]epitomeRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no rows", path)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	si, ok1 := col["seeker_post"]
	ri, ok2 := col["response_post"]
	li, ok3 := col["level"]
	if !ok1 || !ok2 || !ok3 {
		return nil, errors.New(path + ": missing seeker_post, response_post or level column")
	}
	rows := make([]epitomeRow, 0, len(recs)-1)
	for n, rec := range recs[1:] {
		lv, err := strconv.Atoi(rec[li])
		if err != nil {
			return nil, fmt.Errorf("%s: row %d: level %q", path, n+2, rec[li])
		}
		// 34 rows carry HTML entities (&amp;, &gt;) from Reddit's export.
		rows = append(rows, epitomeRow{seeker: html.UnescapeString(rec[si]), response: html.UnescapeString(rec[ri]), level: lv})
	}
	return rows, nil
}

// confusion counts binary outcomes.
type confusion struct{ tp, fp, fn, tn int }

func (c *confusion) add(gold, pred bool) {
	switch {
	case gold && pred:
		c.tp++
	case gold:
		c.fn++
	case pred:
		c.fp++
	default:
		c.tn++
	}
}

func f1(tp, fp, fn int) float64 {
	if tp == 0 {
		return 0
	}
	return 2 * float64(tp) / float64(2*tp+fp+fn)
}

// macroF1 averages the F1 of the positive class and of the negative class.
func (c confusion) macroF1() float64 {
	return (f1(c.tp, c.fp, c.fn) + f1(c.tn, c.fn, c.fp)) / 2
}
