package transcript

import "strings"

// Diarised transcripts (plain Amazon Transcribe) label speakers spk_0,
// spk_1, … without saying who is the agent. "Whoever talks first" is right
// for calls an agent opens, but wrong for the common recording that starts
// with the customer's complaint (AWS's own sample opens with "I've been on
// hold for an hour." — the customer). So the speakers' own words decide:
// phrases agents say and customers do not, against phrases customers say.
// It is deliberately small and English-only: a wrong guess only swaps two
// labels the admin can see, while a confident-looking complex model would
// hide its mistakes.

// agentPhrases are said by agents far more often than by customers.
var agentPhrases = []string{
	"thank you for calling", "thanks for calling", "thank you for contacting",
	"how can i help", "how may i help", "how can i assist", "what can i do for you",
	"my name is", "sorry about that", "sorry for the", "i apologi", "apologies for",
	"let me check", "let me look", "let me see what", "i can help", "i'll help",
	"is there anything else", "can i have your", "could i have your", "may i have your",
	"can i get your", "could you confirm", "i understand how",
}

// customerPhrases are said by customers far more often than by agents.
var customerPhrases = []string{
	"i've been on hold", "i have been on hold", "been waiting", "my order",
	"my account", "my bill", "i was charged", "why is my", "why was i",
	"i want to cancel", "i'd like to cancel", "i need to speak", "can i speak to",
	"nobody told me", "this is ridiculous",
}

// guessAgentSpeaker returns the speaker label whose turns sound most like
// an agent's, or fallback (the first speaker) when the words do not point
// clearly elsewhere: another speaker wins only with a strictly higher
// score than fallback's.
func guessAgentSpeaker(turns []Turn, fallback string) string {
	score := map[string]int{}
	var order []string
	for _, t := range turns {
		if _, seen := score[t.Speaker]; !seen {
			order = append(order, t.Speaker)
			score[t.Speaker] = 0
		}
		text := strings.ToLower(strings.ReplaceAll(t.Text, "’", "'"))
		for _, p := range agentPhrases {
			score[t.Speaker] += strings.Count(text, p)
		}
		for _, p := range customerPhrases {
			score[t.Speaker] -= strings.Count(text, p)
		}
	}
	best := fallback
	for _, sp := range order {
		if score[sp] > score[best] {
			best = sp
		}
	}
	return best
}
