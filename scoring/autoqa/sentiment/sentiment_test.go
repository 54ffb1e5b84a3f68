package sentiment_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/autoqa/sentiment"
)

func TestNewRejectsUnknownLanguage(t *testing.T) {
	for _, lang := range []string{"", "fr", "EN", "vi-VN"} {
		_, err := sentiment.New(lang)
		require.Error(t, err, lang)
		assert.Contains(t, err.Error(), `"`+lang+`"`, "the error names the language")
	}
}

// TestPythonReference checks the port against vaderSentiment 3.3.2's own
// outputs (rounded there to 3 decimals, compound to 4), as published in
// govader's test suite and the VADER README.
func TestPythonReference(t *testing.T) {
	a := mustNew(t, "en")
	cases := []struct {
		text          string
		neg, neu, pos float64
		compound      float64
	}{
		{"VADER is smart, handsome, and funny.", 0, 0.254, 0.746, 0.8316},
		{"VADER is smart, handsome, and funny!", 0, 0.248, 0.752, 0.8439},
		{"VADER is very smart, handsome, and funny.", 0, 0.299, 0.701, 0.8545},
		{"VADER is VERY SMART, handsome, and FUNNY.", 0, 0.246, 0.754, 0.9227},
		{"VADER is VERY SMART, handsome, and FUNNY!!!", 0, 0.233, 0.767, 0.9342},
		{"VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0, 0.294, 0.706, 0.9469},
		{"VADER is not smart, handsome, nor funny.", 0.646, 0.354, 0, -0.7424},
		{"The book was good.", 0, 0.508, 0.492, 0.4404},
		{"At least it isn't a horrible book.", 0, 0.678, 0.322, 0.431},
		{"The book was only kind of good.", 0, 0.697, 0.303, 0.3832},
		{"The plot was good, but the characters are uncompelling and the dialog is not great.", 0.327, 0.579, 0.094, -0.7042},
		{"Today SUX!", 0.779, 0.221, 0, -0.5461},
		{"Today only kinda sux! But I'll get by, lol", 0.127, 0.556, 0.317, 0.5249},
		{"Make sure you :) or :D today!", 0, 0.294, 0.706, 0.8633},
		{"Catch utf-8 emoji such as such as 💘 and 💋 and 😁", 0, 0.746, 0.254, 0.7003},
		{"Not bad at all", 0, 0.513, 0.487, 0.431},
		{"Sentiment analysis has never been good.", 0.325, 0.675, 0, -0.3412},
		{"Sentiment analysis has never been this good!", 0, 0.621, 0.379, 0.5672},
		{"Most automated sentiment analysis tools are shit.", 0.375, 0.625, 0, -0.5574},
		{"With VADER, sentiment analysis is the shit!", 0, 0.583, 0.417, 0.6476},
		{"Other sentiment analysis tools can be quite bad.", 0.351, 0.649, 0, -0.5849},
		{"On the other hand, VADER is quite bad ass", 0, 0.423, 0.577, 0.802},
		{"VADER is such a badass!", 0, 0.598, 0.402, 0.4003},
		{"Without a doubt, excellent idea.", 0, 0.341, 0.659, 0.7013},
		{"Roger Dodger is one of the most compelling variations on this theme.", 0, 0.834, 0.166, 0.2944},
		{"Roger Dodger is at least compelling as a variation on the theme.", 0, 0.853, 0.147, 0.2263},
		{"Roger Dodger is one of the least compelling variations on this theme.", 0.132, 0.868, 0, -0.1695},
		{"Not such a badass after all.", 0.289, 0.711, 0, -0.2584},
		{"Without a doubt, an excellent idea.", 0, 0.408, 0.592, 0.7013},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			got := a.Score(c.text)
			assert.InDelta(t, c.compound, got.Compound, 0.5e-4, "compound")
			assert.InDelta(t, c.neg, got.Neg, 0.5e-3, "neg")
			assert.InDelta(t, c.neu, got.Neu, 0.5e-3, "neu")
			assert.InDelta(t, c.pos, got.Pos, 0.5e-3, "pos")
		})
	}
}

