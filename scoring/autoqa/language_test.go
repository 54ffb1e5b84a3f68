package autoqa_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/autoqa"
	"github.com/qascore/qascore/scoring/transcript"
)

// chat builds an untimed interaction from alternating roles and texts.
func chat(lang string, turns ...string) transcript.Interaction {
	in := transcript.Interaction{ExternalID: "t", Channel: transcript.ChannelChat, Language: lang}
	for i := 0; i+1 < len(turns); i += 2 {
		in.Turns = append(in.Turns, transcript.Turn{ID: int64(100 + i/2), Seq: i / 2, Role: transcript.Role(turns[i]), Text: turns[i+1]})
	}
	return in
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		name string
		in   transcript.Interaction
		want string
	}{
		{"english", chat("", "customer", "Hi, my router keeps dropping the connection every hour.", "agent", "I'm sorry about that. Could you tell me what lights you can see on it?"), "en"},
		{"vietnamese", chat("", "customer", "Chào em, máy lọc không khí của chị bị hỏng rồi.", "agent", "Dạ em chào chị, em rất tiếc ạ. Chị cho em xin mã đơn hàng nhé."), "vi"},
		{"malay", chat("", "customer", "Hai, saya nak tukar tarikh pemasangan untuk minggu depan.", "agent", "Boleh, puan. Saya akan tukar tarikh itu dengan segera untuk anda."), "ms"},
		{"thai", chat("en", "customer", "สวัสดีค่ะ ทีวีLumenที่ซื้อไปเมื่อวานมีปัญหาค่ะ", "agent", "สวัสดีค่ะ ขอโทษที่ทำให้ไม่สะดวกนะคะ"), "th"},
		{"armenian", chat("", "customer", "Բարև ձեզ։ Ինտերնետը օրը մի քանի անգամ անջատվում է։", "agent", "Տեսնում եմ։ Ձեր ONT-ի լոգերում ալարմ կա։"), "hy"},
		{"arabic customer, short english agent", chat("", "customer", "السلام عليكم، هل يمكن شراء ثلاجة بالتقسيط؟ هل هناك فوائد على ذلك؟", "agent", "Yes."), "ar"},
		{"hint settles a text without stop words", chat("vi", "customer", "LH-558213", "agent", "OK"), "vi"},
		{"english text beats a wrong hint", chat("th", "customer", "Hi, I was charged twice for the same order and I want a refund.", "agent", "I'm sorry, I will refund the duplicate payment for you now."), "en"},
		{"spanish is not english", chat("", "customer", "Hola, el pedido que hice no ha llegado y necesito ayuda por favor.", "agent", "Hola, lo siento mucho. Voy a revisar el estado de su pedido."), "es"},
		{"nothing to go on", chat("", "customer", "123", "agent", "!!"), "und"},
		{"emoji only", chat("", "customer", "😡😡😡", "agent", "🙏"), "und"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, autoqa.DetectLanguage(tt.in))
		})
	}
}

func TestScoreUnsupportedLanguageIsNotScored(t *testing.T) {
	e, err := autoqa.New()
	require.NoError(t, err)
	for _, in := range []transcript.Interaction{
		chat("th", "customer", "สวัสดีค่ะ ทีวีLumenที่ซื้อไปเมื่อวานมีปัญหาค่ะ", "agent", "สวัสดีค่ะ ขอโทษที่ทำให้ไม่สะดวกนะคะ"),
		chat("", "customer", "😡😡😡", "agent", "🙏"),
	} {
		res := e.Score(in)
		require.Len(t, res.Suggestions, 4)
		for i, s := range res.Suggestions {
			assert.Equal(t, autoqa.Criteria[i], s.Criterion)
			assert.False(t, s.Scored)
			assert.Equal(t, "not scored: language "+res.Language+" not supported", s.NotScored)
			assert.Empty(t, s.Evidence)
		}
	}
}
