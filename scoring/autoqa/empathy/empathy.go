package empathy

// Cue is one piece of evidence for empathy found in the response.
type Cue struct {
	Start, End int    // rune offsets within the response text
	Kind       string // "reaction", "interpretation", "exploration", "apology" or "generic"
	Reason     string // one line for people
}

// Result is the empathy assessment of one response.
type Result struct {
	Reaction, Interpretation, Exploration int // EPITOME-style level 0 none, 1 weak, 2 strong
	Cues                                  []Cue
	Generic                               bool // only formulaic empathy was found
}

// Detect assesses the empathy expressed in response, given the seeker's
// (customer's) preceding words, which may be empty. lang is "en", "vi" or
// "ms"; any other language yields the zero Result because we would rather say
// nothing than guess.
func Detect(lang, seeker, response string) Result {
	return Result{}
}
