package rubrics

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Schema is the identifier every rubric JSON document carries in its
// "schema" field. A future incompatible format gets a new identifier, so
// old files are recognised rather than misread. SCHEMA.md documents it.
const Schema = "qascore.rubric/v1"

// DefaultMaxBytes is the size limit Decode applies when given maxBytes ≤ 0.
// The default rubric is about 12 KB; 1 MiB leaves room for big rubrics
// while keeping an upload from tying up memory.
const DefaultMaxBytes = 1 << 20

// maxDepth bounds nesting while parsing. A valid document nests 8 levels;
// the limit stops hostile input from recursing deeply.
const maxDepth = 32

// Wire structs: the v1 format. Field order here is the order Encode
// writes, so exports are stable and diff well.
type docJSON struct {
	Schema      string        `json:"schema"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	ScoreCap    int           `json:"score_cap"`
	SecondCheck bool          `json:"second_check"`
	Sections    []sectionJSON `json:"sections"`
}

type sectionJSON struct {
	Key         string          `json:"key"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	FailSection bool            `json:"fail_section"`
	Bonus       bool            `json:"bonus"`
	Criteria    []criterionJSON `json:"criteria"`
}

type criterionJSON struct {
	Key              string      `json:"key"`
	Name             string      `json:"name"`
	Guidance         string      `json:"guidance"`
	Anchors          anchorsJSON `json:"anchors"`
	GoodExample      string      `json:"good_example"`
	PoorExample      string      `json:"poor_example"`
	Scale            scaleJSON   `json:"scale"`
	Weight           int         `json:"weight"`
	AllowNA          bool        `json:"allow_na"`
	Critical         bool        `json:"critical"`
	Bonus            bool        `json:"bonus"`
	EvidenceBelowMax bool        `json:"evidence_below_max"`
}

type scaleJSON struct {
	Kind     ScaleKind     `json:"kind"`
	Outcomes []outcomeJSON `json:"outcomes,omitempty"`
}

type outcomeJSON struct {
	Label string  `json:"label"`
	Score float64 `json:"score"`
	Pass  bool    `json:"pass"`
}

// anchorsJSON writes anchors with their keys in numeric order ("2" before
// "10"), which encoding/json's string sort of map keys would not do.
type anchorsJSON map[int]string

// MarshalJSON writes the anchors as an object ordered by level.
func (a anchorsJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(a)) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + strconv.Itoa(k) + `":`)
		v, err := marshalNoEscape(a[k])
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshalNoEscape is json.Marshal without HTML escaping, so "<" and "&"
// in guidance stay readable in exported files.
func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Encode writes r's name and description and v's content as a
// qascore.rubric/v1 document: indented by two spaces, fields in a fixed
// order, anchors ordered by level, every field written even when empty,
// and a final newline. The same input always gives the same bytes.
// Identifiers, version numbers, status and times are not part of the
// format: a document describes content, and importing it makes a new
// draft. Encode does not validate, so a broken draft can still be
// exported, fixed by hand and imported.
func Encode(w io.Writer, r Rubric, v Version) error {
	doc := docJSON{
		Schema:      Schema,
		Name:        r.Name,
		Description: r.Description,
		ScoreCap:    v.ScoreCap,
		SecondCheck: v.SecondCheck,
		Sections:    make([]sectionJSON, len(v.Sections)),
	}
	for si, s := range v.Sections {
		sj := sectionJSON{
			Key: s.Key, Name: s.Name, Description: s.Description,
			FailSection: s.FailSection, Bonus: s.Bonus,
			Criteria: make([]criterionJSON, len(s.Criteria)),
		}
		for ci, c := range s.Criteria {
			cj := criterionJSON{
				Key: c.Key, Name: c.Name, Guidance: c.Guidance,
				Anchors:     anchorsJSON(c.Anchors),
				GoodExample: c.GoodExample, PoorExample: c.PoorExample,
				Scale:  scaleJSON{Kind: c.Scale.Kind},
				Weight: c.Weight, AllowNA: c.AllowNA, Critical: c.Critical, Bonus: c.Bonus,
				EvidenceBelowMax: c.EvidenceBelowMax,
			}
			if cj.Anchors == nil {
				cj.Anchors = anchorsJSON{}
			}
			for _, o := range c.Scale.Outcomes {
				if math.IsNaN(o.Score) || math.IsInf(o.Score, 0) {
					return fmt.Errorf("rubrics: encode: sections[%d].criteria[%d]: outcome %q has score %v, which JSON cannot hold: %w", si, ci, o.Label, o.Score, ErrInvalid)
				}
				cj.Scale.Outcomes = append(cj.Scale.Outcomes, outcomeJSON(o))
			}
			sj.Criteria[ci] = cj
		}
		doc.Sections[si] = sj
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("rubrics: encode: %w", err)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("rubrics: encode: %w", err)
	}
	return nil
}

