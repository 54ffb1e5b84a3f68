package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/qascore/qascore/scoring/autoqa"
	"github.com/qascore/qascore/scoring/transcript"
)

// errAutoQAFailed says some files or records could not be scored; each was
// already reported on its own line.
var errAutoQAFailed = errors.New("autoqa: some files or conversations could not be read (see the lines above)")

// sniffBytes is how much of a file format detection reads, as the
// importers' Sniff contract allows.
const sniffBytes = 64 << 10

// autoqaJSON is one scored interaction as --json prints it.
type autoqaJSON struct {
	Ref         string           `json:"ref"`
	ExternalID  string           `json:"external_id"`
	Language    string           `json:"language"`
	Suggestions []suggestionJSON `json:"suggestions"`
}

// suggestionJSON is one criterion's suggestion in --json output.
type suggestionJSON struct {
	Criterion  string          `json:"criterion"`
	Scored     bool            `json:"scored"`
	NotScored  string          `json:"not_scored,omitempty"`
	Rating     int             `json:"rating,omitempty"`
	Confidence float64         `json:"confidence"`
	Signals    []autoqa.Signal `json:"signals,omitempty"`
	Evidence   []evidenceJSON  `json:"evidence,omitempty"`
}

// evidenceJSON is one span with the words it quotes, so the output can be
// read without the transcript beside it. TurnSeq is 0-based like the span.
type evidenceJSON struct {
	TurnID  int64  `json:"turn_id"`
	TurnSeq int    `json:"turn_seq"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Quote   string `json:"quote"`
	Reason  string `json:"reason"`
}

// cmdAutoQA scores conversation files offline: qascore autoqa [--format F]
// [--json] FILE…. It needs no database. Results go to stdout; a bad file or
// record is one line on stderr, the others are still scored, and the exit
// status is 1.
func cmdAutoQA(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("autoqa", flag.ContinueOnError)
	format := fs.String("format", "", "format of every file (default: detected per file): "+formatNames())
	asJSON := fs.Bool("json", false, "print JSON (one array of results) instead of text")
	if help, err := parseFlags(fs, args, math.MaxInt, stdout); help || err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return usageError("autoqa: give one or more conversation files")
	}
	for _, a := range paths {
		if strings.HasPrefix(a, "-") {
			return usageError("autoqa: flags go before the files: move %q before them", a)
		}
	}
	var fixed transcript.Importer
	if *format != "" {
		im, err := transcript.ImporterFor(transcript.Format(*format))
		if err != nil {
			return usageError("autoqa: --format: %v", err)
		}
		fixed = im
	}
	files, missing := importFiles(paths)
	if len(missing) > 0 {
		for _, m := range missing {
			fmt.Fprintf(stderr, "qascore: autoqa: %s\n", m)
		}
		return fmt.Errorf("autoqa: %d of %d files cannot be read; nothing was scored", len(missing), len(paths))
	}
	engine, err := autoqa.New()
	if err != nil {
		return err
	}
	var out []autoqaJSON
	failed := false
	for _, f := range files {
		im := fixed
		if im == nil {
			if im, err = detectFile(f); err != nil {
				fmt.Fprintf(stderr, "qascore: autoqa: %v\n", err)
				failed = true
				continue
			}
		}
		err := im.Parse(ctx, []transcript.File{f}, func(r transcript.Record) error {
			if r.Err == nil {
				r.Err = r.Interaction.Validate()
			}
			if r.Err != nil {
				fmt.Fprintf(stderr, "qascore: autoqa: %s\n", oneLine(recordError(r)))
				failed = true
				return nil
			}
			res := engine.Score(r.Interaction)
			j := toAutoQAJSON(r.Ref, r.Interaction, res)
			if *asJSON {
				out = append(out, j)
				return nil
			}
			printAutoQA(stdout, j)
			return nil
		})
		if err != nil {
			fmt.Fprintf(stderr, "qascore: autoqa: %s: %s\n", f.Name, oneLine(err.Error()))
			failed = true
		}
	}
	if *asJSON {
		if out == nil {
			out = []autoqaJSON{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	if failed {
		return errAutoQAFailed
	}
	return nil
}

// detectFile picks a file's importer from its name and first bytes.
func detectFile(f transcript.File) (transcript.Importer, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	head, err := io.ReadAll(io.LimitReader(rc, sniffBytes))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return transcript.Detect(f.Name, head)
}

// recordError renders a record's error with its ref unless the error
// already names it.
func recordError(r transcript.Record) string {
	msg := r.Err.Error()
	if r.Ref != "" && !strings.HasPrefix(msg, r.Ref) {
		msg = r.Ref + ": " + msg
	}
	return msg
}

// oneLine keeps a message on one line.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// toAutoQAJSON converts a Result for output, quoting each span's words.
func toAutoQAJSON(ref string, in transcript.Interaction, res autoqa.Result) autoqaJSON {
	j := autoqaJSON{Ref: ref, ExternalID: in.ExternalID, Language: res.Language}
	for _, s := range res.Suggestions {
		sj := suggestionJSON{Criterion: s.Criterion, Scored: s.Scored, NotScored: s.NotScored, Rating: s.Rating, Confidence: s.Confidence, Signals: s.Signals}
		for _, sp := range s.Evidence {
			rs := []rune(in.Turns[sp.TurnSeq].Text)
			sj.Evidence = append(sj.Evidence, evidenceJSON{TurnID: sp.TurnID, TurnSeq: sp.TurnSeq, Start: sp.Start, End: sp.End, Quote: string(rs[sp.Start:sp.End]), Reason: sp.Reason})
		}
		j.Suggestions = append(j.Suggestions, sj)
	}
	return j
}

// printAutoQA prints one result for people. Turns are numbered from 1, as
// a reader counts them.
func printAutoQA(w io.Writer, j autoqaJSON) {
	fmt.Fprintf(w, "%s (%s) — language %s\n", j.Ref, j.ExternalID, j.Language)
	for _, s := range j.Suggestions {
		if !s.Scored {
			fmt.Fprintf(w, "  %-18s %s\n", s.Criterion, s.NotScored)
			continue
		}
		fmt.Fprintf(w, "  %-18s %d/5  confidence %.2f\n", s.Criterion, s.Rating, s.Confidence)
		for _, e := range s.Evidence {
			fmt.Fprintf(w, "      turn %d %q — %s\n", e.TurnSeq+1, e.Quote, e.Reason)
		}
	}
}
