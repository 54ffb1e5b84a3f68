package redact_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/scoring/transcript/redact"
)

// mixedTranscript builds about size bytes of transcript-like text: the
// planted sentences (PII and look-alikes in five languages) between
// plain chatter, which is what most of a real transcript is.
func mixedTranscript(tb testing.TB, size int) string {
	rows := loadPlanted(tb)
	chatter := []string{
		"Agent: Thank you for calling, how can I help you today? ",
		"Khách hàng: Dạ em muốn hỏi về đơn hàng tuần trước ạ. ",
		"ลูกค้า: สวัสดีค่ะ อยากสอบถามเรื่องการคืนเงินค่ะ ",
		"Pelanggan: Saya nak tanya tentang bil bulan lepas. ",
		"Հաճախորդ: Բարև ձեզ, ես ուզում եմ հարցնել պատվերի մասին։ ",
	}
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(chatter[i%len(chatter)])
		if i%3 == 0 {
			b.WriteString(rows[i%len(rows)].text)
			b.WriteString("\n")
		}
	}
	return b.String()
}

func BenchmarkRedact(b *testing.B) {
	r := redact.New()
	s := mixedTranscript(b, 1<<20)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		r.Redact(s)
	}
}

// TestRedactMegabyteBudget keeps the performance promise in the normal
// test run: 1 MB of mixed text well under 100 ms (generous for -race).
func TestRedactMegabyteBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	r := redact.New()
	s := mixedTranscript(t, 1<<20)
	best := time.Hour
	for i := 0; i < 3; i++ {
		start := time.Now()
		_, ms := r.Redact(s)
		best = min(best, time.Since(start))
		assert.NotEmpty(t, ms)
	}
	t.Logf("1 MB redacted in %v", best)
	assert.Less(t, best, 500*time.Millisecond)
}

// TestAdversarialInputsStayLinear feeds shapes that would make a naive
// scanner quadratic: endless "@", digit groups, dots and parentheses.
func TestAdversarialInputsStayLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	r := redact.New()
	tests := []struct{ name, unit string }{
		{"at signs", "a@"},
		{"local part", "aaaaaaaaa."},
		{"digit groups", "1 "},
		{"dashed groups", "12-"},
		{"long run", "9"},
		{"parens", "(1"},
		{"plus", "+1 "},
		{"domain labels", "@a.b.c.d.e.f"},
		{"placeholders", "[PHONE] "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := strings.Repeat(tt.unit, (1<<20)/len(tt.unit))
			start := time.Now()
			r.Redact(s)
			assert.Less(t, time.Since(start), 5*time.Second, "generous: shared CI machines are noisy")
		})
	}
}