// Decode reads one qascore.rubric/v1 document of at most maxBytes bytes
// (DefaultMaxBytes if maxBytes ≤ 0) and returns the rubric's name and
// description and its content as a new draft version (no IDs, Number 0,
// Status draft; the store fills those in).
//
// Every problem comes back as Problems (wrapping ErrInvalid) with the
// JSON path of the field: first the document's shape (not UTF-8, not
// JSON, too large, trailing data, a missing or unknown "schema", unknown
// fields, wrong types, duplicate names), and only when the shape is right,
// the rules of Rubric.Validate and Version.Validate. A read error from r
// is returned as is. Decode never panics.
func Decode(r io.Reader, maxBytes int64) (Rubric, Version, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return Rubric{}, Version{}, fmt.Errorf("rubrics: decode: read: %w", err)
	}
	fail := func(format string, args ...any) (Rubric, Version, error) {
		return Rubric{}, Version{}, Problems{{Path: "", Message: fmt.Sprintf(format, args...)}}
	}
	if int64(len(data)) > maxBytes {
		return fail("the file is larger than %s; a rubric file must be smaller", sizeText(maxBytes))
	}
	if !utf8.Valid(data) {
		off := invalidUTF8At(data)
		line, col := lineCol(data, off)
		return fail("the file is not valid UTF-8 text (line %d, column %d); save it as UTF-8 and try again", line, col)
	}
	root, err := parseDocument(data)
	if err != nil {
		return fail("%s", err.Error())
	}

	var d decoder
	doc := d.document(root)
	if len(d.probs) > 0 {
		return Rubric{}, Version{}, d.capped()
	}
	rub, ver := doc.domain()
	var probs Problems
	if err := rub.Validate(); err != nil {
		probs = append(probs, err.(Problems)...)
	}
	if err := ver.Validate(); err != nil {
		probs = append(probs, err.(Problems)...)
	}
	if len(probs) > 0 {
		return Rubric{}, Version{}, probs
	}
	return rub, ver, nil
}

// domain converts a decoded document into domain values. Empty anchors
// and outcomes become nil so that a decoded, encoded and decoded again
// document compares equal to the first decode.
func (doc docJSON) domain() (Rubric, Version) {
	r := Rubric{Name: doc.Name, Description: doc.Description}
	v := Version{Status: StatusDraft, ScoreCap: doc.ScoreCap, SecondCheck: doc.SecondCheck}
	for _, sj := range doc.Sections {
		s := Section{Key: sj.Key, Name: sj.Name, Description: sj.Description, FailSection: sj.FailSection, Bonus: sj.Bonus}
		for _, cj := range sj.Criteria {
			c := Criterion{
				Key: cj.Key, Name: cj.Name, Guidance: cj.Guidance,
				GoodExample: cj.GoodExample, PoorExample: cj.PoorExample,
				Scale:  Scale{Kind: cj.Scale.Kind},
				Weight: cj.Weight, AllowNA: cj.AllowNA, Critical: cj.Critical, Bonus: cj.Bonus,
				EvidenceBelowMax: cj.EvidenceBelowMax,
			}
			if len(cj.Anchors) > 0 {
				c.Anchors = map[int]string(cj.Anchors)
			}
			for _, o := range cj.Scale.Outcomes {
				c.Scale.Outcomes = append(c.Scale.Outcomes, Outcome(o))
			}
			s.Criteria = append(s.Criteria, c)
		}
		v.Sections = append(v.Sections, s)
	}
	return r, v
}

