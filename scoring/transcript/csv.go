package transcript

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// csvColumns are the documented CSV columns (FORMATS.md), one row per turn.
var csvColumns = []string{"external_id", "channel", "agent_name", "agent_email", "customer_name", "language",
	"subject", "started_at", "csat", "role", "speaker", "text", "start_ms", "end_ms", "at"}

// csvInteractionColumns are the per-interaction columns: any row of the
// interaction may carry them, and rows that disagree are an error.
var csvInteractionColumns = []string{"channel", "agent_name", "agent_email", "customer_name", "language",
	"subject", "started_at", "csat"}

// CSVImporter reads our documented CSV: a header row, then one row per
// turn, grouped into interactions by external_id.
type CSVImporter struct{}

// Format returns FormatCSV.
func (CSVImporter) Format() Format { return FormatCSV }

// Sniff accepts .csv files and files whose first line names both the
// external_id and the role column.
func (CSVImporter) Sniff(name string, head []byte) bool {
	if hasExt(name, ".csv") {
		return true
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	line = bytes.ToLower(line)
	if bytes.HasPrefix(bytes.TrimSpace(line), []byte("{")) || bytes.HasPrefix(bytes.TrimSpace(line), []byte("[")) {
		return false
	}
	hasCol := func(c string) bool {
		for _, f := range bytes.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' }) {
			if string(bytes.Trim(bytes.TrimSpace(f), `"`)) == c {
				return true
			}
		}
		return false
	}
	return hasCol("external_id") && hasCol("role")
}

// Parse reads each file whole (files here are at most a few MiB) because
// the rows of one interaction need not be adjacent.
func (CSVImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	for _, f := range files {
		if err := parseCSVFile(ctx, f, emit); err != nil {
			return err
		}
	}
	return nil
}

// csvGroup collects the rows of one interaction.
type csvGroup struct {
	id       string
	ref      string // the row it first appeared on
	fields   map[string]string
	fieldRef map[string]int // row each interaction field came from
	turns    []Turn
	err      *fieldError
	errRef   string
}

func parseCSVFile(ctx context.Context, f File, emit func(Record) error) error {
	data, err := readTextFile(f, maxTextFile)
	if err != nil {
		return err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	rowRef := func(n int) string { return fmt.Sprintf("%s row %d", f.Name, n) }
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = csvDelimiter(data)
	r.LazyQuotes = false
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		if err == io.EOF {
			return emit(errRecord(f.Name, ferr("", "empty file: a header row is required")))
		}
		return emit(errRecord(rowRef(1), ferr("header", "%v", csvErrMessage(err))))
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup && h != "" {
			return emit(errRecord(rowRef(1), ferr(h, "column appears twice in the header")))
		}
		known := false
		for _, c := range csvColumns {
			known = known || c == h
		}
		if !known {
			return emit(errRecord(rowRef(1), ferr("header", "unknown column %q (known: %s)", h, strings.Join(csvColumns, ", "))))
		}
		col[h] = i
	}
	for _, req := range []string{"external_id", "role", "text"} {
		if _, ok := col[req]; !ok {
			return emit(errRecord(rowRef(1), ferr("header", "column %q is required", req)))
		}
	}
	_, hasStarted := col["started_at"]
	_, hasAt := col["at"]
	if !hasStarted && !hasAt {
		return emit(errRecord(rowRef(1), ferr("header", "a started_at or an at column is required")))
	}
	r.FieldsPerRecord = len(header)

	// order holds groups by first appearance, and stray row errors
	// (rows that name no interaction) in their place.
	type item struct {
		g   *csvGroup
		rec *Record
	}
	var order []item
	groups := map[string]*csvGroup{}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		// FieldPos panics when the reader returned no fields, so a parse
		// error takes its line from the error instead.
		line := 0
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.StartLine
		} else if len(row) > 0 {
			line, _ = r.FieldPos(0)
		}
		ref := rowRef(line)
		if err != nil {
			rec := errRecord(ref, ferr("", "%s", csvErrMessage(err)))
			// A row the reader could not split cannot be attributed to an
			// interaction reliably, unless its id column came through.
			if row != nil && len(row) > col["external_id"] {
				if g := groups[row[col["external_id"]]]; g != nil {
					if g.err == nil {
						g.err, g.errRef = &fieldError{Message: csvErrMessage(err)}, ref
					}
					continue
				}
			}
			order = append(order, item{rec: &rec})
			continue
		}
		get := func(c string) string {
			if i, ok := col[c]; ok {
				return row[i]
			}
			return ""
		}
		id := get("external_id")
		if !utf8.ValidString(id) {
			rec := errRecord(ref, ferr("external_id", "is not valid UTF-8"))
			order = append(order, item{rec: &rec})
			continue
		}
		if strings.TrimSpace(id) == "" {
			rec := errRecord(ref, ferr("external_id", "is required"))
			order = append(order, item{rec: &rec})
			continue
		}
		g := groups[id]
		if g == nil {
			g = &csvGroup{id: id, ref: ref, fields: map[string]string{}, fieldRef: map[string]int{}}
			groups[id] = g
			order = append(order, item{g: g})
		}
		if g.err != nil {
			continue
		}
		if fe := g.addRow(line, get); fe != nil {
			g.err, g.errRef = fe, ref
		}
	}
	for _, it := range order {
		rec := Record{}
		if it.rec != nil {
			rec = *it.rec
		} else {
			rec = it.g.record(f.Name)
		}
		if err := emit(rec); err != nil {
			return err
		}
	}
	return nil
}

