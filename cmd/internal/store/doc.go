// Package store is the database adapter: it implements the consumer
// interfaces of the web layer (users, teams, interactions, readiness) and
// the scs session store on SQLite or PostgreSQL.
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
package store