// node is one parsed JSON value. Objects keep their members in document
// order so problems come out in the order a person reads the file.
type node struct {
	kind  nodeKind
	keys  []string
	vals  []*node
	items []*node
	str   string
	num   json.Number
	b     bool
}

type nodeKind int

const (
	kindNull nodeKind = iota
	kindObject
	kindArray
	kindString
	kindNumber
	kindBool
)

func (k nodeKind) String() string {
	return [...]string{"null", "an object", "a list", "a string", "a number", "true or false"}[k]
}

// parseDocument parses exactly one JSON value with nothing but white
// space after it.
func parseDocument(data []byte) (*node, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the file is empty; it should hold one JSON object with \"schema\": \"" + Schema + "\"")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseValue(dec, 0)
	if err != nil {
		return nil, syntaxProblem(data, dec, err)
	}
	end := int(dec.InputOffset())
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		// Point at the first character of the extra text, not past it.
		rest := data[min(end, len(data)):]
		end += len(rest) - len(bytes.TrimLeft(rest, " \t\r\n"))
		line, col := lineCol(data, end)
		return nil, fmt.Errorf("there is more after the end of the JSON document (line %d, column %d); a file holds exactly one rubric, so remove the extra text", line, col)
	}
	return n, nil
}

var errTooDeep = errors.New("too deep")

func parseValue(dec *json.Decoder, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, errTooDeep
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: kindObject}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("object key is not a string")
				}
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, v)
			}
			if _, err := dec.Token(); err != nil { // the closing '}'
				return nil, err
			}
			return n, nil
		case '[':
			n := &node{kind: kindArray}
			for dec.More() {
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, v)
			}
			if _, err := dec.Token(); err != nil { // the closing ']'
				return nil, err
			}
			return n, nil
		}
		return nil, fmt.Errorf("unexpected %q", rune(t))
	case string:
		return &node{kind: kindString, str: t}, nil
	case json.Number:
		return &node{kind: kindNumber, num: t}, nil
	case bool:
		return &node{kind: kindBool, b: t}, nil
	case nil:
		return &node{kind: kindNull}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// syntaxProblem turns a parse error into a sentence with a line and
// column, which is what a person editing the file needs.
func syntaxProblem(data []byte, dec *json.Decoder, err error) error {
	off := int(dec.InputOffset())
	var se *json.SyntaxError
	switch {
	case errors.Is(err, errTooDeep):
		return fmt.Errorf("the JSON is nested more than %d levels deep; a rubric file never needs that", maxDepth)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the file ends in the middle of the JSON document; check for a missing closing bracket or quote")
	case errors.As(err, &se):
		off = int(se.Offset)
	}
	line, col := lineCol(data, off)
	return fmt.Errorf("the file is not valid JSON at line %d, column %d (%v); check for a missing comma, quote or bracket", line, col, err)
}

// lineCol converts a byte offset into a 1-based line and column counted
// in characters.
func lineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// decoder converts the parsed tree into wire structs, collecting a problem
// with its path for every unknown field, wrong type or duplicate name.
type decoder struct {
	probs Problems
}

