package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/qascore/qascore/cmd/internal/store"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/scoring/transcript/ingest"
	"github.com/qascore/qascore/scoring/transcript/redact"
	"github.com/qascore/qascore/views"
)

// errImportFailed says some files or conversations were not imported; the
// details were already printed, one line each.
var errImportFailed = errors.New("import: some files or conversations could not be imported (see the lines above)")

// cliMaxFileBytes is the CLI's file size limit. The browser's 10 MiB
// bounds what one request may hold; the CLI streams from disk with at
// most one batch in memory, so it takes the big exports that are too
// large to upload.
const cliMaxFileBytes = 4 << 30

// maxListedAgents bounds the unmapped agent names in the summary line.
const maxListedAgents = 10

// cmdImport imports conversation files: qascore import [--format F]
// [--no-redact] FILE…. Every file is checked to exist before the database
// is touched. Per-file results go to stdout, problems to stderr; the exit
// status is 1 when anything failed.
func cmdImport(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	var format, agent *string
	var noRedact *bool
	rest, help, err := parseCommandArgs("import", &cfg, args, math.MaxInt, stdout, func(fs *flag.FlagSet) {
		format = fs.String("format", "", "format of every file (default: detected per file): "+formatNames())
		noRedact = fs.Bool("no-redact", false, "store turn text as it is, without masking emails, card and phone numbers")
		agent = fs.String("agent", "", "email of the agent account for conversations that name no agent (e.g. ABCD chats)")
	})
	if help || err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError("import: give one or more files to import")
	}
	for _, a := range rest {
		if strings.HasPrefix(a, "-") {
			return usageError("import: flags go before the files: move %q before them", a)
		}
	}
	if *format != "" {
		if _, err := transcript.ImporterFor(transcript.Format(*format)); err != nil {
			return usageError("import: --format: %v", err)
		}
	}
	files, missing := importFiles(rest)
	if len(missing) > 0 {
		for _, m := range missing {
			fmt.Fprintf(stderr, "qascore: import: %s\n", m)
		}
		return fmt.Errorf("import: %d of %d files cannot be read; nothing was imported", len(missing), len(rest))
	}

	db, err := openStore(ctx, cfg, stderr, true)
	if err != nil {
		return err
	}
	defer db.Close()

	opts := ingest.Options{Format: transcript.Format(*format)}
	if *agent != "" {
		u, err := db.UserByEmail(ctx, *agent)
		switch {
		case errors.Is(err, rubrics.ErrNotFound):
			return fmt.Errorf("import: --agent %s: no account with that email; nothing was imported", *agent)
		case err != nil:
			return fmt.Errorf("import: --agent: %w", err)
		case u.Role != coaching.RoleAgent || u.Disabled:
			return fmt.Errorf("import: --agent %s: %s is not an active agent account; nothing was imported", *agent, u.Name)
		}
		opts.DefaultAgentID = u.ID
	}

	svc := &ingest.Service{Store: db, Redact: !*noRedact, MaxFileBytes: cliMaxFileBytes}
	if svc.Redact {
		svc.Redactor = newRedactor()
	}
	bar := progressBar(stderr, files)
	if bar != nil {
		opts.Progress = func(p ingest.Progress) { _ = bar.Set64(p.Bytes) }
	}
	rep, err := svc.Import(ctx, files, opts)
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(stderr)
	}
	printImportReport(rep, stdout, stderr)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if rep.Imported > 0 {
		// Fresh statistics keep the list's combined filters on the right
		// index after a bulk load.
		if err := db.Optimize(ctx); err != nil {
			fmt.Fprintf(stderr, "qascore: import: %v\n", err)
		}
	}
	if !rep.OK() {
		return errImportFailed
	}
	return nil
}

// newRedactor adapts the redactor to ingest: the text only, without the
// list of matches.
func newRedactor() func(string) string {
	r := redact.New()
	return func(s string) string { out, _ := r.Redact(s); return out }
}

