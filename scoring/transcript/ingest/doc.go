// Package ingest turns uploaded or named files into stored conversations:
// it picks each file's format, streams its records through the importer,
// redacts turn text, maps agents to accounts, validates, and writes in
// batches, reporting per file what was imported, what was already there
// and what failed and why.
//
// It is shared by the CLI (qascore import) and the browser upload, so both
// follow the same rules. It is plain Go: storage is reached through the
// consumer-side Store interface, which cmd/internal/store implements.
package ingest
