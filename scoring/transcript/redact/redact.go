package redact

import (
	"sort"
	"strings"
)

// Kind names the category of personal data a Match covers.
type Kind string

// The kinds the Redactor detects. The string values are stable: they are
// stored in audit metadata next to the redacted transcript.
const (
	Card  Kind = "card"
	Email Kind = "email"
	Phone Kind = "phone"
	SSN   Kind = "ssn"
)

// Placeholder returns the text that replaces a match of kind k, so that
// callers rendering redacted transcripts can recognise it.
func (k Kind) Placeholder() string {
	switch k {
	case Card:
		return "[CARD]"
	case Email:
		return "[EMAIL]"
	case Phone:
		return "[PHONE]"
	case SSN:
		return "[SSN]"
	}
	return "[" + strings.ToUpper(string(k)) + "]"
}

// Match is one detected value: its kind and its byte span [Start, End) in
// the text given to Find or Redact.
type Match struct {
	Kind       Kind
	Start, End int
}

// Redactor finds and replaces personal data in text. It holds only
// read-only tables, so one value built by New is safe for concurrent use.
type Redactor struct {
	phoneWords []string
	ssnWords   []string
}

// New returns a Redactor with the built-in rules. Build it once and reuse
// it; every call allocates only per-call scratch.
func New() *Redactor {
	return &Redactor{phoneWords: phoneWords, ssnWords: ssnWords}
}

// Find returns the matches in s, in order and non-overlapping. It never
// panics, whatever the bytes of s.
func (r *Redactor) Find(s string) []Match {
	emails := findEmails(s)
	var out []Match
	lo := 0
	for _, e := range emails {
		out = r.findNumbers(s, lo, e.Start, out)
		out = append(out, e)
		lo = e.End
	}
	out = r.findNumbers(s, lo, len(s), out)
	// Regions are scanned in order, so this only guards the invariant.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Redact returns s with every match replaced by its kind's placeholder,
// and the matches, whose offsets refer to s. Text outside the matches is
// copied byte for byte.
func (r *Redactor) Redact(s string) (string, []Match) {
	ms := r.Find(s)
	if len(ms) == 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m.Start])
		b.WriteString(m.Kind.Placeholder())
		last = m.End
	}
	b.WriteString(s[last:])
	return b.String(), ms
}
