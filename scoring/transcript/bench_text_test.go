package transcript_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

// jsonl10k builds 10,000 interactions of about 2 KB each (≈ 20 MB).
func jsonl10k() []byte {
	var b bytes.Buffer
	text := strings.Repeat("Xin chào, tôi cần giúp đỡ với đơn hàng. ", 3)
	for i := range 10000 {
		fmt.Fprintf(&b, `{"external_id":"call-%d","channel":"call","agent":{"name":"Agent %d","email":"a%d@example.com"},"customer":{"name":"Customer %d"},"language":"vi","subject":"Order","started_at":"2024-05-01T09:30:00Z","csat":4,"turns":[`, i, i%50, i%50, i)
		for j := range 12 {
			if j > 0 {
				b.WriteByte(',')
			}
			role := "agent"
			if j%2 == 1 {
				role = "customer"
			}
			fmt.Fprintf(&b, `{"role":"%s","speaker":"S%d","text":"%s","start_ms":%d,"end_ms":%d}`, role, j%2, text, j*5000, j*5000+4000)
		}
		b.WriteString("]}\n")
	}
	return b.Bytes()
}

func BenchmarkJSONL10k(b *testing.B) {
	data := jsonl10k()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := transcript.JSONLImporter{}.Parse(context.Background(), []transcript.File{txMem("bench.jsonl", data)},
			func(r transcript.Record) error {
				if r.Err != nil {
					return r.Err
				}
				n++
				return nil
			})
		require.NoError(b, err)
		require.Equal(b, 10000, n)
	}
}
