package autoqa_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/qascore/qascore/scoring/transcript"
)

// benchTranscripts builds English calls of about 2 KB of text each, timed
// and untimed, mixing plain, negative, empathetic and jargon-heavy turns so
// every criterion does real work.
func benchTranscripts() []transcript.Interaction {
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
	var out []transcript.Interaction
	for k := range 8 {
		in := transcript.Interaction{ExternalID: fmt.Sprint("bench-", k), Channel: transcript.ChannelCall, Language: "en", StartedAt: time.Unix(0, 0)}
		size := 0
		var clock int64
		for i := 0; size < 2048; i++ {
			role, text := transcript.RoleCustomer, customer[(i+k)%len(customer)]
			if i%2 == 1 {
				role, text = transcript.RoleAgent, agent[(i*3+k)%len(agent)]
			}
			t := transcript.Turn{ID: int64(i + 1), Seq: i, Role: role, Text: text}
			if k%2 == 0 {
				s := clock + int64(300+(i*737+k*91)%4000) - 600
				s = max(s, clock-400, 0)
				e := s + int64(len(text))*60
				t.StartMS, t.EndMS = &s, &e
				clock = e
			}
			size += len(text)
			in.Turns = append(in.Turns, t)
		}
		out = append(out, in)
	}
	return out
}

func BenchmarkScore(b *testing.B) {
	e := MustEngine(b)
	ins := benchTranscripts()
	var bytes int
	for _, in := range ins {
		for _, t := range in.Turns {
			bytes += len(t.Text)
		}
	}
	b.SetBytes(int64(bytes / len(ins)))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	n := 0
	for i := 0; b.Loop(); i++ {
		res := e.Score(ins[i%len(ins)])
		if !res.Suggestions[0].Scored {
			b.Fatal("not scored: " + res.Suggestions[0].NotScored)
		}
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "transcripts/s/core")
}

// TestBenchTranscriptsAreTwoKB keeps the benchmark honest about its input.
func TestBenchTranscriptsAreTwoKB(t *testing.T) {
	for _, in := range benchTranscripts() {
		var b strings.Builder
		for _, t := range in.Turns {
			b.WriteString(t.Text)
		}
		if n := b.Len(); n < 2048 || n > 2300 {
			t.Fatalf("%s is %d bytes", in.ExternalID, n)
		}
		if err := in.Validate(); err != nil {
			t.Fatal(err)
		}
	}
}
