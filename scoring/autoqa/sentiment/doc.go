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
//
// English follows vaderSentiment 3.3.2 rule for rule (lexicon valence,
// boosters and dampeners, negation up to three words back including "n't",
// "no", "least", "but" clauses, ALL-CAPS emphasis in mixed-case text, "!"
// and "?" amplification, special-case idioms, emoji via their descriptions,
// normalisation with alpha 15). Two of the reference's slips are not
// copied: its "but" weighting looks sentiments up by value, and its
// "never so" test binds "or" too loosely; both follow the evident intent,
// as github.com/jonreiter/govader does. Scores are not rounded.
//
// Vietnamese and Malay use the same rules with their own negators,
// boosters and contrast words, match multi-word entries greedily (longest
// first), and also honour intensifiers that follow the word ("tốt lắm",
// "bagus sekali"). Vietnamese input is expected in NFC, as typed on
// current keyboards; autoqa.Engine composes decomposed text before it gets
// here and maps evidence back to the caller's offsets.
//
// Accuracy is measured on VADER's own human-rated corpora with EvalVADER:
//
//	go test ./scoring/autoqa/sentiment -run TestEvalVADER -v
//	go test ./scoring/autoqa/sentiment -run XXX -bench BenchmarkSentiment
package sentiment
