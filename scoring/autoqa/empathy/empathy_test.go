package empathy_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/autoqa/empathy"
)

type span struct {
	start, end int
	kind       string
}

func spans(r empathy.Result) []span {
	var out []span
	for _, c := range r.Cues {
		out = append(out, span{c.Start, c.End, c.Kind})
	}
	return out
}

// TestDetectGolden pins levels and exact rune spans. Several texts hold
// emoji, Thai or Vietnamese so that a byte offset would be visibly wrong.
func TestDetectGolden(t *testing.T) {
	parcel := "My parcel was promised for Tuesday and the courier never came."
	tests := []struct {
		name                 string
		lang, seeker, text   string
		reaction, interp, ex int
		generic              bool
		want                 []span
	}{
		{"en reaction with emoji and Thai", "en", "", "🙏 I'm so sorry to hear that. สวัสดี That sounds really stressful.",
			2, 0, 0, false, []span{{2, 22, "reaction"}, {41, 64, "reaction"}}},
		{"en generic apology", "en", "", "We apologise for any inconvenience caused.",
			1, 0, 0, true, []span{{0, 42, "generic"}}},
		{"en generic understanding", "en", "", "I understand your frustration. Let me check that for you.",
			1, 0, 0, true, []span{{0, 29, "generic"}}},
		{"en restatement reuses seeker words", "en", parcel, "😞 So the parcel was promised for Tuesday and the courier never came. How has that affected you?",
			0, 2, 2, false, []span{{2, 68, "interpretation"}, {69, 95, "exploration"}}},
		{"en specific sorry runs to the end", "en", "", "I'm sorry your order arrived broken.",
			2, 0, 0, false, []span{{0, 36, "reaction"}}},
		{"en reflection without seeker words is weak", "en", "", "It sounds like you've been trying for days.",
			0, 1, 0, false, []span{{0, 43, "interpretation"}}},
		{"en service closing is not exploration", "en", "", "Is there anything else I can help you with today?",
			0, 0, 0, false, nil},
		{"en agent action is not shared experience", "en", "", "I have found your order and I had a look at the tracking.",
			0, 0, 0, false, nil},
		{"en specific apology", "en", "", "We're really sorry that the technician didn't turn up on Monday.",
			2, 0, 0, false, []span{{0, 64, "apology"}}},
		{"vi reaction", "vi", "", "Em rất tiếc khi nghe chị phải chờ lâu như vậy.",
			2, 0, 0, false, []span{{0, 46, "reaction"}}},
		{"vi generic", "vi", "", "Chúng tôi xin lỗi vì sự bất tiện này.",
			1, 0, 0, true, []span{{10, 37, "generic"}}},
		{"vi apology and question", "vi", "", "Em xin lỗi vì đơn hàng giao trễ ba ngày. Chuyện gì đã xảy ra với gói hàng ạ?",
			2, 0, 1, false, []span{{3, 40, "apology"}, {41, 76, "exploration"}}},
		{"vi reflection", "vi", "Tôi đợi giao hàng cả tuần rồi mà chưa thấy.", "Dạ, có vẻ như anh đã đợi giao hàng cả tuần 😔",
			0, 2, 0, false, []span{{4, 44, "interpretation"}}},
		{"ms reaction and exploration", "ms", "", "Saya sedih mendengar pesanan puan rosak. Boleh puan ceritakan apa yang berlaku?",
			2, 0, 2, false, []span{{0, 40, "reaction"}, {41, 79, "exploration"}}},
		{"ms generic", "ms", "", "Maaf atas segala kesulitan.",
			1, 0, 0, true, []span{{0, 27, "generic"}}},
		{"ms apology", "ms", "", "Kami mohon maaf kerana penghantaran lewat tiga hari.",
			2, 0, 0, false, []span{{5, 52, "apology"}}},
		{"unsupported language", "th", "", "ขอโทษค่ะ I'm so sorry", 0, 0, 0, false, nil},
		{"empty", "en", "", "", 0, 0, 0, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := empathy.Detect(tc.lang, tc.seeker, tc.text)
			assert.Equal(t, tc.reaction, r.Reaction, "reaction")
			assert.Equal(t, tc.interp, r.Interpretation, "interpretation")
			assert.Equal(t, tc.ex, r.Exploration, "exploration")
			assert.Equal(t, tc.generic, r.Generic, "generic")
			assert.Equal(t, tc.want, spans(r))
			for _, c := range r.Cues {
				assert.NotEmpty(t, c.Reason)
			}
		})
	}
}

