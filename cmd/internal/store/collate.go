package store

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"modernc.org/sqlite"
)

// Names of people, teams and rubrics sort in the Unicode Collation
// Algorithm's root order (CLDR, language.Und), not in byte order: "ánh"
// sorts with "Anh", "Đỗ" with "Do", lowercase with uppercase, and scripts
// in CLDR's script order (Latin, Greek, Cyrillic, Armenian, …, Thai, …).
// Root order is the one order that is right enough for every language at
// once; a per-viewer locale would need per-request collations.
//
// Every ORDER BY on a name goes through (*DB).byName, which appends the
// collation chosen once at Open:
//
//   - SQLite: "unicode", a Go collation over golang.org/x/text/collate
//     registered with the modernc driver (compareNames).
//   - PostgreSQL: ICU's root collation "und-x-icu" when the server was
//     built with ICU (Debian's and the official images are); otherwise
//     the database's default collation, with a warning in the log.
//
// The two agree on the names the tests use. They can differ in ties: the
// SQLite collation compares at secondary strength (letters and accents,
// not case or width), so "anh" and "Anh" are equal there and the id
// tie-break that every name ORDER BY carries decides, while ICU's default
// tertiary strength puts lowercase first. Both orders are total once the
// id is appended, so paging is stable on either database.
//
// Collated ORDER BYs cannot use a plain index on the name column; the
// lists they serve (users, teams, rubrics, facets) are small.

// sqliteCollation is the collation name registered with the SQLite driver.
const sqliteCollation = "unicode"

// pgCollation is PostgreSQL's ICU root collation.
const pgCollation = `"und-x-icu"`

// newNameCollator returns a root-order collator ignoring case and width
// differences (primary and secondary strength).
func newNameCollator() *collate.Collator {
	return collate.New(language.Und, collate.IgnoreCase, collate.IgnoreWidth)
}

// collators hands each concurrent comparison its own collator: a
// *collate.Collator keeps scratch buffers and is not safe for concurrent
// use, and SQLite calls the collation from every reader connection at
// once. BenchmarkCompareNames (sorting 10,000 names, 2 CPUs): serially a
// pool and a mutex around one collator cost the same (~40 ms per sort);
// with a sort per CPU the pool takes ~19 ms per sort and the mutex
// ~41-48 ms, since the mutex serialises every comparison.
var collators = sync.Pool{New: func() any { return newNameCollator() }}

// compareNames orders two names in root collation order; it is the SQLite
// "unicode" collation.
func compareNames(a, b string) int {
	c := collators.Get().(*collate.Collator)
	n := c.CompareString(a, b)
	collators.Put(c)
	return n
}

// registerSQLiteCollation registers the "unicode" collation with the
// modernc driver, once per process. This is the one mutable package-level
// state the store keeps, and it cannot be otherwise: like sql.Register,
// the driver's collation table is process-wide (registering the same name
// twice is an error), and every connection the driver opens afterwards
// gets the collation. The function is immutable after its first call.
var registerSQLiteCollation = sync.OnceValue(func() error {
	if err := sqlite.RegisterCollationUtf8(sqliteCollation, compareNames); err != nil {
		return fmt.Errorf("store: register sqlite collation %q: %w", sqliteCollation, err)
	}
	return nil
})

// detectPGCollation picks the collation for names on PostgreSQL: ICU's
// root collation when the server has it, the database default otherwise.
func (d *DB) detectPGCollation(ctx context.Context) error {
	var ok bool
	err := d.rSQL.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')`).Scan(&ok)
	if err != nil {
		return fmt.Errorf("store: open postgres: detect ICU collation: %w", err)
	}
	if ok {
		d.nameCollation = pgCollation
		return nil
	}
	d.log.WarnContext(ctx, "store: PostgreSQL has no ICU collation und-x-icu (server built without ICU); names sort in the database's default collation")
	return nil
}

// byName returns the ORDER BY expression that sorts column col (a name)
// in the store's name collation. Callers append their own tie-break.
func (d *DB) byName(col string) string {
	if d.nameCollation == "" {
		return col
	}
	return col + " COLLATE " + d.nameCollation
}