// sign is -1, 0 or +1 for readable golden expectations.
func sign(x float64) int {
	switch {
	case x > 0.05:
		return 1
	case x < -0.05:
		return -1
	}
	return 0
}

// TestGolden pins the behaviour each VADER rule is for, in the phrasing of
// contact-centre conversations.
func TestGolden(t *testing.T) {
	en := mustNew(t, "en")
	cases := []struct {
		name, text string
		want       int // sign of Compound
	}{
		{"positive", "Thank you so much, that was really helpful!", 1},
		{"negative", "This is terrible, I am very disappointed.", -1},
		{"neutral", "My account ID is 12345.", 0},
		{"negation", "I am not happy with the service.", -1},
		{"negation n't", "That wasn't helpful at all.", -1},
		{"negation three back", "I'm not at all satisfied.", -1},
		{"never so", "I have never been so happy.", 1},
		{"but clause", "The agent was friendly, but the wait was awful.", -1},
		{"but clause reversed", "The wait was awful, but the agent was wonderful.", 1},
		{"least", "That is the least helpful answer.", -1},
		{"at least", "At least you were helpful.", 1},
		{"idiom", "This product is the bomb", 1},
		{"emoticon", "ok thanks :)", 1},
		{"emoji", "got it 😁", 1},
		{"broken heart emoji", "my parcel is lost 💔", -1},
		{"empty", "", 0},
		{"spaces", "   \t\n ", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, sign(en.Score(c.text).Compound), c.text)
		})
	}

	t.Run("caps emphasis only in mixed case", func(t *testing.T) {
		plain := en.Score("The agent was great").Compound
		caps := en.Score("The agent was GREAT").Compound
		shout := en.Score("THE AGENT WAS GREAT").Compound
		assert.Greater(t, caps, plain)
		assert.InDelta(t, plain, shout, 1e-12, "all-caps text is not emphasis")
	})
	t.Run("exclamation amplifies, capped at 4", func(t *testing.T) {
		one := en.Score("Great service!").Compound
		three := en.Score("Great service!!!").Compound
		four := en.Score("Great service!!!!").Compound
		nine := en.Score("Great service!!!!!!!!!").Compound
		assert.Greater(t, one, en.Score("Great service").Compound)
		assert.Greater(t, three, one)
		assert.InDelta(t, four, nine, 1e-12)
	})
	t.Run("question marks amplify from two", func(t *testing.T) {
		base := en.Score("Why is this so bad").Compound
		assert.InDelta(t, base, en.Score("Why is this so bad?").Compound, 1e-12)
		assert.Less(t, en.Score("Why is this so bad??").Compound, base)
	})
	t.Run("booster", func(t *testing.T) {
		assert.Greater(t, en.Score("extremely good").Compound, en.Score("good").Compound)
		assert.Less(t, en.Score("slightly good").Compound, en.Score("good").Compound)
	})
	t.Run("proportions sum to one", func(t *testing.T) {
		s := en.Score("Good service, bad coffee, average chairs.")
		assert.InDelta(t, 1, s.Neg+s.Neu+s.Pos, 1e-9)
		assert.Greater(t, s.Pos, 0.0)
		assert.Greater(t, s.Neg, 0.0)
	})
	t.Run("non-ASCII text without emoji", func(t *testing.T) {
		assert.Equal(t, 1, sign(en.Score("Café was lovely — merci").Compound))
	})
}