// TestGenericIsNeverStrong guards the contact-centre rule: a formula alone
// is weak sympathy at most, whatever surrounds it.
func TestGenericIsNeverStrong(t *testing.T) {
	for _, text := range []string{
		"Sorry for the inconvenience.",
		"I apologize for any inconvenience this may have caused.",
		"I understand your frustration.",
		"Thank you for your patience. I'm sorry about that.",
		"We apologise for the inconvenience and thank you for your understanding.",
	} {
		r := empathy.Detect("en", "My order never arrived and nobody called me back.", text)
		assert.True(t, r.Generic, text)
		assert.LessOrEqual(t, r.Reaction, 1, text)
	}
	r := empathy.Detect("en", "", "I understand your frustration, and I'm so sorry the engineer missed both appointments.")
	assert.False(t, r.Generic, "a specific apology beside the formula")
	assert.Equal(t, 2, r.Reaction)
}

// TestInterpretationRewardsSeekerWords checks that the same reflective frame
// is strong only when it reuses what the person actually said.
func TestInterpretationRewardsSeekerWords(t *testing.T) {
	seeker := "I've been trying to cancel my gym membership for three weeks and they keep charging my card."
	tests := []struct {
		text string
		want int
	}{
		{"It sounds like you've been trying to cancel the membership for weeks while they keep charging you.", 2},
		{"It sounds like this has been a difficult experience for you.", 1},
		{"So you were charged again after trying to cancel the membership?", 2},
		{"So, let me see what I can do.", 0},
		{"You said they keep charging your card.", 2},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			r := empathy.Detect("en", seeker, tc.text)
			assert.Equal(t, tc.want, r.Interpretation)
		})
		if tc.want == 2 {
			// Without the seeker's words there is nothing to reuse.
			assert.Less(t, empathy.Detect("en", "", tc.text).Interpretation, 2, tc.text)
		}
	}
}

// TestExplorationQuestions separates questions about the person from
// rhetorical or self-directed ones.
func TestExplorationQuestions(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"How long have you been feeling like this?", true},
		{"Have you tried talking to your doctor about it?", true},
		{"What makes you feel that way?", true},
		{"Can you tell me more about what happened?", true},
		{"Why am I always the one who has to fix things?", false},
		{"Why would anyone do that?", false},
		{"How long have you been feeling like this.", false}, // an opener needs the '?' to be a question
		{"Have a great day.", false},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			r := empathy.Detect("en", "", tc.text)
			assert.Equal(t, tc.want, r.Exploration > 0)
		})
	}
}

func TestDetectIsConcurrencySafe(t *testing.T) {
	text := strings.Repeat("I'm so sorry to hear that. How are you holding up? ", 20)
	want := empathy.Detect("en", "", text)
	done := make(chan empathy.Result)
	for range 8 {
		go func() { done <- empathy.Detect("en", "", text) }()
	}
	for range 8 {
		require.Equal(t, want, <-done)
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"", "I'm so sorry to hear that 🙏", "Em xin lỗi vì đơn hàng ạ?", "Maaf atas segala kesulitan.",
		"???", "'''", "so. you. ", "\xff\xfe bad utf8 sorry", "ขอโทษ sorry you're hurt 😞 what happened?"} {
		f.Add("en", "I waited for my parcel", s)
		f.Add("vi", "", s)
	}
	f.Fuzz(func(t *testing.T, lang, seeker, text string) {
		r := empathy.Detect(lang, seeker, text)
		n := utf8.RuneCountInString(text)
		runes := []rune(text)
		for _, c := range r.Cues {
			if c.Start < 0 || c.End > n || c.Start >= c.End {
				t.Fatalf("bad span %+v in %q (%d runes)", c, text, n)
			}
			if !utf8.ValidString(string(runes[c.Start:c.End])) {
				t.Fatalf("invalid slice %+v", c)
			}
		}
		for _, l := range []int{r.Reaction, r.Interpretation, r.Exploration} {
			if l < 0 || l > 2 {
				t.Fatalf("level out of range: %+v", r)
			}
		}
	})
}
