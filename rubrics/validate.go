package rubrics

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on rubric content. Lengths are counted in characters (runes),
// never bytes, so a Thai or Armenian name gets the same room as an
// English one.
const (
	MaxNameLen        = 120  // rubric, section and criterion names
	MaxTextLen        = 4000 // descriptions and guidance
	MaxAnchorLen      = 1000 // one anchor
	MaxExampleLen     = 1000 // a good or poor example
	MaxLabelLen       = 60   // a custom outcome's label
	MaxSections       = 50   // sections in a version
	MaxCriteria       = 200  // criteria in a version, all sections together
	MinOutcomes       = 2    // a custom scale needs a choice
	MaxOutcomes       = 11   // more than a 0–10 scale is no longer a rubric
	MinScoreCap       = 100
	MaxScoreCap       = 200
	DefaultScoreCap   = 100
	maxReportedIssues = 100
)

// Validate checks a rubric's own fields (name and description, which are
// not versioned) and returns Problems at the paths "name" and
// "description", or nil.
func (r Rubric) Validate() error {
	var c checker
	c.name("name", r.Name, "rubric")
	c.text("description", r.Description, MaxTextLen)
	return c.result()
}

// checker collects problems in document order.
type checker struct {
	probs Problems
}

func (c *checker) add(path, format string, args ...any) {
	c.probs = append(c.probs, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) result() error {
	if len(c.probs) == 0 {
		return nil
	}
	return c.probs
}

// name checks a required one-line name.
func (c *checker) name(path, s, what string) {
	switch {
	case !utf8.ValidString(s):
		c.add(path, "is not valid UTF-8 text; retype it or save the file as UTF-8")
	case strings.TrimSpace(s) == "":
		c.add(path, "%s name is required", what)
	case utf8.RuneCountInString(s) > MaxNameLen:
		c.add(path, "is %d characters long; shorten it to %d or fewer", utf8.RuneCountInString(s), MaxNameLen)
	case strings.ContainsFunc(s, unicode.IsControl):
		c.add(path, "contains a line break or control character; keep the name on one line")
	}
}

// text checks optional free text, which may span lines.
func (c *checker) text(path, s string, max int) {
	switch {
	case !utf8.ValidString(s):
		c.add(path, "is not valid UTF-8 text; retype it or save the file as UTF-8")
	case utf8.RuneCountInString(s) > max:
		c.add(path, "is %d characters long; shorten it to %d or fewer", utf8.RuneCountInString(s), max)
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		c.add(path, "contains a control character; remove it")
	}
}

func (c *checker) key(path, key, what string, seen map[string]string) {
	switch {
	case key == "":
		c.add(path, "%s key is required; use lower-case letters, digits and hyphens, e.g. \"active-listening\"", what)
	case !ValidKey(key):
		c.add(path, "%q is not a valid key; use 1–%d lower-case letters (a–z), digits and hyphens, not starting with a hyphen", truncate(key, 80), MaxKeyLen)
	default:
		if prev, dup := seen[key]; dup {
			c.add(path, "key %q is already used by %s; every %s needs its own key", key, prev, what)
			return
		}
		seen[key] = path
	}
}

func (c *checker) version(v *Version) {
	if v.ScoreCap < MinScoreCap || v.ScoreCap > MaxScoreCap {
		c.add("score_cap", "is %d; it must be between %d and %d (use %d unless bonus points may lift a score above 100)", v.ScoreCap, MinScoreCap, MaxScoreCap, DefaultScoreCap)
	}
	if len(v.Sections) == 0 {
		c.add("sections", "a rubric needs at least one section; add a section with at least one criterion")
		return
	}
	if len(v.Sections) > MaxSections {
		c.add("sections", "has %d sections; a rubric may have at most %d", len(v.Sections), MaxSections)
	}
	sectionKeys, criterionKeys := map[string]string{}, map[string]string{}
	total, bonuses, weighted := 0, 0, 0
	for si := range v.Sections {
		s := &v.Sections[si]
		sp := "sections[" + strconv.Itoa(si) + "]"
		c.key(sp+".key", s.Key, "section", sectionKeys)
		c.name(sp+".name", s.Name, "section")
		c.text(sp+".description", s.Description, MaxTextLen)
		if len(s.Criteria) == 0 {
			c.add(sp+".criteria", "section %q has no criteria; add at least one or remove the section", truncate(s.Name, 60))
		}
		for ci := range s.Criteria {
			cr := &s.Criteria[ci]
			cp := sp + ".criteria[" + strconv.Itoa(ci) + "]"
			c.criterion(cp, cr, s, criterionKeys)
			total++
			if cr.Bonus || s.Bonus {
				bonuses++
			} else if cr.Weight > 0 {
				weighted++
			}
		}
	}
	if total > MaxCriteria {
		c.add("sections", "has %d criteria; a rubric may have at most %d", total, MaxCriteria)
	}
	if total > 0 && weighted == 0 {
		c.add("sections", "every criterion weighs 0, so no score could be computed; give at least one criterion that is not a bonus a weight above 0")
	}
	if v.ScoreCap > MinScoreCap && v.ScoreCap <= MaxScoreCap && bonuses == 0 {
		c.add("score_cap", "is %d, but only bonus criteria can lift a score above 100 and this rubric has none; set it to 100 or add a bonus criterion", v.ScoreCap)
	}
}

func (c *checker) criterion(cp string, cr *Criterion, s *Section, keys map[string]string) {
	c.key(cp+".key", cr.Key, "criterion", keys)
	c.name(cp+".name", cr.Name, "criterion")
	c.text(cp+".guidance", cr.Guidance, MaxTextLen)
	c.text(cp+".good_example", cr.GoodExample, MaxExampleLen)
	c.text(cp+".poor_example", cr.PoorExample, MaxExampleLen)
	scaleOK := c.scale(cp+".scale", cr.Scale)
	if scaleOK {
		// Sorted so problems come out in the same order every time.
		for _, lv := range slices.Sorted(maps.Keys(cr.Anchors)) {
			ap := cp + ".anchors." + strconv.Itoa(lv)
			if _, ok := cr.Scale.Level(lv); !ok {
				c.add(ap, "the %s scale has no level %d; use one of %s", cr.Scale.Kind, lv, levelList(cr.Scale))
				continue
			}
			if strings.TrimSpace(cr.Anchors[lv]) == "" {
				c.add(ap, "is empty; describe what level %d looks like or remove the anchor", lv)
				continue
			}
			c.text(ap, cr.Anchors[lv], MaxAnchorLen)
		}
	}
	if cr.Weight < 0 || cr.Weight > 100 {
		c.add(cp+".weight", "is %d; use a weight from 0 to 100", cr.Weight)
	}
	switch {
	case cr.Critical && cr.Bonus:
		c.add(cp+".critical", "a criterion cannot be both critical and bonus; a bonus only adds points, so clear one of the two")
	case cr.Critical && s.Bonus:
		c.add(cp+".critical", "a critical criterion cannot sit in a bonus section; move it to another section or clear critical")
	}
}

// scale checks a scale and reports whether its levels can be trusted for
// checking anchors.
func (c *checker) scale(sp string, sc Scale) bool {
	switch sc.Kind {
	case ScaleBinary, Scale3, Scale4, Scale5:
		if len(sc.Outcomes) > 0 {
			c.add(sp+".outcomes", "only a custom scale has outcomes; remove them or switch the scale to custom")
			return false
		}
		return true
	case ScaleCustom:
	case "":
		c.add(sp+".kind", "choose a scale: %s", kindList())
		return false
	default:
		c.add(sp+".kind", "unknown scale %q; use one of %s", truncate(string(sc.Kind), 40), kindList())
		return false
	}
	op := sp + ".outcomes"
	n := len(sc.Outcomes)
	ok := true
	if n < MinOutcomes || n > MaxOutcomes {
		c.add(op, "a custom scale has %d outcomes; give it %d to %d", n, MinOutcomes, MaxOutcomes)
		ok = false
	}
	labels := map[string]int{}
	pass, firstFail := false, -1
	for i, o := range sc.Outcomes {
		p := op + "[" + strconv.Itoa(i) + "]"
		switch {
		case !utf8.ValidString(o.Label):
			c.add(p+".label", "is not valid UTF-8 text; retype it")
			ok = false
		case strings.TrimSpace(o.Label) == "":
			c.add(p+".label", "outcome label is required, e.g. \"Resolved\"")
			ok = false
		case utf8.RuneCountInString(o.Label) > MaxLabelLen:
			c.add(p+".label", "is %d characters long; shorten it to %d or fewer", utf8.RuneCountInString(o.Label), MaxLabelLen)
			ok = false
		case strings.ContainsFunc(o.Label, unicode.IsControl):
			c.add(p+".label", "contains a line break or control character; keep the label on one line")
			ok = false
		default:
			norm := strings.ToLower(strings.TrimSpace(o.Label))
			if prev, dup := labels[norm]; dup {
				c.add(p+".label", "%q is also the label of outcome %d; graders could not tell them apart, so rename one", o.Label, prev+1)
				ok = false
			}
			labels[norm] = i
		}
		switch {
		case math.IsNaN(o.Score) || o.Score < 0 || o.Score > 1:
			c.add(p+".score", "is %v; an outcome scores from 0 (worst) to 1 (best)", o.Score)
			ok = false
		case i > 0 && !(o.Score < sc.Outcomes[i-1].Score):
			c.add(p+".score", "is %v, not below the outcome before it (%v); list outcomes best first with strictly falling scores", o.Score, sc.Outcomes[i-1].Score)
			ok = false
		}
		if o.Pass {
			pass = true
			if firstFail >= 0 {
				c.add(p+".pass", "passes, but the better-scoring outcome %d fails; passing outcomes must come before failing ones", firstFail+1)
				ok = false
			}
		} else if firstFail < 0 {
			firstFail = i
		}
	}
	if n > 0 && !pass {
		c.add(op, "no outcome passes; mark at least the best outcome as a pass")
		ok = false
	}
	return ok
}

func kindList() string {
	parts := make([]string, len(ScaleKinds))
	for i, k := range ScaleKinds {
		parts[i] = string(k)
	}
	return strings.Join(parts, ", ")
}

func levelList(sc Scale) string {
	ls := sc.Levels()
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = strconv.Itoa(l.Value)
	}
	return strings.Join(parts, ", ")
}

// truncate shortens s to at most n runes for quoting in a message, never
// cutting a character in half.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n {
			break
		}
		count++
	}
	return s[:i] + "…"
}
