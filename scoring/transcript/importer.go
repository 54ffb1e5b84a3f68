package transcript

import (
	"context"
	"fmt"
	"io"
)

// Format names an import format.
type Format string

// The supported import formats.
const (
	FormatNative        Format = "json"          // our documented JSON (one object or an array)
	FormatJSONL         Format = "jsonl"         // our documented JSON, one interaction per line
	FormatCSV           Format = "csv"           // one row per turn, documented columns
	FormatWebVTT        Format = "webvtt"        // meeting/call captions with <v Name> or "Name:" cues
	FormatSRT           Format = "srt"           // subtitles with "Name:" prefixes
	FormatZendesk       Format = "zendesk"       // Zendesk API v2 tickets + comments + users
	FormatTranscribeCA  Format = "transcribe-ca" // Amazon Transcribe Call Analytics JSON
	FormatTranscribe    Format = "transcribe"    // plain Amazon Transcribe JSON with speaker labels
	FormatContactLens   Format = "contact-lens"  // Amazon Connect Contact Lens (voice and chat)
	FormatCCAI          Format = "ccai"          // Google CCAI Insights conversation JSON
	FormatABCD          Format = "abcd"          // ASAPP ABCD-style [speaker, text] chats
	FormatUnknownPrefix        = "unknown"
)

// File is one uploaded or named file. Open may be called more than once
// (sniffing reads the head, parsing reads it all).
type File struct {
	Name string
	Size int64
	Open func() (io.ReadCloser, error)
}

// Record is one interaction parsed from a file, or the reason one could
// not be: either Err is set or Interaction is ready to validate and store.
type Record struct {
	// Ref says where the record came from, for messages: "calls.jsonl
	// line 12", "tickets.json ticket 35436".
	Ref         string
	Interaction Interaction
	// AgentEmail is the agent's address when the source has it, so the
	// agent can be mapped to an account by email before falling back to
	// the name in Interaction.AgentName.
	AgentEmail string
	Err        error
}

// Importer reads one format. Importers are pure: no database, no network.
type Importer interface {
	// Format is the format's name as users give it (--format F).
	Format() Format
	// Sniff reports whether a file named name starting with head (up to
	// 64 KiB) looks like this format. It must be cheap and never panic.
	Sniff(name string, head []byte) bool
	// Parse reads files (one, or for multi-file formats such as Zendesk's
	// tickets + comments + users, all of the set) and calls emit for each
	// record in source order. A bad record is emitted with Err set and
	// parsing continues; Parse returns an error only when a file cannot
	// be read at all. It stops early when emit returns an error or ctx is
	// done.
	Parse(ctx context.Context, files []File, emit func(Record) error) error
}

// RecordError says what is wrong with one field of one record, naming the
// file, the record and the field so a person can find and fix it.
type RecordError struct {
	Ref     string // file and record, e.g. "chats.csv row 14"
	Field   string // e.g. "turns[3].start_ms", "agent"
	Message string
}

// Error formats the problem as "ref: field: message".
func (e *RecordError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: %s", e.Ref, e.Message)
	}
	return fmt.Sprintf("%s: %s: %s", e.Ref, e.Field, e.Message)
}
