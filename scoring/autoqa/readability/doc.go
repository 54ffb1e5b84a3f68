// Package readability is the measurable half of the Clarity criterion of
// AutoQA: sentence and word statistics, Flesch–Kincaid grade, a syllable
// counter, a jargon/wordy-phrase finder with plainer alternatives, a finder
// for "checks for understanding", and a difficulty score used to order texts.
//
// Everything is deterministic, offline and stdlib-only so that a score can be
// explained and reproduced. All text positions are rune offsets [Start, End)
// within the analysed text, never byte offsets, so that spans stay valid for
// any script (Thai, Armenian, Vietnamese, emoji).
//
// The phrase lists (jargon.txt, checks.txt) are embedded and were written for
// qascore; no third-party list is shipped. GradeDifficulty is evaluated, not
// trained, on the OneStopEnglish corpus (CC BY-SA 4.0), which is read from
// the shared data folder at test time and never copied:
//
//	go test ./scoring/autoqa/readability -run TestEvalOneStopEnglish -v
package readability