func TestVietnamese(t *testing.T) {
	vi := mustNew(t, "vi")
	cases := []struct {
		name, text string
		want       int
	}{
		{"positive", "Cảm ơn bạn, dịch vụ rất tốt.", 1},
		{"multi-word positive", "Tôi rất hài lòng với nhân viên.", 1},
		{"negative", "Sản phẩm này quá tệ.", -1},
		{"negation", "Tôi không hài lòng.", -1},
		{"negation chưa", "Vấn đề chưa được giải quyết, tôi thất vọng.", -1},
		{"post booster", "Nhân viên tốt lắm!", 1},
		{"but clause", "Nhân viên thân thiện nhưng giao hàng quá chậm.", -1},
		{"upper case", "DỊCH VỤ TUYỆT VỜI", 1},
		{"neutral", "Mã đơn hàng của tôi là 12345.", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, sign(vi.Score(c.text).Compound), c.text)
		})
	}
	t.Run("booster intensifies", func(t *testing.T) {
		assert.Greater(t, vi.Score("rất tốt").Compound, vi.Score("tốt").Compound)
		assert.Greater(t, vi.Score("tốt lắm").Compound, vi.Score("tốt").Compound)
	})
	t.Run("multi-word entry beats its parts", func(t *testing.T) {
		// "không sao" (no problem) is reassurance, not negation.
		assert.GreaterOrEqual(t, vi.Score("Không sao đâu ạ").Compound, 0.0)
	})
}

func TestMalay(t *testing.T) {
	ms := mustNew(t, "ms")
	cases := []struct {
		name, text string
		want       int
	}{
		{"positive", "Terima kasih, perkhidmatan sangat baik.", 1},
		{"negative", "Produk ini teruk dan mengecewakan.", -1},
		{"negation tidak", "Saya tidak berpuas hati.", -1},
		{"negation tak", "Servis tak bagus langsung.", -1},
		{"post booster", "Bagus sekali!", 1},
		{"but clause", "Ejen itu baik tetapi penghantaran sangat lambat.", -1},
		{"neutral", "Nombor pesanan saya 12345.", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, sign(ms.Score(c.text).Compound), c.text)
		})
	}
	t.Run("booster intensifies", func(t *testing.T) {
		assert.Greater(t, ms.Score("sangat baik").Compound, ms.Score("baik").Compound)
	})
}

// TestConcurrent shares one analyzer per language across goroutines; run
// with -race it proves Score keeps no shared mutable state.
func TestConcurrent(t *testing.T) {
	texts := map[string][]string{
		"en": {"I am not happy with this 😡", "Great, thanks so much!!", "The agent was kind but slow."},
		"vi": {"Tôi không hài lòng.", "Cảm ơn, rất tốt."},
		"ms": {"Saya tidak berpuas hati.", "Terima kasih, sangat baik."},
	}
	for lang, ts := range texts {
		a := mustNew(t, lang)
		want := make([]sentiment.Scores, len(ts))
		for i, x := range ts {
			want[i] = a.Score(x)
		}
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := 0; n < 200; n++ {
					i := (g + n) % len(ts)
					if got := a.Score(ts[i]); got != want[i] {
						t.Errorf("%s %q: got %+v, want %+v", lang, ts[i], got, want[i])
						return
					}
				}
			}()
		}
		wg.Wait()
	}
}

func TestEvalVADER(t *testing.T) {
	d := dataDir(t)
	res, err := sentiment.EvalVADER(d)
	require.NoError(t, err)
	require.Len(t, res, 4)
	min := map[string]float64{"tweets": 0.86, "movies": 0.42, "amazon": 0.57, "nyt": 0.48}
	t.Logf("%-7s %6s %8s", "corpus", "n", "pearson")
	for i, name := range []string{"tweets", "movies", "amazon", "nyt"} {
		r := res[i]
		require.Equal(t, name, r.Name)
		t.Logf("%-7s %6d %8.4f", r.Name, r.N, r.Pearson)
		assert.GreaterOrEqual(t, r.Pearson, min[name], name)
	}
	assert.Equal(t, []int{4200, 10605, 3708, 5190}, []int{res[0].N, res[1].N, res[2].N, res[3].N})
}

func TestEvalVADERMissingData(t *testing.T) {
	_, err := sentiment.EvalVADER(t.TempDir())
	require.Error(t, err)
}
