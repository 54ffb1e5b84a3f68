package views

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/views/pages"
)

// Structural limits of the editor form. They are far above what Validate
// allows (it reports the real limits next to the fields); they only stop
// a forged form from making the server allocate without bound.
const (
	maxFormSections = 200
	maxFormCriteria = 500
	maxFormOutcomes = 50
)

// draftFormFrom shows a stored version in the editor.
func draftFormFrom(v rubrics.Version) pages.RubricDraftForm {
	f := pages.RubricDraftForm{
		Revision:    strconv.FormatInt(v.Revision, 10),
		ScoreCap:    strconv.Itoa(v.ScoreCap),
		SecondCheck: v.SecondCheck,
	}
	for _, s := range v.Sections {
		sf := pages.SectionForm{Key: s.Key, Name: s.Name, Description: s.Description, Fail: s.FailSection, Bonus: s.Bonus}
		for _, c := range s.Criteria {
			cf := pages.CriterionForm{
				Key: c.Key, Name: c.Name, Guidance: c.Guidance,
				Scale: string(c.Scale.Kind), ScaleWas: string(c.Scale.Kind),
				Weight: strconv.Itoa(c.Weight), NA: c.AllowNA, Critical: c.Critical, Bonus: c.Bonus, Evidence: c.EvidenceBelowMax,
				Anchors: map[int]string{}, Good: c.GoodExample, Poor: c.PoorExample,
			}
			for _, o := range c.Scale.Outcomes {
				cf.Outcomes = append(cf.Outcomes, pages.OutcomeForm{Label: o.Label, Score: formatScore(o.Score), Pass: o.Pass})
			}
			for k, a := range c.Anchors {
				cf.Anchors[k] = a
			}
			sf.Criteria = append(sf.Criteria, cf)
		}
		f.Sections = append(f.Sections, sf)
	}
	return f
}

