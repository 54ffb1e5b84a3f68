package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	// The pure-Go SQLite driver, registered as "sqlite"; it keeps the
	// binary buildable with CGO_ENABLED=0.
	_ "modernc.org/sqlite"
)

// Dialect names returned by (*DB).Dialect.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// Options tune Open.
type Options struct {
	// Logger receives the store's diagnostics (SQL at debug level). Nil
	// discards them; SQL is never written to stdout.
	Logger *slog.Logger
	// Migrate applies pending migrations during Open.
	Migrate bool
}

// DB is an open database. It is safe for concurrent use. On SQLite it
// holds two pools: one writer connection (SQLite allows one writer at a
// time, and a single connection turns lock contention into queueing
// instead of SQLITE_BUSY) and a read-only pool for everything else. On
// PostgreSQL both roles share one pool.
type DB struct {
	dialect string
	log     *slog.Logger
	// w runs writes and transactions, r runs plain reads.
	w, r       *gorm.DB
	wSQL, rSQL *sql.DB
	stmts      atomic.Int64
	// nameCollation is the COLLATE clause for ORDER BYs on names, chosen
	// at Open (see byName); empty means the database default.
	nameCollation string
}

// Open connects to the database named by dsn: a file path or file: URI
// for SQLite, a postgres:// or postgresql:// URL for PostgreSQL. With
// opts.Migrate it applies pending migrations. It fails with an error
// wrapping ErrSchemaTooNew when the database was migrated by a newer
// binary.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d := &DB{log: log}
	var err error
	switch kind, perr := dsnKind(dsn); {
	case perr != nil:
		return nil, perr
	case kind == DialectSQLite:
		err = d.openSQLite(ctx, dsn)
	default:
		err = d.openPostgres(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	if opts.Migrate {
		err = d.Migrate(ctx)
	} else {
		err = d.checkSchemaNotNewer(ctx)
	}
	if err != nil {
		_ = d.Close()
		return nil, err
	}
	return d, nil
}

// dsnKind tells SQLite from PostgreSQL DSNs and rejects everything else
// before anything touches the disk or network.
func dsnKind(dsn string) (string, error) {
	s := strings.TrimSpace(dsn)
	switch {
	case s == "":
		return "", errors.New("store: open: empty database DSN (want a file path, a file: URI or a postgres:// URL)")
	case strings.HasPrefix(s, "postgres://"), strings.HasPrefix(s, "postgresql://"):
		return DialectPostgres, nil
	case strings.HasPrefix(s, "file:"):
		return DialectSQLite, nil
	case strings.Contains(s, "://"):
		scheme, _, _ := strings.Cut(s, "://")
		return "", fmt.Errorf("store: open: unsupported database scheme %q (want a file path, a file: URI or a postgres:// URL)", scheme)
	}
	return DialectSQLite, nil
}

// sqliteDSNs builds the writer and reader DSNs from what the user gave,
// adding the pragmas the design requires unless the DSN already sets them.
func sqliteDSNs(dsn string) (writer, reader string, err error) {
	s := strings.TrimPrefix(strings.TrimSpace(dsn), "file:")
	path, rawQuery, _ := strings.Cut(s, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", "", fmt.Errorf("store: open: bad SQLite DSN parameters: %v", err)
	}
	if path == "" {
		return "", "", errors.New("store: open: SQLite DSN has no file path")
	}
	if path == ":memory:" || q.Get("mode") == "memory" {
		// Two pools on an in-memory database would be two different
		// databases; refuse instead of silently losing writes.
		return "", "", errors.New("store: open: in-memory SQLite is not supported (the store opens a writer and a reader pool); use a file in a temporary directory")
	}
	has := func(name string) bool {
		for _, p := range q["_pragma"] {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(p)), name) {
				return true
			}
		}
		return false
	}
	for _, p := range []struct{ name, value string }{
		{"busy_timeout", "busy_timeout(5000)"},
		{"journal_mode", "journal_mode(WAL)"},
		{"foreign_keys", "foreign_keys(1)"},
		{"synchronous", "synchronous(NORMAL)"},
	} {
		if !has(p.name) {
			q.Add("_pragma", p.value)
		}
	}
	if q.Get("_txlock") == "" {
		q.Set("_txlock", "immediate")
	}
	// One fixed text layout for times: UTC values in it sort as text in
	// time order, which the list's ORDER BY and range filters rely on.
	if q.Get("_time_format") == "" {
		q.Set("_time_format", "sqlite")
	}
	writer = "file:" + path + "?" + q.Encode()

	// The reader never writes: query_only makes an accidental write fail
	// loudly, and it needs neither the write lock nor journal changes.
	rq := url.Values{}
	for k, vs := range q {
		if k == "_txlock" || k == "_pragma" {
			continue
		}
		rq[k] = vs
	}
	for _, p := range q["_pragma"] {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(p)), "journal_mode") {
			continue
		}
		rq.Add("_pragma", p)
	}
	rq.Add("_pragma", "query_only(1)")
	reader = "file:" + path + "?" + rq.Encode()
	return writer, reader, nil
}

