package store

import (
	"encoding/json"
	"fmt"

	"github.com/qascore/qascore/rubrics"
)

// contentFormat is the version of the JSON layout below. It is written into
// every document so a later layout can tell old documents apart and
// convert them on read: frozen versions are never rewritten.
const contentFormat = 1

// The wire structs are the store's own JSON layout of a version's
// sections. They are private and independent of any codec in the rubrics
// package on purpose: what is stored must not change when a domain type
// or an export format does. Field names are short and fixed; omitzero
// drops zero values but keeps an empty (non-nil) slice or map as [] or {},
// so every value reads back exactly as it was written.
type contentWire struct {
	Format   int           `json:"format"`
	Sections []sectionWire `json:"sections,omitzero"`
}

type sectionWire struct {
	Key         string          `json:"key,omitzero"`
	Name        string          `json:"name,omitzero"`
	Description string          `json:"description,omitzero"`
	FailSection bool            `json:"fail_section,omitzero"`
	Bonus       bool            `json:"bonus,omitzero"`
	Criteria    []criterionWire `json:"criteria,omitzero"`
}

type criterionWire struct {
	Key              string         `json:"key,omitzero"`
	Name             string         `json:"name,omitzero"`
	Guidance         string         `json:"guidance,omitzero"`
	Anchors          map[int]string `json:"anchors,omitzero"`
	GoodExample      string         `json:"good_example,omitzero"`
	PoorExample      string         `json:"poor_example,omitzero"`
	Scale            scaleWire      `json:"scale"`
	Weight           int            `json:"weight,omitzero"`
	AllowNA          bool           `json:"allow_na,omitzero"`
	Critical         bool           `json:"critical,omitzero"`
	Bonus            bool           `json:"bonus,omitzero"`
	EvidenceBelowMax bool           `json:"evidence_below_max,omitzero"`
}

type scaleWire struct {
	Kind     string        `json:"kind,omitzero"`
	Outcomes []outcomeWire `json:"outcomes,omitzero"`
}

type outcomeWire struct {
	Label string  `json:"label,omitzero"`
	Score float64 `json:"score,omitzero"`
	Pass  bool    `json:"pass,omitzero"`
}

// encodeContent serialises sections for the content column. Values JSON
// cannot hold (NaN or infinite scores) are ErrInvalid.
func encodeContent(sections []rubrics.Section) (string, error) {
	w := contentWire{Format: contentFormat}
	if sections != nil {
		w.Sections = make([]sectionWire, len(sections))
	}
	for i, s := range sections {
		sw := sectionWire{
			Key: s.Key, Name: s.Name, Description: s.Description,
			FailSection: s.FailSection, Bonus: s.Bonus,
		}
		if s.Criteria != nil {
			sw.Criteria = make([]criterionWire, len(s.Criteria))
		}
		for j, c := range s.Criteria {
			cw := criterionWire{
				Key: c.Key, Name: c.Name, Guidance: c.Guidance, Anchors: c.Anchors,
				GoodExample: c.GoodExample, PoorExample: c.PoorExample,
				Scale:  scaleWire{Kind: string(c.Scale.Kind)},
				Weight: c.Weight, AllowNA: c.AllowNA, Critical: c.Critical, Bonus: c.Bonus,
				EvidenceBelowMax: c.EvidenceBelowMax,
			}
			if c.Scale.Outcomes != nil {
				cw.Scale.Outcomes = make([]outcomeWire, len(c.Scale.Outcomes))
			}
			for k, o := range c.Scale.Outcomes {
				cw.Scale.Outcomes[k] = outcomeWire{Label: o.Label, Score: o.Score, Pass: o.Pass}
			}
			sw.Criteria[j] = cw
		}
		w.Sections[i] = sw
	}
	b, err := json.Marshal(w)
	if err != nil {
		return "", fmt.Errorf("encode rubric content: %v: %w", err, rubrics.ErrInvalid)
	}
	return string(b), nil
}

// decodeContent is the inverse of encodeContent. A document in an unknown
// format means the database was written by a newer binary.
func decodeContent(s string) ([]rubrics.Section, error) {
	var w contentWire
	if err := json.Unmarshal([]byte(s), &w); err != nil {
		return nil, fmt.Errorf("decode rubric content: %w", err)
	}
	if w.Format != contentFormat {
		return nil, fmt.Errorf("decode rubric content: format %d is not %d (written by a newer qascore?)", w.Format, contentFormat)
	}
	if w.Sections == nil {
		return nil, nil
	}
	out := make([]rubrics.Section, len(w.Sections))
	for i, sw := range w.Sections {
		s := rubrics.Section{
			Key: sw.Key, Name: sw.Name, Description: sw.Description,
			FailSection: sw.FailSection, Bonus: sw.Bonus,
		}
		if sw.Criteria != nil {
			s.Criteria = make([]rubrics.Criterion, len(sw.Criteria))
		}
		for j, cw := range sw.Criteria {
			c := rubrics.Criterion{
				Key: cw.Key, Name: cw.Name, Guidance: cw.Guidance, Anchors: cw.Anchors,
				GoodExample: cw.GoodExample, PoorExample: cw.PoorExample,
				Scale:  rubrics.Scale{Kind: rubrics.ScaleKind(cw.Scale.Kind)},
				Weight: cw.Weight, AllowNA: cw.AllowNA, Critical: cw.Critical, Bonus: cw.Bonus,
				EvidenceBelowMax: cw.EvidenceBelowMax,
			}
			if cw.Scale.Outcomes != nil {
				c.Scale.Outcomes = make([]rubrics.Outcome, len(cw.Scale.Outcomes))
			}
			for k, o := range cw.Scale.Outcomes {
				c.Scale.Outcomes[k] = rubrics.Outcome{Label: o.Label, Score: o.Score, Pass: o.Pass}
			}
			s.Criteria[j] = c
		}
		out[i] = s
	}
	return out, nil
}