// formatScore writes an outcome score the way people type it: "0.5",
// "1", never "5e-01".
func formatScore(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// parseDraftForm reads the posted editor form. It fails only when the
// form's structure is broken (counts that are not counts), which the
// editor never sends; every value a person typed is kept as a string and
// judged later by draftVersion.
func parseDraftForm(v url.Values) (pages.RubricDraftForm, error) {
	get := func(k string) string { return strings.ToValidUTF8(v.Get(k), "\uFFFD") }
	on := func(k string) bool { return v.Get(k) != "" }
	count := func(k string, limit int) (int, error) {
		s := v.Get(k)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > limit {
			return 0, fmt.Errorf("rubric form: count %s=%q: %w", k, s, rubrics.ErrInvalid)
		}
		return n, nil
	}
	f := pages.RubricDraftForm{Revision: get("revision"), ScoreCap: strings.TrimSpace(get("score-cap")), SecondCheck: on("second-check")}
	ns, err := count("sections", maxFormSections)
	if err != nil {
		return f, err
	}
	total := 0
	for si := range ns {
		sf := pages.SectionForm{
			Key:         get(pages.SectionField(si, "key")),
			Name:        get(pages.SectionField(si, "name")),
			Description: get(pages.SectionField(si, "description")),
			Fail:        on(pages.SectionField(si, "fail")),
			Bonus:       on(pages.SectionField(si, "bonus")),
		}
		nc, err := count(pages.SectionField(si, "criteria"), maxFormCriteria)
		if err != nil {
			return f, err
		}
		if total += nc; total > maxFormCriteria {
			return f, fmt.Errorf("rubric form: %d criteria: %w", total, rubrics.ErrInvalid)
		}
		for ci := range nc {
			field := func(leaf string) string { return get(pages.CriterionField(si, ci, leaf)) }
			cf := pages.CriterionForm{
				Key: field("key"), Name: field("name"), Guidance: field("guidance"),
				Scale: field("scale"), ScaleWas: field("scale-was"),
				Weight:   strings.TrimSpace(field("weight")),
				NA:       on(pages.CriterionField(si, ci, "na")),
				Critical: on(pages.CriterionField(si, ci, "critical")),
				Bonus:    on(pages.CriterionField(si, ci, "bonus")),
				Evidence: on(pages.CriterionField(si, ci, "evidence")),
				Good:     field("good"), Poor: field("poor"),
				Anchors: map[int]string{},
			}
			no, err := count(pages.CriterionField(si, ci, "outcome-count"), maxFormOutcomes)
			if err != nil {
				return f, err
			}
			for oi := range no {
				cf.Outcomes = append(cf.Outcomes, pages.OutcomeForm{
					Label: get(pages.OutcomeField(si, ci, oi, "label")),
					Score: strings.TrimSpace(get(pages.OutcomeField(si, ci, oi, "score"))),
					Pass:  on(pages.OutcomeField(si, ci, oi, "pass")),
				})
			}
			// Anchors are read for the levels of the scale they were
			// written for; a new scale starts without them (its levels
			// mean something else).
			if cf.Scale == cf.ScaleWas {
				for _, l := range cf.Levels() {
					if a := get(pages.AnchorField(si, ci, l.Value)); a != "" {
						cf.Anchors[l.Value] = a
					}
				}
			}
			sf.Criteria = append(sf.Criteria, cf)
		}
		f.Sections = append(f.Sections, sf)
	}
	return f, nil
}

// editorNotes collects messages per field name, in document order.
type editorNotes struct {
	byField map[string][]string
	order   []pages.EditorProblem
}

func (n *editorNotes) add(field, msg string) {
	if n.byField == nil {
		n.byField = map[string][]string{}
	}
	n.byField[field] = append(n.byField[field], msg)
	n.order = append(n.order, pages.EditorProblem{Field: field, Message: msg})
}

// draftVersion turns the form into the version to save, on top of base
// (the stored draft, which supplies ids and status). Values that cannot
// be read (a weight of "ten") are notes: the draft is then not saved,
// because the version could not say what was typed.
func draftVersion(f pages.RubricDraftForm, base rubrics.Version) (rubrics.Version, editorNotes) {
	var notes editorNotes
	v := base
	v.Sections = nil
	v.SecondCheck = f.SecondCheck
	var err error
	if v.Revision, err = strconv.ParseInt(f.Revision, 10, 64); err != nil {
		// Only a forged or truncated form lacks the revision; saving
		// against revision -1 makes the store refuse it as stale.
		v.Revision = -1
	}
	if v.ScoreCap, err = strconv.Atoi(f.ScoreCap); err != nil {
		notes.add("score-cap", "enter the score cap as a whole number from 100 to 200")
	}
	for si, sf := range f.Sections {
		s := rubrics.Section{Key: sf.Key, Name: strings.TrimSpace(sf.Name), Description: strings.TrimSpace(sf.Description), FailSection: sf.Fail, Bonus: sf.Bonus}
		for ci, cf := range sf.Criteria {
			c := rubrics.Criterion{
				Key: cf.Key, Name: strings.TrimSpace(cf.Name), Guidance: strings.TrimSpace(cf.Guidance),
				Scale:   rubrics.Scale{Kind: rubrics.ScaleKind(cf.Scale)},
				AllowNA: cf.NA, Critical: cf.Critical, Bonus: cf.Bonus, EvidenceBelowMax: cf.Evidence,
				GoodExample: strings.TrimSpace(cf.Good), PoorExample: strings.TrimSpace(cf.Poor),
			}
			if !slices.Contains(rubrics.ScaleKinds, c.Scale.Kind) {
				notes.add(pages.CriterionField(si, ci, "scale"), "choose a scale from the list")
			}
			if c.Weight, err = strconv.Atoi(cf.Weight); err != nil {
				notes.add(pages.CriterionField(si, ci, "weight"), "enter the weight as a whole number from 0 to 100")
			}
			if c.Scale.Kind == rubrics.ScaleCustom {
				for oi, of := range cf.Outcomes {
					score, ok := parseScore(of.Score)
					if !ok {
						notes.add(pages.OutcomeField(si, ci, oi, "score"), "enter the score as a number from 0 to 1, such as 0.5")
					}
					c.Scale.Outcomes = append(c.Scale.Outcomes, rubrics.Outcome{Label: strings.TrimSpace(of.Label), Score: score, Pass: of.Pass})
				}
			}
			for k, a := range cf.Anchors {
				if a = strings.TrimSpace(a); a != "" {
					if c.Anchors == nil {
						c.Anchors = map[int]string{}
					}
					c.Anchors[k] = a
				}
			}
			s.Criteria = append(s.Criteria, c)
		}
		v.Sections = append(v.Sections, s)
	}
	return v, notes
}

// parseScore reads an outcome score, accepting a decimal comma ("0,5")
// as many locales type it.
func parseScore(s string) (float64, bool) {
	x, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// assignKeys gives every named section and criterion without a key one
// made from its name. Keys never change once given, so a rename keeps
// the ratings of earlier versions comparable.
func assignKeys(v *rubrics.Version) {
	sections, criteria := v.TakenKeys()
	for si := range v.Sections {
		s := &v.Sections[si]
		if s.Key == "" && s.Name != "" {
			s.Key = rubrics.NewSectionKey(s.Name, sections)
			sections[s.Key] = true
		}
		for ci := range s.Criteria {
			c := &s.Criteria[ci]
			if c.Key == "" && c.Name != "" {
				c.Key = rubrics.NewKey(c.Name, criteria)
				criteria[c.Key] = true
			}
		}
	}
}

// applyEditorAction changes the structure of the form. Actions name their
// target by position ("remove-criterion:1.2"); a position that no longer
// exists (a double click that already removed it) does nothing rather
// than fail, because the form on screen is what the user meant to keep.
// It returns the id of the element to focus after the swap.
func applyEditorAction(f *pages.RubricDraftForm, action string) string {
	verb, arg, _ := strings.Cut(action, ":")
	idx := parseIndexes(arg)
	secOK := func() bool { return len(idx) >= 1 && idx[0] < len(f.Sections) }
	critOK := func() bool { return len(idx) >= 2 && secOK() && idx[1] < len(f.Sections[idx[0]].Criteria) }
	switch verb {
	case "add-section":
		f.Sections = append(f.Sections, pages.SectionForm{Criteria: []pages.CriterionForm{newCriterionForm()}})
		return "f-" + pages.SectionField(len(f.Sections)-1, "name")
	case "remove-section":
		if secOK() {
			f.Sections = slices.Delete(f.Sections, idx[0], idx[0]+1)
			return "act-add-section"
		}
	case "up-section", "down-section":
		if secOK() {
			if j, ok := swapWith(f.Sections, idx[0], verb == "up-section"); ok {
				return moveFocus(pages.ActionID(verb+":"+strconv.Itoa(j)), j, len(f.Sections), verb == "up-section", "section", "")
			}
		}
	case "add-criterion":
		if secOK() {
			s := &f.Sections[idx[0]]
			s.Criteria = append(s.Criteria, newCriterionForm())
			return "f-" + pages.CriterionField(idx[0], len(s.Criteria)-1, "name")
		}
	case "remove-criterion":
		if critOK() {
			s := &f.Sections[idx[0]]
			s.Criteria = slices.Delete(s.Criteria, idx[1], idx[1]+1)
			return pages.ActionID("add-criterion:" + strconv.Itoa(idx[0]))
		}
	case "up-criterion", "down-criterion":
		if critOK() {
			cs := f.Sections[idx[0]].Criteria
			if j, ok := swapWith(cs, idx[1], verb == "up-criterion"); ok {
				return moveFocus(pages.ActionID(verb+":"+strconv.Itoa(idx[0])+"."+strconv.Itoa(j)), j, len(cs), verb == "up-criterion", "criterion", strconv.Itoa(idx[0])+".")
			}
		}
	case "add-outcome":
		if critOK() {
			c := &f.Sections[idx[0]].Criteria[idx[1]]
			// A score is filled in so the row saves at once; the worst
			// score is the safe guess for an outcome added at the end.
			c.Outcomes = append(c.Outcomes, pages.OutcomeForm{Score: "0"})
			return "f-" + pages.OutcomeField(idx[0], idx[1], len(c.Outcomes)-1, "label")
		}
	case "remove-outcome":
		if critOK() && len(idx) >= 3 {
			c := &f.Sections[idx[0]].Criteria[idx[1]]
			if idx[2] < len(c.Outcomes) {
				c.Outcomes = slices.Delete(c.Outcomes, idx[2], idx[2]+1)
				return pages.ActionID("add-outcome:" + strconv.Itoa(idx[0]) + "." + strconv.Itoa(idx[1]))
			}
		}
	}
	return ""
}

// moveFocus keeps focus on the moved item's button. At the end of the
// list that button is gone, so focus goes to the opposite move button.
func moveFocus(id string, j, n int, up bool, what, prefix string) string {
	if up && j == 0 {
		return pages.ActionID("down-" + what + ":" + prefix + "0")
	}
	if !up && j == n-1 {
		return pages.ActionID("up-" + what + ":" + prefix + strconv.Itoa(j))
	}
	return id
}

// swapWith swaps item i with its neighbour and returns the new position.
func swapWith[T any](xs []T, i int, up bool) (int, bool) {
	j := i + 1
	if up {
		j = i - 1
	}
	if j < 0 || j >= len(xs) {
		return i, false
	}
	xs[i], xs[j] = xs[j], xs[i]
	return j, true
}

func parseIndexes(s string) []int {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ".")
	out := make([]int, 0, len(parts))
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// newCriterionForm is a criterion as added in the editor: 5-point,
// weight 10, no name (and so no key) until the user types one.
func newCriterionForm() pages.CriterionForm {
	return pages.CriterionForm{Scale: string(rubrics.Scale5), ScaleWas: string(rubrics.Scale5), Weight: "10", Anchors: map[int]string{}}
}

// normalizeScales seeds a criterion just switched to a custom scale with
// two outcomes to edit (an empty custom scale has nothing to show), and
// drops outcomes from criteria that left the custom scale.
func normalizeScales(f *pages.RubricDraftForm) {
	for si := range f.Sections {
		for ci := range f.Sections[si].Criteria {
			c := &f.Sections[si].Criteria[ci]
			switch {
			case c.Scale == string(rubrics.ScaleCustom) && len(c.Outcomes) == 0:
				c.Outcomes = []pages.OutcomeForm{{Label: "Yes", Score: "1", Pass: true}, {Label: "No", Score: "0"}}
			case c.Scale != string(rubrics.ScaleCustom):
				c.Outcomes = nil
			}
		}
	}
}

// starterDraft is the content of a new rubric: one section with one
// criterion, so the editor opens on something to change rather than a
// blank page.
func starterDraft() rubrics.Version {
	return rubrics.Version{
		Status:   rubrics.StatusDraft,
		ScoreCap: 100,
		Sections: []rubrics.Section{{
			Key: "section-1", Name: "Section 1",
			Criteria: []rubrics.Criterion{{Key: "criterion-1", Name: "Criterion 1", Scale: rubrics.Scale{Kind: rubrics.Scale5}, Weight: 10}},
		}},
	}
}

// fieldForPath maps a domain problem path ("sections[1].criteria[0].
// scale.outcomes[2].score") to the editor field it concerns
// ("s1-c0-o2-score"). When the form has no such field (a problem with a
// whole list, an anchor of a level not on screen) it climbs to the
// nearest group that has a note: outcomes, criterion, section, or "" for
// the rubric as a whole.
func fieldForPath(path string, known map[string]bool) string {
	var parts []string
	segs := strings.Split(path, ".")
	for i := 0; i < len(segs); i++ {
		name, idx, indexed := strings.Cut(segs[i], "[")
		idx = strings.TrimSuffix(idx, "]")
		switch {
		case name == "sections" && indexed:
			parts = append(parts, "s"+idx)
		case name == "criteria" && indexed:
			parts = append(parts, "c"+idx)
		case name == "outcomes" && indexed:
			parts = append(parts, "o"+idx)
		case name == "scale":
			if i+1 < len(segs) && segs[i+1] == "kind" {
				parts = append(parts, "scale")
				i++
			} else if i+1 == len(segs) {
				parts = append(parts, "scale")
			}
		case name == "anchors" && i+1 < len(segs):
			parts = append(parts, "anchor-"+segs[i+1])
			i++
		default:
			parts = append(parts, leafName(name))
		}
	}
	for len(parts) > 0 {
		f := strings.Join(parts, "-")
		if known[f] {
			return f
		}
		parts = parts[:len(parts)-1]
	}
	return ""
}

// leafName is the editor's name for a domain field.
func leafName(s string) string {
	switch strings.ReplaceAll(strings.ToLower(s), "_", "") {
	case "goodexample":
		return "good"
	case "poorexample":
		return "poor"
	case "scorecap":
		return "score-cap"
	case "secondcheck":
		return "second-check"
	case "allowna":
		return "na"
	case "evidencebelowmax":
		return "evidence"
	case "failsection":
		return "fail"
	}
	return strings.ToLower(s)
}

// knownFields lists every field and group of the form that can carry a
// note.
func knownFields(f pages.RubricDraftForm) map[string]bool {
	k := map[string]bool{"score-cap": true, "second-check": true}
	for si, s := range f.Sections {
		k[pages.SectionName(si)] = true
		for _, leaf := range []string{"key", "name", "description", "fail", "bonus"} {
			k[pages.SectionField(si, leaf)] = true
		}
		for ci, c := range s.Criteria {
			k[pages.CriterionName(si, ci)] = true
			for _, leaf := range []string{"key", "name", "guidance", "scale", "weight", "na", "critical", "bonus", "evidence", "good", "poor"} {
				k[pages.CriterionField(si, ci, leaf)] = true
			}
			if c.Scale == string(rubrics.ScaleCustom) {
				k[pages.CriterionField(si, ci, "outcomes")] = true
				for oi := range c.Outcomes {
					for _, leaf := range []string{"label", "score", "pass"} {
						k[pages.OutcomeField(si, ci, oi, leaf)] = true
					}
				}
			}
			for _, l := range c.Levels() {
				k[pages.AnchorField(si, ci, l.Value)] = true
			}
		}
	}
	return k
}

// validationNotes runs Validate and places each problem on its field.
func validationNotes(v *rubrics.Version, f pages.RubricDraftForm) editorNotes {
	var notes editorNotes
	err := v.Validate()
	if err == nil {
		return notes
	}
	known := knownFields(f)
	var ps rubrics.Problems
	if !asProblems(err, &ps) {
		notes.add("", err.Error())
		return notes
	}
	for _, p := range ps {
		notes.add(fieldForPath(p.Path, known), p.Message)
	}
	return notes
}