func (d *DB) openSQLite(ctx context.Context, dsn string) error {
	d.dialect = DialectSQLite
	wdsn, rdsn, err := sqliteDSNs(dsn)
	if err != nil {
		return err
	}
	// Before the first connection: the driver hands registered
	// collations only to connections it opens afterwards.
	if err := registerSQLiteCollation(); err != nil {
		return err
	}
	d.nameCollation = sqliteCollation
	w, err := sql.Open("sqlite", wdsn)
	if err != nil {
		return fmt.Errorf("store: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		_ = w.Close()
		return fmt.Errorf("store: open sqlite %s: %w", sqlitePath(dsn), err)
	}
	// Open the reader only after the writer has switched the file to WAL,
	// so readers never run in rollback-journal mode.
	r, err := sql.Open("sqlite", rdsn)
	if err != nil {
		_ = w.Close()
		return fmt.Errorf("store: open sqlite reader: %w", err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxIdleTime(5 * time.Minute)
	if err := r.PingContext(ctx); err != nil {
		_ = w.Close()
		_ = r.Close()
		return fmt.Errorf("store: open sqlite reader %s: %w", sqlitePath(dsn), err)
	}
	d.wSQL, d.rSQL = w, r
	if d.w, err = gorm.Open(sqlite.New(sqlite.Config{DriverName: "sqlite", Conn: w}), d.gormConfig()); err != nil {
		_ = d.Close()
		return fmt.Errorf("store: open sqlite: %w", err)
	}
	if d.r, err = gorm.Open(sqlite.New(sqlite.Config{DriverName: "sqlite", Conn: r}), d.gormConfig()); err != nil {
		_ = d.Close()
		return fmt.Errorf("store: open sqlite: %w", err)
	}
	return errors.Join(d.countStatements(d.w), d.countStatements(d.r))
}

// sqlitePath names the database file in errors without its parameters.
func sqlitePath(dsn string) string {
	p, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(dsn), "file:"), "?")
	return fmt.Sprintf("%q", p)
}

func (d *DB) openPostgres(ctx context.Context, dsn string) error {
	d.dialect = DialectPostgres
	cfg, err := pgx.ParseConfig(strings.TrimSpace(dsn))
	if err != nil {
		// pgx redacts passwords in its parse errors; do not echo the DSN.
		return fmt.Errorf("store: open: invalid postgres URL: %v", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(25)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return fmt.Errorf("store: open postgres %s:%d/%s: %w", cfg.Host, cfg.Port, cfg.Database, err)
	}
	d.wSQL, d.rSQL = db, db
	if err := d.detectPGCollation(ctx); err != nil {
		_ = db.Close()
		return err
	}
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: db}), d.gormConfig())
	if err != nil {
		_ = db.Close()
		return fmt.Errorf("store: open postgres: %w", err)
	}
	d.w, d.r = g, g
	return d.countStatements(g)
}

func (d *DB) gormConfig() *gorm.Config {
	return &gorm.Config{
		Logger: slogGormLogger{log: d.log},
		// Every time the store writes is UTC at microsecond precision,
		// the finest both SQLite text and PostgreSQL timestamptz keep, so
		// values read back equal the ones written.
		NowFunc:                func() time.Time { return utcMicro(time.Now()) },
		SkipDefaultTransaction: true,
		// Row structs only; no gorm relationship magic.
		DisableForeignKeyConstraintWhenMigrating: true,
	}
}