// addRow adds one row (a turn and maybe interaction fields) to g.
func (g *csvGroup) addRow(line int, get func(string) string) *fieldError {
	for _, c := range append([]string{"external_id"}, append(csvInteractionColumns, "role", "speaker", "text", "start_ms", "end_ms", "at")...) {
		if !utf8.ValidString(get(c)) {
			return ferr(c, "is not valid UTF-8")
		}
	}
	for _, c := range csvInteractionColumns {
		v := get(c)
		if v == "" {
			continue
		}
		if prev, ok := g.fields[c]; ok && prev != v {
			return ferr(c, "%q differs from %q on row %d of the same interaction", v, prev, g.fieldRef[c])
		}
		g.fields[c], g.fieldRef[c] = v, line
	}
	var t Turn
	var fe *fieldError
	if t.Role, fe = parseRole("role", get("role")); fe != nil {
		return fe
	}
	t.Speaker, t.Text = get("speaker"), get("text")
	for _, c := range []struct {
		name string
		dst  **int64
	}{{"start_ms", &t.StartMS}, {"end_ms", &t.EndMS}} {
		if s := strings.TrimSpace(get(c.name)); s != "" {
			n, err := atoi64(s)
			if err != nil {
				return ferr(c.name, "must be a whole number of milliseconds, got %q", s)
			}
			*c.dst = &n
		}
	}
	if fe := checkOffsets("", t.StartMS, t.EndMS); fe != nil {
		fe.Field = strings.TrimPrefix(fe.Field, ".")
		return fe
	}
	if s := strings.TrimSpace(get("at")); s != "" {
		at, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return ferr("at", "must be an RFC 3339 time such as 2024-05-01T09:30:00Z, got %q", s)
		}
		at = at.UTC()
		t.At = &at
	}
	if n := len(g.turns); n > 0 && t.StartMS != nil {
		// Rows keep their order; a start going backwards is the row's
		// error, named here where the row number is known.
		for i := n - 1; i >= 0; i-- {
			if p := g.turns[i].StartMS; p != nil {
				if *t.StartMS < *p {
					return ferr("start_ms", "%d is before the previous turn's start %d: rows of an interaction must be in time order", *t.StartMS, *p)
				}
				break
			}
		}
	}
	g.turns = append(g.turns, t)
	return nil
}

// record builds the interaction of g, or its error.
func (g *csvGroup) record(file string) Record {
	if g.err != nil {
		return errRecord(g.errRef, g.err)
	}
	var in Interaction
	var fe *fieldError
	fieldErr := func(c string, fe *fieldError) Record {
		fe.Field = c
		return errRecord(fmt.Sprintf("%s row %d", file, g.fieldRef[c]), fe)
	}
	in.Source = string(FormatCSV)
	in.Turns = g.turns
	in.AgentName, in.CustomerName = g.fields["agent_name"], g.fields["customer_name"]
	in.Language, in.Subject = g.fields["language"], g.fields["subject"]
	if in.Channel, fe = parseChannel("channel", g.fields["channel"]); fe != nil {
		return fieldErr("channel", fe)
	}
	if s := strings.TrimSpace(g.fields["csat"]); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5 {
			return fieldErr("csat", ferr("", "must be 1 to 5 or empty, got %q", s))
		}
		in.CSAT = &n
	}
	hasStart := false
	if s := strings.TrimSpace(g.fields["started_at"]); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fieldErr("started_at", ferr("", "must be an RFC 3339 time such as 2024-05-01T09:30:00Z, got %q", s))
		}
		in.StartedAt, hasStart = t.UTC(), true
	}
	in.ExternalID = g.id
	if fe := finishInteraction(&in, hasStart, false); fe != nil {
		return errRecord(g.ref, fe)
	}
	return Record{Ref: g.ref, Interaction: in, AgentEmail: g.fields["agent_email"]}
}

// csvDelimiter picks ';' or ',' from the header line: spreadsheets in
// locales with a decimal comma export with semicolons.
func csvDelimiter(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	inQuote := false
	semi, comma := 0, 0
	for _, b := range line {
		switch {
		case b == '"':
			inQuote = !inQuote
		case inQuote:
		case b == ';':
			semi++
		case b == ',':
			comma++
		}
	}
	if semi > comma {
		return ';'
	}
	return ','
}

// csvErrMessage makes encoding/csv's errors readable without repeating
// the line number the Ref already carries.
func csvErrMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return "wrong number of fields (every row needs one per header column)"
		}
		return fmt.Sprintf("column %d: %v", pe.Column, pe.Err)
	}
	return err.Error()
}
