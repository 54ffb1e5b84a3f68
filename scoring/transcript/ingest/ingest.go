package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring/transcript"
)

// Limits of one import.
const (
	// DefaultMaxFileBytes is the largest file Service accepts when
	// MaxFileBytes is not set.
	DefaultMaxFileBytes = 10 << 20
	// BatchSize is how many conversations are written per store call (one
	// transaction each): large enough to amortise commits, small enough
	// that a 20 MB file never has more than this many in memory.
	BatchSize = 500
	// MaxProblems is how many problems a file's report lists; the rest are
	// only counted, so a file of garbage does not make a garbage report.
	MaxProblems = 50
	// sniffBytes is how much of a file format detection looks at.
	sniffBytes = 64 << 10
)

// multiFile are the formats whose exports come as several files that only
// make sense together (Zendesk's tickets, comments and users); all of an
// import's files in such a format go to one Parse call.
var multiFile = map[transcript.Format]bool{transcript.FormatZendesk: true}

// Outcome is what the store did with one interaction of a batch.
type Outcome struct {
	// ID is the stored interaction's id; 0 when AlreadyThere.
	ID int64
	// AlreadyThere is true when an interaction with the same source and
	// external id was stored before (or earlier in the same batch), so
	// this one was skipped.
	AlreadyThere bool
}

// Store is what an import needs from storage. cmd/internal/store
// implements it; tests use hand-written fakes.
type Store interface {
	// ResolveAgent returns the user id of the agent account matching
	// email (first) or the name or a stored alias of it (case-insensitive),
	// or 0 when no agent account matches.
	ResolveAgent(ctx context.Context, email, name string) (int64, error)
	// ImportInteractions writes valid interactions in one transaction, each
	// whole or not at all, and returns one Outcome per interaction in
	// order. Interactions already stored (same source and external id) are
	// skipped and reported, never a reason to fail the batch.
	ImportInteractions(ctx context.Context, ins []transcript.Interaction) ([]Outcome, error)
}

// Options tune one Import call.
type Options struct {
	// Format forces every file's format; empty means detect each file's
	// format from its name and first 64 KiB.
	Format transcript.Format
	// Progress, when set, is called as records are handled, from the
	// goroutine that called Import.
	Progress func(Progress)
	// DefaultAgentID, when not zero, is the agent account of conversations
	// whose file names no agent at all (ABCD chats, single-agent
	// recordings). A conversation naming an agent is mapped by that name
	// as usual, and an unknown name is still listed for mapping: the
	// default never overrides what the file says. The caller checks that
	// the account is an agent's.
	DefaultAgentID int64
}

// Progress is how far an import has got.
type Progress struct {
	File       string // the file being read
	Bytes      int64  // bytes read so far by the importers, all files
	TotalBytes int64  // sum of the files' sizes
	Records    int    // records handled so far, all files
	Imported   int
}

// FileReport is what happened to one file (or, for multi-file formats such
// as Zendesk, to the set of files read together; Name then lists them).
type FileReport struct {
	Name         string
	Format       transcript.Format
	Imported     int // conversations stored
	AlreadyThere int // skipped: imported before
	Failed       int // records that could not be imported
	// Error is set when the file as a whole could not be imported: too
	// large, unknown format, unreadable. It names the file.
	Error string
	// Problems are the first MaxProblems record problems, each naming the
	// file, the record and the field; MoreProblems counts the rest.
	Problems     []string
	MoreProblems int
}

// OK reports whether everything in the file was imported or already there.
func (f FileReport) OK() bool { return f.Error == "" && f.Failed == 0 }

// Report sums up an import.
type Report struct {
	Files []FileReport
	// Totals over all files.
	Imported, AlreadyThere, Failed int
	// FilesFailed counts the files that could not be read at all.
	FilesFailed int
	// UnmappedAgents are agent names (sorted, case-insensitively
	// distinct) that matched no account; their conversations were stored
	// without an agent account until someone maps them.
	UnmappedAgents []string
}

// OK reports whether every file and record was imported or already there.
func (r Report) OK() bool { return r.Failed == 0 && r.FilesFailed == 0 }

