// Package store is the database adapter: it implements the consumer
// interfaces of the web layer (users, teams, interactions, rubrics,
// readiness) and the scs session store on SQLite or PostgreSQL, and stores
// reviews.
//
// It is the only package that imports gorm and the database drivers.
// Domain types cross its boundary untouched; gorm-tagged row structs stay
// private and are converted with toXRow/fromXRow. Driver errors are
// translated into the domain sentinels (rubrics.ErrNotFound, ErrConflict,
// ErrInvalid) here, so no caller ever inspects a driver error.
//
// The schema is managed by goose migrations embedded per dialect
// (migrations/sqlite, migrations/postgres); gorm's AutoMigrate is never
// used, so the schema in production is exactly the one that was reviewed.
//
// Rules that protect history are enforced by the database as well as by
// this package: the audit log is append-only, and a published or archived
// rubric version is frozen (triggers refuse changes to its content and any
// status change other than published → archived), so no code path or
// hand-typed statement can alter what past reviews were scored against.
package store
