package empathy_test

import (
	"strings"
	"testing"

	"github.com/qascore/qascore/scoring/autoqa/empathy"
)

// exchange2KB builds a realistic customer/agent exchange of about 2 KB.
func exchange2KB() (seeker, response string) {
	seeker = strings.Repeat("My parcel was promised for Tuesday and the courier never came. I've been waiting at home for three days and nobody answers the phone. ", 4)
	var b strings.Builder
	turns := []string{
		"I'm so sorry to hear that, that sounds really stressful. ",
		"So the parcel was promised for Tuesday and the courier never came. ",
		"I have checked your order and I can see the delivery was missed. ",
		"How has that affected your plans this week? ",
		"We apologise for any inconvenience caused. ",
		"I understand your frustration and I will arrange a new delivery slot for tomorrow morning. ",
		"Is there anything else I can help you with today? ",
	}
	for b.Len() < 2048 {
		for _, t := range turns {
			b.WriteString(t)
		}
	}
	return seeker, b.String()[:2048]
}

func BenchmarkDetect(b *testing.B) {
	seeker, response := exchange2KB()
	b.SetBytes(int64(len(seeker) + len(response)))
	b.ReportAllocs()
	for b.Loop() {
		empathy.Detect("en", seeker, response)
	}
}