// Service imports files. The zero value is not usable: Store is required,
// and Redactor when Redact is on.
type Service struct {
	Store Store
	// Redact replaces personal data in every turn's text before anything
	// is stored, so the original text never reaches the database. Speaker
	// names, the agent and customer names and the subject are kept: they
	// are what reviewers navigate by, and names are mapped to accounts.
	Redact bool
	// Redactor rewrites one text (redact.New().Redact, without its match
	// list). Import refuses to run when Redact is on and Redactor is nil,
	// rather than store unredacted text.
	Redactor func(string) string
	// MaxFileBytes is the largest file imported; 0 means
	// DefaultMaxFileBytes. Larger files fail before they are parsed.
	MaxFileBytes int64
	// Now is the import time, used for conversations whose source has no
	// start time; nil means time.Now.
	Now func() time.Time
	// Importers are the formats known, in detection order; nil means
	// transcript.Importers(). Tests give their own.
	Importers []transcript.Importer
}

// entry is one unit of work: a file, or a multi-file format's set.
type entry struct {
	report FileReport
	im     transcript.Importer
	files  []transcript.File
}

// Import reads files and stores their conversations, returning what
// happened per file. A bad record or file never stops the others; Import
// returns an error only when it cannot go on at all (a bad Options.Format,
// storage failing, ctx cancelled), with the report so far.
func (s *Service) Import(ctx context.Context, files []transcript.File, opts Options) (Report, error) {
	if s.Store == nil {
		return Report{}, errors.New("ingest: no store")
	}
	if s.Redact && s.Redactor == nil {
		return Report{}, errors.New("ingest: redaction is on but no redactor is set")
	}
	var forced transcript.Importer
	if opts.Format != "" {
		im, err := s.importerFor(opts.Format)
		if err != nil {
			return Report{}, fmt.Errorf("ingest: %w: %w", err, rubrics.ErrInvalid)
		}
		forced = im
	}
	limit := s.MaxFileBytes
	if limit <= 0 {
		limit = DefaultMaxFileBytes
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	r := &run{
		svc: s, ctx: ctx, opts: opts, limit: limit, importTime: now().UTC(),
		agents: map[agentKey]int64{}, unmapped: map[string]string{},
	}
	for _, f := range files {
		r.progress.TotalBytes += max(f.Size, 0)
	}

	var entries []*entry
	grouped := map[transcript.Format]*entry{}
	for _, f := range files {
		if f.Size > limit {
			entries = append(entries, &entry{report: FileReport{Name: f.Name,
				Error: fmt.Sprintf("%s: file is larger than %s", f.Name, sizeText(limit))}})
			continue
		}
		im := forced
		if im == nil {
			var err error
			if im, err = s.detect(f); err != nil {
				entries = append(entries, &entry{report: FileReport{Name: f.Name, Error: err.Error()}})
				continue
			}
		}
		if multiFile[im.Format()] {
			if e, ok := grouped[im.Format()]; ok {
				e.files = append(e.files, f)
				e.report.Name += ", " + f.Name
				continue
			}
		}
		e := &entry{report: FileReport{Name: f.Name, Format: im.Format()}, im: im, files: []transcript.File{f}}
		if multiFile[im.Format()] {
			grouped[im.Format()] = e
		}
		entries = append(entries, e)
	}

	var rep Report
	var fatal error
	for _, e := range entries {
		if e.im != nil && fatal == nil {
			fatal = r.importEntry(e)
		}
		rep.Files = append(rep.Files, e.report)
		rep.Imported += e.report.Imported
		rep.AlreadyThere += e.report.AlreadyThere
		rep.Failed += e.report.Failed
		if e.report.Error != "" {
			rep.FilesFailed++
		}
	}
	for _, name := range r.unmapped {
		rep.UnmappedAgents = append(rep.UnmappedAgents, name)
	}
	slices.SortFunc(rep.UnmappedAgents, func(a, b string) int {
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	})
	if fatal != nil {
		return rep, fmt.Errorf("ingest: %w", fatal)
	}
	return rep, nil
}

// importerFor returns the importer of a named format.
func (s *Service) importerFor(f transcript.Format) (transcript.Importer, error) {
	if s.Importers == nil {
		return transcript.ImporterFor(f)
	}
	for _, im := range s.Importers {
		if im.Format() == f {
			return im, nil
		}
	}
	return nil, fmt.Errorf("unknown format %q", f)
}

// detect picks a file's importer from its name and first bytes.
func (s *Service) detect(f transcript.File) (transcript.Importer, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: cannot be read: %w", f.Name, err)
	}
	defer rc.Close()
	head := make([]byte, sniffBytes)
	n, err := io.ReadFull(rc, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: cannot be read: %w", f.Name, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%s: the file is empty", f.Name)
	}
	if s.Importers == nil {
		return transcript.Detect(f.Name, head[:n])
	}
	for _, im := range s.Importers {
		if im.Sniff(f.Name, head[:n]) {
			return im, nil
		}
	}
	return nil, fmt.Errorf("%s: unknown format: not one of the supported formats", f.Name)
}