func (d *decoder) add(path, format string, args ...any) {
	d.probs = append(d.probs, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// capped keeps the problem list readable when a file is badly broken.
func (d *decoder) capped() Problems {
	if len(d.probs) <= maxReportedIssues {
		return d.probs
	}
	out := slices.Clone(d.probs[:maxReportedIssues])
	return append(out, Problem{Message: fmt.Sprintf("and %d more problems; fix the ones above first", len(d.probs)-maxReportedIssues)})
}

// field is the path of member key of the object at path. Keys that are
// not simple names are quoted so the path stays unambiguous.
func field(path, key string) string {
	simple := key != ""
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			simple = false
			break
		}
	}
	if !simple {
		key = "[" + strconv.Quote(truncate(key, 40)) + "]"
		if path == "" {
			return key
		}
		return path + key
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// members calls fn for each member of the object n, after reporting
// duplicates; fn reports whether it knew the key.
func (d *decoder) members(n *node, path string, fn func(key string, v *node, p string) bool) {
	seen := map[string]bool{}
	for i, k := range n.keys {
		p := field(path, k)
		if seen[k] {
			d.add(p, "appears twice in the same object; keep one")
			continue
		}
		seen[k] = true
		if !fn(k, n.vals[i], p) {
			d.add(p, "unknown field; remove it or fix its spelling (see the field list in rubrics/SCHEMA.md)")
		}
	}
}

func (d *decoder) want(n *node, kind nodeKind, path string) bool {
	if n.kind == kind {
		return true
	}
	d.add(path, "want %s, got %s", kind, n.kind)
	return false
}

func (d *decoder) str(n *node, path string, dst *string) {
	if d.want(n, kindString, path) {
		*dst = n.str
	}
}

func (d *decoder) boolean(n *node, path string, dst *bool) {
	if d.want(n, kindBool, path) {
		*dst = n.b
	}
}

func (d *decoder) integer(n *node, path string, dst *int) {
	if !d.want(n, kindNumber, path) {
		return
	}
	i, err := strconv.ParseInt(string(n.num), 10, 32)
	if err != nil {
		d.add(path, "want a whole number, got %s", truncate(string(n.num), 40))
		return
	}
	*dst = int(i)
}

func (d *decoder) number(n *node, path string, dst *float64) {
	if !d.want(n, kindNumber, path) {
		return
	}
	f, err := strconv.ParseFloat(string(n.num), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		d.add(path, "want a number from 0 to 1, got %s", truncate(string(n.num), 40))
		return
	}
	*dst = f
}

func (d *decoder) document(n *node) docJSON {
	doc := docJSON{ScoreCap: DefaultScoreCap}
	if n.kind != kindObject {
		d.add("", "the file must hold one JSON object with \"schema\": %q, not %s", Schema, n.kind)
		return doc
	}
	// Check the schema first: if it is another format, every other
	// complaint would be noise.
	schemaAt := slices.Index(n.keys, "schema")
	switch {
	case schemaAt < 0:
		d.add("schema", "want %s; add \"schema\": %q as the first field", Schema, Schema)
		return doc
	case n.vals[schemaAt].kind != kindString || n.vals[schemaAt].str != Schema:
		got := n.vals[schemaAt].kind.String()
		if n.vals[schemaAt].kind == kindString {
			got = strconv.Quote(truncate(n.vals[schemaAt].str, 60))
		}
		d.add("schema", "want %s, got %s; this file is not a qascore rubric or was made by a newer version", Schema, got)
		return doc
	}
	d.members(n, "", func(k string, v *node, p string) bool {
		switch k {
		case "schema":
			doc.Schema = Schema
		case "name":
			d.str(v, p, &doc.Name)
		case "description":
			d.str(v, p, &doc.Description)
		case "score_cap":
			d.integer(v, p, &doc.ScoreCap)
		case "second_check":
			d.boolean(v, p, &doc.SecondCheck)
		case "sections":
			if d.want(v, kindArray, p) {
				for i, it := range v.items {
					doc.Sections = append(doc.Sections, d.section(it, index(p, i)))
				}
			}
		default:
			return false
		}
		return true
	})
	return doc
}

func (d *decoder) section(n *node, path string) sectionJSON {
	var s sectionJSON
	if !d.want(n, kindObject, path) {
		return s
	}
	d.members(n, path, func(k string, v *node, p string) bool {
		switch k {
		case "key":
			d.str(v, p, &s.Key)
		case "name":
			d.str(v, p, &s.Name)
		case "description":
			d.str(v, p, &s.Description)
		case "fail_section":
			d.boolean(v, p, &s.FailSection)
		case "bonus":
			d.boolean(v, p, &s.Bonus)
		case "criteria":
			if d.want(v, kindArray, p) {
				for i, it := range v.items {
					s.Criteria = append(s.Criteria, d.criterion(it, index(p, i)))
				}
			}
		default:
			return false
		}
		return true
	})
	return s
}

func (d *decoder) criterion(n *node, path string) criterionJSON {
	var c criterionJSON
	if !d.want(n, kindObject, path) {
		return c
	}
	hasWeight, hasScale := false, false
	d.members(n, path, func(k string, v *node, p string) bool {
		switch k {
		case "key":
			d.str(v, p, &c.Key)
		case "name":
			d.str(v, p, &c.Name)
		case "guidance":
			d.str(v, p, &c.Guidance)
		case "anchors":
			c.Anchors = d.anchors(v, p)
		case "good_example":
			d.str(v, p, &c.GoodExample)
		case "poor_example":
			d.str(v, p, &c.PoorExample)
		case "scale":
			hasScale = true
			c.Scale = d.scale(v, p)
		case "weight":
			hasWeight = true
			d.integer(v, p, &c.Weight)
		case "allow_na":
			d.boolean(v, p, &c.AllowNA)
		case "critical":
			d.boolean(v, p, &c.Critical)
		case "bonus":
			d.boolean(v, p, &c.Bonus)
		case "evidence_below_max":
			d.boolean(v, p, &c.EvidenceBelowMax)
		default:
			return false
		}
		return true
	})
	// A forgotten weight or scale would silently mean "weighs nothing"
	// or "no scale", so both must be written out.
	if !hasScale {
		d.add(field(path, "scale"), "is required, e.g. {\"kind\": \"5-point\"}")
	}
	if !hasWeight {
		d.add(field(path, "weight"), "is required; give a whole number from 0 to 100")
	}
	return c
}

func (d *decoder) anchors(n *node, path string) anchorsJSON {
	if !d.want(n, kindObject, path) {
		return nil
	}
	out := anchorsJSON{}
	d.members(n, path, func(k string, v *node, p string) bool {
		lv, err := strconv.Atoi(k)
		if err != nil || strconv.Itoa(lv) != k {
			d.add(p, "anchor keys are level values written as whole numbers, like \"1\" or \"5\"")
			return true
		}
		var s string
		d.str(v, p, &s)
		out[lv] = s
		return true
	})
	return out
}

func (d *decoder) scale(n *node, path string) scaleJSON {
	var s scaleJSON
	if !d.want(n, kindObject, path) {
		return s
	}
	d.members(n, path, func(k string, v *node, p string) bool {
		switch k {
		case "kind":
			var kind string
			d.str(v, p, &kind)
			s.Kind = ScaleKind(kind)
		case "outcomes":
			if d.want(v, kindArray, p) {
				for i, it := range v.items {
					s.Outcomes = append(s.Outcomes, d.outcome(it, index(p, i)))
				}
			}
		default:
			return false
		}
		return true
	})
	return s
}

func (d *decoder) outcome(n *node, path string) outcomeJSON {
	var o outcomeJSON
	if !d.want(n, kindObject, path) {
		return o
	}
	hasScore := false
	d.members(n, path, func(k string, v *node, p string) bool {
		switch k {
		case "label":
			d.str(v, p, &o.Label)
		case "score":
			hasScore = true
			d.number(v, p, &o.Score)
		case "pass":
			d.boolean(v, p, &o.Pass)
		default:
			return false
		}
		return true
	})
	if !hasScore {
		d.add(field(path, "score"), "is required; give a number from 0 (worst) to 1 (best)")
	}
	return o
}