// countStatements registers callbacks that count every statement gorm
// runs, so benchmarks and tests can assert query counts (no N+1).
func (d *DB) countStatements(g *gorm.DB) error {
	inc := func(*gorm.DB) { d.stmts.Add(1) }
	cb := g.Callback()
	return errors.Join(
		cb.Create().After("gorm:create").Register("qa:count", inc),
		cb.Query().After("gorm:query").Register("qa:count", inc),
		cb.Update().After("gorm:update").Register("qa:count", inc),
		cb.Delete().After("gorm:delete").Register("qa:count", inc),
		cb.Row().After("gorm:row").Register("qa:count", inc),
		cb.Raw().After("gorm:raw").Register("qa:count", inc),
	)
}

// Statements returns how many SQL statements the store has run through
// gorm since Open (migrations excluded).
func (d *DB) Statements() int64 { return d.stmts.Load() }

// Dialect returns "sqlite" or "postgres".
func (d *DB) Dialect() string { return d.dialect }

// Ping checks that the database answers, for readiness probes.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.rSQL.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	if d.wSQL != d.rSQL {
		if err := d.wSQL.PingContext(ctx); err != nil {
			return fmt.Errorf("store: ping writer: %w", err)
		}
	}
	return nil
}

// Pools returns the connection pools by role, for metrics: "writer" and
// "reader" on SQLite, one shared pool named "db" on Postgres. The pools
// belong to the DB; callers only read their statistics.
func (d *DB) Pools() map[string]*sql.DB {
	if d.rSQL == d.wSQL {
		return map[string]*sql.DB{"db": d.wSQL}
	}
	return map[string]*sql.DB{"writer": d.wSQL, "reader": d.rSQL}
}

// Close closes the connection pools.
func (d *DB) Close() error {
	var errs []error
	if d.rSQL != nil && d.rSQL != d.wSQL {
		errs = append(errs, d.rSQL.Close())
	}
	if d.wSQL != nil {
		errs = append(errs, d.wSQL.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// utcMicro normalises a time for storage: UTC, microseconds, no monotonic
// reading.
func utcMicro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// slogGormLogger sends gorm's trace output to slog at debug level, so SQL
// never reaches stdout and production logs stay quiet.
type slogGormLogger struct{ log *slog.Logger }

func (l slogGormLogger) LogMode(logger.LogLevel) logger.Interface { return l }
func (l slogGormLogger) Info(ctx context.Context, msg string, args ...any) {
	l.log.DebugContext(ctx, fmt.Sprintf(msg, args...))
}
func (l slogGormLogger) Warn(ctx context.Context, msg string, args ...any) {
	l.log.DebugContext(ctx, fmt.Sprintf(msg, args...))
}
func (l slogGormLogger) Error(ctx context.Context, msg string, args ...any) {
	l.log.DebugContext(ctx, fmt.Sprintf(msg, args...))
}
func (l slogGormLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if !l.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	sqlText, rows := fc()
	attrs := []any{slog.String("sql", sqlText), slog.Int64("rows", rows), slog.Duration("elapsed", time.Since(begin))}
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		attrs = append(attrs, slog.String("err", err.Error()))
	}
	l.log.DebugContext(ctx, "store: sql", attrs...)
}

// Optimize refreshes the query planner's statistics: PRAGMA optimize on
// SQLite (which analyses only tables whose statistics are stale) and
// ANALYZE on PostgreSQL. Run it after bulk imports and periodically (e.g.
// daily); without statistics SQLite may choose a poor index for combined
// filters.
func (d *DB) Optimize(ctx context.Context) error {
	q := "PRAGMA optimize=0x10002"
	if d.dialect == DialectPostgres {
		q = "ANALYZE"
	}
	if err := d.w.WithContext(ctx).Exec(q).Error; err != nil {
		return fmt.Errorf("store: optimize: %w", err)
	}
	return nil
}