// sizeText writes a byte limit for people: "10 MiB".
func sizeText(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// agentKey caches agent resolution: a file names the same few agents
// thousands of times.
type agentKey struct{ email, name string }

// run is the state of one Import call.
type run struct {
	svc        *Service
	ctx        context.Context
	opts       Options
	limit      int64
	importTime time.Time
	progress   Progress
	bytes      atomic.Int64
	agents     map[agentKey]int64
	unmapped   map[string]string // lower-case name → name as first seen
}

// pending is a validated interaction waiting for its batch to be written.
type pending struct {
	ref string
	in  transcript.Interaction
}

// importEntry streams one file (or set) through its importer in batches.
// Record problems go to the report; the error returned is fatal to the
// whole import (storage failed, ctx cancelled).
func (r *run) importEntry(e *entry) error {
	rep := &e.report
	files := make([]transcript.File, len(e.files))
	for i, f := range e.files {
		files[i] = r.guard(f)
	}
	batch := make([]pending, 0, BatchSize)
	var fatal error
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := r.write(rep, batch)
		// Drop the written conversations' turns now, not at the next
		// overwrite, so memory stays at one batch.
		clear(batch)
		batch = batch[:0]
		return err
	}
	n := 0
	emit := func(rec transcript.Record) error {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		n++
		r.progress.Records++
		ref := rec.Ref
		if ref == "" {
			ref = fmt.Sprintf("%s record %d", e.files[0].Name, n)
		}
		if rec.Err != nil {
			addProblem(rep, problemText(ref, rec.Err))
			r.report(e)
			return nil
		}
		in := rec.Interaction
		if err := r.prepare(&in, rec.AgentEmail, e.im.Format()); err != nil {
			fatal = err
			return err
		}
		if err := in.Validate(); err != nil {
			addProblem(rep, problemText(ref, err))
			r.report(e)
			return nil
		}
		if in.AgentID == 0 && strings.TrimSpace(in.AgentName) != "" {
			k := NormalizeAgentName(in.AgentName)
			if _, ok := r.unmapped[k]; !ok {
				r.unmapped[k] = strings.TrimSpace(in.AgentName)
			}
		}
		batch = append(batch, pending{ref: ref, in: in})
		if len(batch) >= BatchSize {
			if err := flush(); err != nil {
				fatal = err
				return err
			}
		}
		r.report(e)
		return nil
	}
	perr := e.im.Parse(r.ctx, files, emit)
	if fatal != nil {
		return fatal
	}
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	if perr != nil {
		msg := perr.Error()
		if !strings.Contains(msg, e.files[0].Name) {
			msg = e.report.Name + ": " + msg
		}
		rep.Error = msg
	}
	r.report(e)
	return nil
}

// prepare applies the import rules to one parsed conversation: source,
// start time, redaction and agent mapping.
func (r *run) prepare(in *transcript.Interaction, email string, f transcript.Format) error {
	if in.Source == "" {
		in.Source = string(f)
	}
	// Caption formats have no wall-clock time; importers mark that with
	// the epoch, and the import time is the best we know.
	if in.StartedAt.Equal(time.Unix(0, 0)) {
		in.StartedAt = r.importTime
	}
	if r.svc.Redact {
		for i := range in.Turns {
			in.Turns[i].Text = r.svc.Redactor(in.Turns[i].Text)
		}
	}
	if in.AgentID != 0 {
		return nil
	}
	k := agentKey{strings.ToLower(strings.TrimSpace(email)), NormalizeAgentName(in.AgentName)}
	if k.email == "" && k.name == "" {
		in.AgentID = r.opts.DefaultAgentID
		return nil
	}
	id, ok := r.agents[k]
	if !ok {
		var err error
		if id, err = r.svc.Store.ResolveAgent(r.ctx, email, in.AgentName); err != nil {
			return fmt.Errorf("resolve agent %q: %w", in.AgentName, err)
		}
		r.agents[k] = id
	}
	in.AgentID = id
	return nil
}