// webImports is the web layer's Imports: the import service, always
// redacting, plus the store's agent mapping.
type webImports struct {
	*ingest.Service
	*store.DB
}

var _ views.Imports = webImports{}

// newWebImports wires browser uploads to db with the per-file limit of
// ingest.DefaultMaxFileBytes.
func newWebImports(db *store.DB) webImports {
	return webImports{Service: &ingest.Service{Store: db, Redact: true, Redactor: newRedactor()}, DB: db}
}

// importFiles turns paths into files, listing those that do not exist or
// are not regular files.
func importFiles(paths []string) (files []transcript.File, missing []string) {
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
			missing = append(missing, p+": no such file")
			continue
		case err != nil:
			missing = append(missing, fmt.Sprintf("%s: %v", p, err))
			continue
		case !st.Mode().IsRegular():
			missing = append(missing, p+": not a regular file")
			continue
		}
		path := p
		files = append(files, transcript.File{Name: p, Size: st.Size(), Open: func() (io.ReadCloser, error) { return os.Open(path) }})
	}
	return files, missing
}

// progressBar returns a bar over the files' bytes on stderr, or nil when
// stderr is not a terminal (logs and pipes get only the summary).
func progressBar(stderr io.Writer, files []transcript.File) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var total int64
	for _, file := range files {
		total += file.Size
	}
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("Importing"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// printImportReport writes one line per file to stdout, every problem to
// stderr (one line each), and the summary line.
func printImportReport(rep ingest.Report, stdout, stderr io.Writer) {
	for _, f := range rep.Files {
		if f.Error != "" {
			fmt.Fprintf(stdout, "%s: not imported\n", f.Name)
			fmt.Fprintf(stderr, "qascore: import: %s\n", f.Error)
			continue
		}
		fmt.Fprintf(stdout, "%s (%s): %s imported, %s already there, %s failed\n",
			f.Name, f.Format, thousands(f.Imported), thousands(f.AlreadyThere), thousands(f.Failed))
		for _, p := range f.Problems {
			fmt.Fprintf(stderr, "qascore: import: %s\n", strings.ReplaceAll(p, "\n", " "))
		}
		if f.MoreProblems > 0 {
			fmt.Fprintf(stderr, "qascore: import: %s: %s more problems not shown\n", f.Name, thousands(f.MoreProblems))
		}
	}
	fmt.Fprintln(stdout, importSummary(rep))
}

// importSummary is the last line: "Imported 9,812 conversations, 188
// already there, 0 failed from 3 files; 2 agents need mapping: A, B".
func importSummary(rep ingest.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Imported %s %s, %s already there, %s failed from %s",
		thousands(rep.Imported), plural(rep.Imported, "conversation", "conversations"),
		thousands(rep.AlreadyThere), thousands(rep.Failed),
		plural(len(rep.Files), "1 file", thousands(len(rep.Files))+" files"))
	if rep.FilesFailed > 0 {
		fmt.Fprintf(&b, " (%s not readable)", plural(rep.FilesFailed, "1 file", thousands(rep.FilesFailed)+" files"))
	}
	if n := len(rep.UnmappedAgents); n > 0 {
		names := rep.UnmappedAgents[:min(n, maxListedAgents)]
		fmt.Fprintf(&b, "; %s mapping: %s", plural(n, "1 agent needs", thousands(n)+" agents need"), strings.Join(names, ", "))
		if n > maxListedAgents {
			fmt.Fprintf(&b, " and %s more", thousands(n-maxListedAgents))
		}
		b.WriteString(" (map them at /imports/agents)")
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// thousands writes n with comma separators: 9812 → "9,812".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatNames lists the format names --format accepts.
func formatNames() string {
	var names []string
	for _, im := range transcript.Importers() {
		names = append(names, string(im.Format()))
	}
	return strings.Join(names, ", ")
}
