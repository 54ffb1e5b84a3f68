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

// BenchmarkDetectTurns is Detect as Engine.Score calls it: one short agent
// turn at a time, with the customer turn before it as the seeker.
func BenchmarkDetectTurns(b *testing.B) {
	agent := []string{
		"I'm so sorry about that, it sounds really frustrating when you rely on it for work.",
		"Let me check the line for you now. I will book an engineer for tomorrow morning.",
		"Unfortunately, I can't change the date, it's not our policy. You have to call the courier.",
		"Your ONT shows a loss of signal, so the PPPoE session drops at this point in time.",
		"Does that make sense? Is there anything else I can help with today?",
		"As I said, the plug needs the 2.4 GHz network, which you can find in the router settings page.",
		"Thanks for your patience. I've refunded the duplicate payment and you'll see it within three working days.",
	}
	customer := []string{
		"Hi, my internet keeps cutting out every evening and I'm really fed up with it.",
		"I was charged twice for the same order and nobody has called me back.",
		"Okay, I've done that. The light is green now.",
		"How long will the refund take? I need the money for rent.",
		"That seems unfair, it's only been six days since it arrived broken.",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		empathy.Detect("en", customer[i%len(customer)], agent[i%len(agent)])
	}
}
