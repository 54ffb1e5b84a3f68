// Package empathy detects expressed empathy in an agent's (or supporter's)
// reply, following the three EPITOME mechanisms of Sharma et al. (2020):
// emotional reactions, interpretations and explorations, plus apologies and
// formulaic ("generic") empathy that contact-centre rubrics treat separately.
//
// Detection is rule based and explainable: every contribution to a level is a
// Cue with a rune span in the response and a one-line reason, so a reviewer
// can see why a score was suggested. Cue lists are embedded at build time and
// compiled once at package init; Detect allocates little and never compiles
// patterns, because the AutoQA engine scores thousands of transcripts a second.
//
// The EPITOME Reddit data is used only to measure (EvalEPITOME); no phrases,
// rationales or weights are derived from it and none of it ships here.
package empathy
