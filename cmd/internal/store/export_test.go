package store

// CompareNames exposes the SQLite name collation to the external tests
// and benchmarks.
var CompareNames = compareNames
