package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/qascore/qascore/rubrics"
)

// maxRubricFile bounds an imported rubric file; real rubrics are a few
// kilobytes, so anything near this is a mistake, not a rubric.
const maxRubricFile = 1 << 20

// cmdRubric dispatches `qascore rubric <verb>`: list, export, import.
func cmdRubric(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("rubric: give a verb: list, export or import")
	}
	verb, args := args[0], args[1:]
	var id, versionNo *int
	var out, name *string
	var publish *bool
	switch verb {
	case "list":
	case "export":
	case "import":
	default:
		return usageError("rubric: unknown verb %q (list, export, import)", verb)
	}
	maxArgs := 0
	if verb == "import" {
		maxArgs = 1 // the file
	}
	rest, help, err := parseCommandArgs("rubric "+verb, &cfg, args, maxArgs, stdout, func(fs *flag.FlagSet) {
		switch verb {
		case "export":
			id = fs.Int("id", 0, "the rubric's id (see qascore rubric list)")
			versionNo = fs.Int("version", 0, "version number to export (default: the published version, else the latest)")
			out = fs.String("out", "", "write to this file instead of standard output")
		case "import":
			name = fs.String("name", "", "name for the imported rubric (default: the name in the file)")
			publish = fs.Bool("publish", false, "publish the imported version at once (it must be valid)")
		}
	})
	if help || err != nil {
		return err
	}
	var file string
	if len(rest) > 0 {
		file = rest[0]
	}
	if verb == "import" && file == "" {
		return usageError("rubric import: give the JSON file to import")
	}
	if verb == "export" && *id <= 0 {
		return usageError("rubric export: missing --id (see qascore rubric list)")
	}
	// Read and check the file before opening the database, so a bad file
	// leaves the database untouched.
	var imported rubrics.Rubric
	var importedVersion rubrics.Version
	if verb == "import" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("rubric import: %w", err)
		}
		imported, importedVersion, err = rubrics.Decode(f, maxRubricFile)
		f.Close()
		if err != nil {
			return fmt.Errorf("rubric import %s: %w", file, err)
		}
		if *name != "" {
			imported.Name = *name
		}
	}

	db, err := openStore(ctx, cfg, stderr, true)
	if err != nil {
		return err
	}
	defer db.Close()

	switch verb {
	case "list":
		list, err := db.ListRubrics(ctx, rubrics.ListFilter{})
		if err != nil {
			return fmt.Errorf("rubric list: %w", err)
		}
		if len(list) == 0 {
			fmt.Fprintln(stdout, "No rubrics yet. Import one with: qascore rubric import FILE")
			return nil
		}
		fmt.Fprintf(stdout, "%-5s %-10s %-8s %s\n", "ID", "PUBLISHED", "LATEST", "NAME")
		for _, s := range list {
			pub := "-"
			if s.Published != nil {
				pub = fmt.Sprintf("v%d", s.Published.Number)
			}
			fmt.Fprintf(stdout, "%-5d %-10s %-8s %s\n", s.ID, pub, fmt.Sprintf("v%d %s", s.Latest.Number, s.Latest.Status), s.Name)
		}
		return nil

	case "export":
		r, refs, err := db.Rubric(ctx, int64(*id))
		if err != nil {
			if errors.Is(err, rubrics.ErrNotFound) {
				return fmt.Errorf("rubric export: no rubric with id %d", *id)
			}
			return fmt.Errorf("rubric export: %w", err)
		}
		ref, ok := pickVersion(refs, *versionNo)
		if !ok {
			return fmt.Errorf("rubric export: rubric %d has no version %d", *id, *versionNo)
		}
		v, err := db.Version(ctx, ref.ID)
		if err != nil {
			return fmt.Errorf("rubric export: %w", err)
		}
		var buf bytes.Buffer
		if err := rubrics.Encode(&buf, r, v); err != nil {
			return fmt.Errorf("rubric export: %w", err)
		}
		if *out == "" {
			_, err = stdout.Write(buf.Bytes())
			return err
		}
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("rubric export: %w", err)
		}
		fmt.Fprintf(stdout, "Wrote %s version %d to %s.\n", r.Name, v.Number, *out)
		return nil
	}

	// import
	if *publish {
		// Check before writing, so an invalid file with --publish writes
		// nothing instead of leaving a draft behind.
		if err := importedVersion.Validate(); err != nil {
			return fmt.Errorf("rubric import %s: cannot publish: %w", file, err)
		}
	}
	if err := db.CreateRubric(ctx, &imported, &importedVersion, cliActor); err != nil {
		if errors.Is(err, rubrics.ErrConflict) {
			return fmt.Errorf("rubric import %s: a rubric named %q already exists; choose another with --name", file, imported.Name)
		}
		return fmt.Errorf("rubric import %s: %w", file, err)
	}
	state := "as a draft"
	if *publish {
		if _, err := db.PublishVersion(ctx, importedVersion.ID, importedVersion.Revision, cliActor); err != nil {
			return fmt.Errorf("rubric import %s: publish: %w", file, err)
		}
		state = "and published it"
	}
	fmt.Fprintf(stdout, "Imported %q (id %d) %s.\n", imported.Name, imported.ID, state)
	return nil
}

// pickVersion chooses the version to export: the numbered one, else the
// published one, else the newest (refs are newest first).
func pickVersion(refs []rubrics.VersionRef, number int) (rubrics.VersionRef, bool) {
	if len(refs) == 0 {
		return rubrics.VersionRef{}, false
	}
	for _, r := range refs {
		if (number > 0 && r.Number == number) || (number == 0 && r.Status == rubrics.StatusPublished) {
			return r, true
		}
	}
	if number > 0 {
		return rubrics.VersionRef{}, false
	}
	return refs[0], true
}
