package redact_test

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript/redact"
)

func TestRedactGolden(t *testing.T) {
	r := redact.New()
	tests := []struct {
		name, in, want string
	}{
		{"english mix",
			"Hi, card 4111 1111 1111 1111, mail JOHN.doe+vip@Mail.Example.com, call +1 (415) 555-0134 or 415.555.0134; SSN 123-45-6789.",
			"Hi, card [CARD], mail [EMAIL], call [PHONE] or [PHONE]; SSN [SSN]."},
		{"vietnamese",
			"Dạ, số điện thoại của em là 0901 234 567, email lan@ví-dụ.vn, đơn hàng 4539 1488 0343 6468 giá 1.299.000 ₫ ngày 15/03/2024.",
			"Dạ, số điện thoại của em là [PHONE], email [EMAIL], đơn hàng 4539 1488 0343 6468 giá 1.299.000 ₫ ngày 15/03/2024."},
		{"thai without spaces",
			"เบอร์0812345678ค่ะ บัตร5105105105105100ครับ เวลา 10:30 น.",
			"เบอร์[PHONE]ค่ะ บัตร[CARD]ครับ เวลา 10:30 น."},
		{"malay",
			"Nombor telefon saya +60 12-345 6789, bayar RM 1,234.50 pada 2024-03-15 10:30.",
			"Nombor telefon saya [PHONE], bayar RM 1,234.50 pada 2024-03-15 10:30."},
		{"armenian",
			"Իմ հեռախոսը +374 10 123456 է, քարտը 3782-822463-10005։ 🙏",
			"Իմ հեռախոսը [PHONE] է, քարտը [CARD]։ 🙏"},
		{"identifiers stay",
			"ORD-4111111111111111, v2.3.14, 192.168.1.100, @agent, ops@localhost, 12.5%",
			"ORD-4111111111111111, v2.3.14, 192.168.1.100, @agent, ops@localhost, 12.5%"},
		{"start and end", "0901234567", "[PHONE]"},
		{"thai digits", "โทร ๐๘๑๒๓๔๕๖๗๘", "โทร [PHONE]"},
		{"bare ssn needs keyword", "ssn 123456789 but ref 123456789", "ssn [SSN] but ref 123456789"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ms := r.Redact(tt.in)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, len(ms) > 0, tt.in != tt.want)
		})
	}
}

func TestFindSpansAndKinds(t *testing.T) {
	r := redact.New()
	tests := []struct {
		in   string
		want []redact.Match
	}{
		{"", nil},
		{"no pii here", nil},
		{"a@b.co", []redact.Match{{Kind: redact.Email, Start: 0, End: 6}}},
		{"x 123-45-6789", []redact.Match{{Kind: redact.SSN, Start: 2, End: 13}}},
		{"(02) 9876 5432.", []redact.Match{{Kind: redact.Phone, Start: 0, End: 14}}},
		{"4111111111111111 0901 234 567", []redact.Match{
			{Kind: redact.Card, Start: 0, End: 16}, {Kind: redact.Phone, Start: 17, End: 29}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, r.Find(tt.in))
		})
	}
}

func TestRedactIdempotent(t *testing.T) {
	r := redact.New()
	inputs := []string{
		"call 4155550134 4111111111111111",
		"phone: 4111111111111111 or 4155550134",
		"+84 90 123 4567 4111 1111 1111 1111",
		"4111 1111 1111 1111 4111 1111 1111 1111",
		"a@x.tel 4155550134",
		"0901234567/0912345678 and 090-123-4567-89",
		"[PHONE] 4111 1111 1111 1111 [CARD]-0901234567",
		"CAll 0000000,+21000000",
		"๐๘๑๒๓๔๕๖๗๘john@x.com",
	}
	for _, row := range loadPlanted(t) {
		inputs = append(inputs, row.text)
	}
	for _, in := range inputs {
		once, _ := r.Redact(in)
		twice, ms := r.Redact(once)
		assert.Equal(t, once, twice, "input %q", in)
		assert.Empty(t, ms, "second pass found more in %q", once)
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		k    redact.Kind
		want string
	}{
		{redact.Card, "[CARD]"}, {redact.Email, "[EMAIL]"}, {redact.Phone, "[PHONE]"}, {redact.SSN, "[SSN]"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.k.Placeholder())
	}
}

// TestConcurrentUse backs the doc claim that one Redactor serves many
// goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	r := redact.New()
	rows := loadPlanted(t)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, row := range rows {
				r.Redact(row.text)
			}
		}()
	}
	wg.Wait()
}

// checkInvariants holds for every input: spans in bounds, ordered,
// non-overlapping, on rune boundaries; output valid UTF-8 when the input
// is; Redact idempotent.
func checkInvariants(t *testing.T, r *redact.Redactor, s string) {
	ms := r.Find(s)
	prev := 0
	for _, m := range ms {
		require.True(t, m.Start >= prev && m.Start < m.End && m.End <= len(s), "bad span %v after %d in %q", m, prev, s)
		prev = m.End
	}
	out, _ := r.Redact(s)
	if utf8.ValidString(s) {
		require.True(t, utf8.ValidString(out), "invalid UTF-8 from %q: %q", s, out)
		for _, m := range ms {
			require.True(t, utf8.RuneStart(s[m.Start]) && (m.End == len(s) || utf8.RuneStart(s[m.End])), "span %v splits a rune in %q", m, s)
		}
	}
	again, _ := r.Redact(out)
	require.Equal(t, out, again, "not idempotent for %q", s)
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{
		"", "4111 1111 1111 1111", "+1 (415) 555-0134", "lan@ví-dụ.vn", "SSN 123456789", "เบอร์0812345678ค่ะ",
		"2024-03-15 10:30", "1.299.000 ₫", "[PHONE] 0901 234 567", "a@b@c.com", "((((0901", "+44 (0)20 7946 0958",
		"๐๘๑๒๓๔๕๖๗๘", "٠٩٠١٢٣٤٥٦٧", "call 555-0134, 4155550134",
	} {
		f.Add(s)
	}
	r := redact.New()
	f.Fuzz(func(t *testing.T, s string) {
		checkInvariants(t, r, s)
	})
}

func TestInvariantsOnPlanted(t *testing.T) {
	r := redact.New()
	var all strings.Builder
	for _, row := range loadPlanted(t) {
		checkInvariants(t, r, row.text)
		all.WriteString(row.text)
		all.WriteString(" ")
	}
	checkInvariants(t, r, all.String())
}
