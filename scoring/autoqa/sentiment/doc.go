// Package sentiment is AutoQA's offline valence scorer: a faithful,
// allocation-light port of VADER (Hutto & Gilbert, ICWSM 2014) on the
// MIT-licensed VADER lexicon, plus small hand-written lexicons for
// Vietnamese and Malay that run through the same rules.
//
// It exists so the AutoQA engine can explain empathy and positive-language
// pre-scores with word-level valence that a reviewer can check, without a
// model download, cgo or network access. An Analyzer is built once per
// language by New and is immutable afterwards, so one instance can be shared
// by every goroutine.
package sentiment
