package empathy_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/scoring/autoqa/empathy"
)

// TestDetectContactCentre pins false positives seen in contact-centre
// conversations, next to near misses that must still count.
func TestDetectContactCentre(t *testing.T) {
	const internet = "I've been without internet since Monday and nobody called back."
	tests := []struct {
		name                 string
		lang, seeker, text   string
		reaction, interp, ex int
	}{
		// A bare service question asks for data, not about the experience.
		{"order number", "en", "", "Order number?", 0, 0, 0},
		{"account number", "en", "", "Account number?", 0, 0, 0},
		{"confirm postcode", "en", "", "Can you confirm your postcode?", 0, 0, 0},
		{"what is the model", "en", "", "What's the model?", 0, 0, 0},
		{"affected your work still explores", "en", "", "How has this affected your work?", 0, 0, 2},
		{"what happened still explores", "en", "", "What happened when you called?", 0, 0, 2},
		// "send you" is an agent's action, not sending warmth.
		{"send you a label", "en", "", "I'll send you a label.", 0, 0, 0},
		{"sending you hugs still reacts", "en", "", "Sending you hugs.", 2, 0, 0},
		// A bare "I see" is a back-channel, not a reflection.
		{"I see.", "en", "", "I see.", 0, 0, 0},
		{"I see", "en", "", "I see", 0, 0, 0},
		{"OK, I see", "en", "", "OK, I see", 0, 0, 0},
		{"I see why still reflects", "en", "", "I see why that upset you.", 0, 1, 0},
		{"restatement still interprets", "en", internet,
			"So you've been without internet since Monday and nobody called back — that's exhausting.", 2, 2, 0},
		// "for me" in a request is not sharing an experience; opening a
		// sentence ("For me, the reset fixed it") it still is.
		{"press that for me", "en", "", "Can you press that for me?", 0, 0, 0},
		{"share the order number", "en", "", "Could you share the order number?", 0, 0, 0},
		{"share how it feels still invites", "en", "", "Could you share how this has felt for you?", 0, 0, 2},
		{"for me opening shares", "en", "", "For me, unplugging it for a minute fixed the same thing.", 0, 1, 0},
		// "That's <feeling>" names the feeling as plainly as "that must be".
		{"that's exhausting", "en", internet, "That's exhausting.", 2, 0, 0},
		{"that's really frustrating", "en", internet, "That's really frustrating, I'm on it.", 2, 0, 0},
		{"it is hard stays generic talk", "en", "", "It is hard to say when the part arrives.", 0, 0, 0},
		{"sorry to hear still reacts", "en", "", "I'm so sorry to hear that", 2, 0, 0},
		// Naming the worry the customer voiced is a reaction, not a formula.
		{"ms names the worry", "ms", "Risau betul kalau barang ni hilang.", "Saya faham anda risau barang itu hilang.", 2, 0, 0},
		{"ms bare understanding stays a formula", "ms", "", "Saya faham.", 1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := empathy.Detect(tc.lang, tc.seeker, tc.text)
			assert.Equal(t, tc.reaction, r.Reaction, "reaction %+v", r.Cues)
			assert.Equal(t, tc.interp, r.Interpretation, "interpretation %+v", r.Cues)
			assert.Equal(t, tc.ex, r.Exploration, "exploration %+v", r.Cues)
		})
	}
}

// Cues name the lexicon section they come from, so a service rating can
// count what EPITOME counts differently.
func TestDetectSections(t *testing.T) {
	tests := []struct {
		text, section string
	}{
		{"How has this affected your work?", "experience"},
		{"Tell me more about what happened.", "invite"},
		{"Do you want the blue one or the red one?", "question"},
		{"Which one?", "ask"},
		{"I have two addresses for you.", "personal"},
		{"I've been there myself, it's awful.", "share"},
		{"I see that card in the system.", "records"},
		{"It sounds like the engineer never turned up.", "reflect"},
		{"Happy to help!", "courtesy"},
		{"Same for the second one.", "personal"},
		{"Take care.", "courtesy"},
		{"I'm here to listen if you want to talk.", "reaction"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			r := empathy.Detect("en", "", tc.text)
			var got []string
			for _, c := range r.Cues {
				got = append(got, c.Section)
				assert.Positive(t, c.Level)
			}
			assert.Contains(t, got, tc.section, "%+v", r.Cues)
		})
	}
}
