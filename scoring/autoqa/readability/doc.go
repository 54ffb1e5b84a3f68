// Package readability is the measurable half of the Clarity criterion of
// AutoQA: sentence and word statistics, Flesch–Kincaid grade, a syllable
// counter, a jargon/wordy-phrase finder with plainer alternatives, a finder
// for "checks for understanding", and a difficulty score used to order texts.
//
// Everything is deterministic, offline and stdlib-only so that a score can be
// explained and reproduced. All text positions are rune offsets [Start, End)
// within the analysed text, never byte offsets, so that spans stay valid for
// any script (Thai, Armenian, Vietnamese, emoji).
package readability
