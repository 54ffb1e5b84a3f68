// Package autoqa is the offline pre-scorer: it reads one transcript.Interaction
// and suggests a 1–5 rating for each criterion of the default rubric
// (clarity, patience, empathy, positive language), each with a confidence,
// the signals that produced it and evidence spans — turn id plus rune
// offsets — with a one-line reason a grader can check against the words.
//
// It is pure Go, has no network access and no package-level mutable state;
// lexicons live in the subpackages (sentiment, readability, positive,
// empathy), embedded at build time. The same input always gives the same
// Result, so a suggestion can be reproduced and disputed.
//
// Language comes first: DetectLanguage reads scripts and stop words. English
// is scored on every criterion; Vietnamese and Malay on empathy and positive
// language, and on patience when the call has timestamps (timing does not
// depend on words). Everything else is reported as "not scored" rather than
// guessed at, because a confident wrong score does more harm to an agent
// than no score.
//
// AutoQA suggestions (AQS) are kept apart from human review scores and are
// never mixed into IQS.
package autoqa
