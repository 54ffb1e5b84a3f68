package readability_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/scoring/autoqa/readability"
)

// spanText slices text by rune offsets, the way evidence spans are shown.
func spanText(text string, m readability.Match) string {
	return string([]rune(text)[m.Start:m.End])
}

func TestFindJargon(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // matched text, in order
		plain      []string
		kind       []string
	}{
		{"escalate", "I will escalate this to tier 2.", []string{"escalate", "tier 2"}, []string{"pass to a specialist", "specialist team"}, []string{"jargon", "jargon"}},
		{"case-insensitive", "Your PPPoE login and the ont light", []string{"PPPoE", "ont"}, []string{"broadband login", "fibre box"}, []string{"jargon", "jargon"}},
		{"longest wins", "Here is your ticket number reference.", []string{"ticket number reference"}, []string{"reference number"}, []string{"jargon"}},
		{"as per our policy", "As per our policy we cannot.", []string{"As per our policy"}, []string{"our rules say"}, []string{"jargon"}},
		{"wordy", "At this point in time we utilize email in order to reply.", []string{"At this point in time", "utilize", "in order to"}, []string{"now", "use", "to"}, []string{"wordy", "wordy", "wordy"}},
		{"whole words only", "The frontier is utilized; provisional contact.", nil, nil, nil},
		{"hyphen gap", "Please power-cycle the router, then power cycle it again.", []string{"power-cycle", "power cycle"}, []string{"turn it off and on", "turn it off and on"}, []string{"jargon", "jargon"}},
		{"no match across sentences", "We are in order. To start, log in.", nil, nil, nil},
		{"curly apostrophe text", "We’ll provision it.", []string{"provision"}, []string{"set up"}, []string{"jargon"}},
		{"after thai and emoji", "สวัสดี 👍 we will escalate", []string{"escalate"}, []string{"pass to a specialist"}, []string{"jargon"}},
		{"none", "I can fix that for you now.", nil, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms := readability.FindJargon(tc.text)
			var got, plain, kind []string
			for _, m := range ms {
				got = append(got, spanText(tc.text, m))
				plain = append(plain, m.Plain)
				kind = append(kind, m.Kind)
				assert.NotEmpty(t, m.Term)
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.plain, plain)
			assert.Equal(t, tc.kind, kind)
		})
	}
}

func TestChecksUnderstanding(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"make sense", "So the fee is gone. Does that make sense?", []string{"Does that make sense"}},
		{"is that clear", "Is that clear? Great.", []string{"Is that clear"}},
		{"answer", "Did that answer your question?", []string{"Did that answer your question"}},
		{"let me know", "Let me know if anything is unclear.", []string{"Let me know if anything is unclear"}},
		{"two", "Does that help? Any questions?", []string{"Does that help", "Any questions"}},
		{"customer confusion is not a check", "That doesn't make sense to me.", nil},
		{"none", "Your refund is on its way.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, m := range readability.ChecksUnderstanding(tc.text) {
				got = append(got, spanText(tc.text, m))
				assert.Equal(t, "check", m.Kind)
				assert.Empty(t, m.Plain)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestAnalyzeAllMatchesSeparateCalls(t *testing.T) {
	texts := append([]string{
		"Thanks for waiting, Mr. Patel. At this point in time the ONT is red. Does that make sense? Is that clear?",
		"I will escalate this to tier 2 and provision a new PPPoE login. Let me know if anything is unclear.",
	}, fuzzSeedsInternal...)
	for _, text := range texts {
		st, j, c := readability.AnalyzeAll(text)
		if !reflect.DeepEqual(st, readability.Analyze(text)) || !reflect.DeepEqual(j, readability.FindJargon(text)) || !reflect.DeepEqual(c, readability.ChecksUnderstanding(text)) {
			t.Errorf("AnalyzeAll(%q) differs from the separate calls", text)
		}
	}
}

var fuzzSeedsInternal = []string{"", "e.g. U.S. 3.5 … \r\n\r\n’'’", "\xff\xfe invalid \xc3 utf8 escalate", "Xin chào, tôi có thể giúp gì cho bạn?"}