// write stores one batch. When the store rejects the batch as invalid
// (a value the database refuses that validation let through) or
// conflicting, each conversation is retried alone so one bad record does
// not sink 499 good ones.
func (r *run) write(rep *FileReport, batch []pending) error {
	ins := make([]transcript.Interaction, len(batch))
	for i := range batch {
		ins[i] = batch[i].in
	}
	outs, err := r.svc.Store.ImportInteractions(r.ctx, ins)
	if err == nil {
		r.count(rep, outs)
		return nil
	}
	// A conflict is a concurrent import of the same conversations racing
	// this one; alone, each is then found already there.
	retry := errors.Is(err, rubrics.ErrInvalid) || errors.Is(err, rubrics.ErrConflict)
	if !retry {
		return err
	}
	if len(batch) == 1 {
		addProblem(rep, problemText(batch[0].ref, err))
		return nil
	}
	for _, p := range batch {
		outs, err := r.svc.Store.ImportInteractions(r.ctx, []transcript.Interaction{p.in})
		switch {
		case errors.Is(err, rubrics.ErrInvalid), errors.Is(err, rubrics.ErrConflict):
			addProblem(rep, problemText(p.ref, err))
		case err != nil:
			return err
		default:
			r.count(rep, outs)
		}
	}
	return nil
}

func (r *run) count(rep *FileReport, outs []Outcome) {
	for _, o := range outs {
		if o.AlreadyThere {
			rep.AlreadyThere++
		} else {
			rep.Imported++
			r.progress.Imported++
		}
	}
}

func (r *run) report(e *entry) {
	if r.opts.Progress == nil {
		return
	}
	p := r.progress
	p.File = e.report.Name
	p.Bytes = r.bytes.Load()
	r.opts.Progress(p)
}

// addProblem counts a failed record and keeps its message if there is
// room.
func addProblem(rep *FileReport, msg string) {
	rep.Failed++
	if len(rep.Problems) < MaxProblems {
		rep.Problems = append(rep.Problems, msg)
		return
	}
	rep.MoreProblems++
}

// problemText is "ref: field: message" for people: the sentinel's text
// ("invalid input") says nothing they can act on, so it is dropped.
func problemText(ref string, err error) string {
	var re *transcript.RecordError
	if errors.As(err, &re) {
		return re.Error()
	}
	msg := strings.TrimSuffix(err.Error(), ": "+rubrics.ErrInvalid.Error())
	if strings.HasPrefix(msg, ref) {
		return msg
	}
	return ref + ": " + msg
}

// guard wraps a file so the importer's reads count towards progress and
// stop at the size limit even when the file's Size was not known.
func (r *run) guard(f transcript.File) transcript.File {
	open := f.Open
	f.Open = func() (io.ReadCloser, error) {
		rc, err := open()
		if err != nil {
			return nil, err
		}
		return &guardedReader{rc: rc, left: r.limit, name: f.Name, limit: r.limit, n: &r.bytes}, nil
	}
	return f
}

// guardedReader counts bytes and fails once more than limit were read.
type guardedReader struct {
	rc    io.ReadCloser
	left  int64
	limit int64
	name  string
	n     *atomic.Int64
}

func (g *guardedReader) Read(p []byte) (int, error) {
	if g.left < 0 {
		return 0, fmt.Errorf("%s: file is larger than %s", g.name, sizeText(g.limit))
	}
	// Read one byte past the limit to tell "exactly the limit" from
	// "more".
	if int64(len(p)) > g.left+1 {
		p = p[:g.left+1]
	}
	n, err := g.rc.Read(p)
	g.left -= int64(n)
	g.n.Add(int64(n))
	if g.left < 0 {
		return n, fmt.Errorf("%s: file is larger than %s", g.name, sizeText(g.limit))
	}
	return n, err
}

func (g *guardedReader) Close() error { return g.rc.Close() }

// UnmappedAgent is an agent name from imported conversations that matches
// no account yet, with how many conversations wait for it.
type UnmappedAgent struct {
	Name          string
	Conversations int
}

// NormalizeAgentName is the form agent names are compared and stored as
// aliases in: trimmed, inner spaces collapsed, lower-cased.
func NormalizeAgentName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
