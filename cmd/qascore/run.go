package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// errUsage marks errors caused by how the command was called; they exit
// with status 2 like the flag package's own errors.
var errUsage = errors.New("usage")

// usageError builds an errUsage error with a message for the user.
func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

const usageText = `qascore: contact-center QA scoring and coaching

Usage:
  qascore serve [flags]                      serve the web app (migrates first)
  qascore migrate [flags]                    apply pending database migrations
  qascore user add --email E --name N --role R [--password-stdin]
  qascore user set-role --email E --role R   change a role (ends their sessions)
  qascore user disable --email E             disable a user (ends their sessions)
  qascore user enable --email E              enable a disabled user
  qascore rubric list                        list rubrics and their versions
  qascore rubric export --id N [--version V] [--out FILE]
  qascore rubric import [--name N] [--publish] FILE
  qascore import [--format F] [--no-redact] FILE…   import conversations
  qascore autoqa [--format F] [--json] FILE…        suggest AutoQA ratings with evidence (offline)
  qascore eval autoqa [--data DIR]           AutoQA accuracy on the public evaluation sets
  qascore seed --demo                        load the demo workspace
  qascore config                             print the effective configuration
  qascore version                            print the version

Flags common to every command that touches the database:
  --db DSN  --addr HOST:PORT  --demo  --cookie-secure  --log-format text|json
Each flag overrides its QA_* environment variable (see qascore config).
`

// run is the whole program. main only calls it, so tests can drive every
// subcommand in-process with their own arguments, environment and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return usageError("no command given (try qascore serve)")
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, cfg, rest, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, cfg, rest, stdout, stderr)
	case "user":
		return cmdUser(ctx, cfg, rest, stdin, stdout, stderr)
	case "seed":
		return cmdSeed(ctx, cfg, rest, stdout, stderr)
	case "rubric":
		return cmdRubric(ctx, cfg, rest, stdout, stderr)
	case "import":
		return cmdImport(ctx, cfg, rest, stdout, stderr)
	case "autoqa":
		return cmdAutoQA(ctx, rest, stdout, stderr)
	case "eval":
		return cmdEval(rest, getenv, stdout)
	case "config":
		return cmdConfig(cfg, rest, stdout)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "qascore %s\n", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageText)
		return nil
	}
	return usageError("unknown command %q (commands: serve, migrate, user, rubric, import, autoqa, eval, seed, config, version)", cmd)
}

// parseCommand is every subcommand's preamble: the common flags plus
// extra ones (may be nil), parsed quietly, then the resulting config
// validated. help is true when -h was asked for and usage was printed.
func parseCommand(name string, cfg *config, args []string, stdout io.Writer, extra func(*flag.FlagSet)) (help bool, err error) {
	_, help, err = parseCommandArgs(name, cfg, args, 0, stdout, extra)
	return help, err
}

// parseCommandArgs is parseCommand for commands that take up to maxArgs
// positional arguments after their flags, which it returns.
func parseCommandArgs(name string, cfg *config, args []string, maxArgs int, stdout io.Writer, extra func(*flag.FlagSet)) (rest []string, help bool, err error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfg.bind(fs)
	if extra != nil {
		extra(fs)
	}
	if help, err := parseFlags(fs, args, maxArgs, stdout); help || err != nil {
		return nil, help, err
	}
	return fs.Args(), false, cfg.validate()
}

// parseFlags parses a subcommand's flags quietly: the flag package would
// print the whole usage on every typo, but a bad flag deserves one line.
func parseFlags(fs *flag.FlagSet, args []string, maxArgs int, stdout io.Writer) (help bool, err error) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return true, nil
		}
		return false, usageError("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > maxArgs {
		extra := fs.Arg(maxArgs)
		if strings.HasPrefix(extra, "-") {
			return false, usageError("%s: flags go before arguments: move %q before them", fs.Name(), extra)
		}
		return false, usageError("%s: unexpected argument %q", fs.Name(), extra)
	}
	return false, nil
}

// newLogger builds the process logger: JSON for log shippers in
// production, text for people at a terminal.
func newLogger(cfg config, w io.Writer) *slog.Logger {
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// cmdConfig prints the effective configuration with secrets masked.
func cmdConfig(cfg config, args []string, stdout io.Writer) error {
	if help, err := parseCommand("config", &cfg, args, stdout, nil); help || err != nil {
		return err
	}
	rows := []struct{ k, v string }{
		{"QA_ADDR", cfg.Addr},
		{"QA_DB", maskedDB(cfg.DB)},
		{"QA_DEMO", fmt.Sprint(cfg.Demo)},
		{"QA_COOKIE_SECURE", fmt.Sprint(cfg.CookieSecure)},
		{"QA_LOG_FORMAT", cfg.LogFormat},
		{"QA_METRICS_ADDR", cmp.Or(cfg.MetricsAddr, "(none)")},
	}
	for _, r := range rows {
		fmt.Fprintf(stdout, "%-17s %s\n", r.k, r.v)
	}
	return nil
}

// signalContext is cancelled on SIGINT or SIGTERM so serve can shut down
// gracefully: stop accepting, finish in-flight requests, close the DB.
func signalContext() context.Context {
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	return ctx
}

// exitCode prints err as one line and picks the exit status: 2 for usage
// mistakes, 1 for everything else.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	msg := err.Error()
	msg = strings.TrimPrefix(msg, errUsage.Error()+": ")
	fmt.Fprintf(stderr, "qascore: %s\n", strings.ReplaceAll(msg, "\n", " "))
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}
