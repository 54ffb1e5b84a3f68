package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// ErrSchemaTooNew means the database was migrated by a newer binary than
// this one; running would risk misreading or corrupting data, so Open
// refuses.
var ErrSchemaTooNew = errors.New("database schema is newer than this binary")

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// gooseTable is goose's default version table name.
const gooseTable = "goose_db_version"

func (d *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrationFiles, "migrations/"+d.dialect)
	if err != nil {
		return nil, err
	}
	gd := goose.DialectSQLite3
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithSlog(d.log)}
	if d.dialect == DialectPostgres {
		gd = goose.DialectPostgres
		// Several replicas may start at once; an advisory lock lets one
		// migrate while the others wait.
		l, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(l))
	}
	return goose.NewProvider(gd, d.wSQL, sub, opts...)
}

// SchemaVersion returns the database's migration version (0 when never
// migrated) and the newest version embedded in this binary.
func (d *DB) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := d.provider()
	if err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", err)
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	// Read the version table directly rather than through goose, which
	// would create the table: looking must not change the database.
	var exists bool
	q := "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?"
	if d.dialect == DialectPostgres {
		q = "SELECT to_regclass(?) IS NOT NULL"
	}
	if err := d.wSQL.QueryRowContext(ctx, rebind(d.dialect, q), gooseTable).Scan(&exists); err != nil {
		return 0, latest, fmt.Errorf("store: schema version: %w", err)
	}
	if !exists {
		return 0, latest, nil
	}
	var v *int64
	if err := d.wSQL.QueryRowContext(ctx, "SELECT MAX(version_id) FROM "+gooseTable).Scan(&v); err != nil {
		return 0, latest, fmt.Errorf("store: schema version: %w", err)
	}
	if v != nil {
		current = *v
	}
	return current, latest, nil
}

func (d *DB) checkSchemaNotNewer(ctx context.Context) error {
	current, latest, err := d.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current > latest {
		return fmt.Errorf("store: database is at migration %d but this binary knows only up to %d (upgrade qascore): %w",
			current, latest, ErrSchemaTooNew)
	}
	return nil
}

// Migrate applies every pending migration. It refuses (ErrSchemaTooNew)
// when the database is ahead of this binary.
func (d *DB) Migrate(ctx context.Context) error {
	if err := d.checkSchemaNotNewer(ctx); err != nil {
		return err
	}
	p, err := d.provider()
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range res {
		d.log.InfoContext(ctx, "store: migration applied", "version", r.Source.Version, "duration", r.Duration)
	}
	return nil
}

// rebind turns ? placeholders into $n for PostgreSQL in the few raw
// database/sql statements that bypass gorm.
func rebind(dialect, q string) string {
	if dialect != DialectPostgres {
		return q
	}
	out := make([]byte, 0, len(q)+8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = fmt.Appendf(out, "$%d", n)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}
