package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// writeJSONL10k writes 10,000 conversations of about 2 KB each (≈ 20 MB)
// in our native JSONL schema, 12 turns each, across 40 agents without
// accounts (so every name is resolved once and listed for mapping).
func writeJSONL10k(tb testing.TB, path string) int64 {
	tb.Helper()
	f, err := os.Create(path)
	require.NoError(tb, err)
	w := bufio.NewWriter(f)
	type turn struct {
		Role    string `json:"role"`
		Speaker string `json:"speaker"`
		Text    string `json:"text"`
		StartMS int64  `json:"start_ms"`
		EndMS   int64  `json:"end_ms"`
	}
	type person struct {
		Name  string `json:"name"`
		Email string `json:"email,omitempty"`
	}
	type rec struct {
		ExternalID string `json:"external_id"`
		Channel    string `json:"channel"`
		Agent      person `json:"agent"`
		Customer   person `json:"customer"`
		Language   string `json:"language"`
		Subject    string `json:"subject"`
		StartedAt  string `json:"started_at"`
		DurationMS int64  `json:"duration_ms"`
		CSAT       int    `json:"csat"`
		Turns      []turn `json:"turns"`
	}
	lines := []string{
		"Hello, I was charged twice for my order and I would like a refund please.",
		"I am sorry about that, let me look at your account right away.",
		"Sure, the order number is in the email you sent me yesterday evening.",
		"Thank you. I can see the duplicate payment; I will reverse it now.",
		"Xin chào, tôi muốn hỏi về đơn hàng của tôi, nó chưa được giao.",
		"สวัสดีครับ ผมต้องการสอบถามเรื่องการคืนเงิน",
	}
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	enc := json.NewEncoder(w)
	for i := range 10_000 {
		a := i % 40
		r := rec{
			ExternalID: fmt.Sprintf("bench-%05d", i), Channel: "chat",
			Agent:    person{Name: fmt.Sprintf("Agent %02d", a), Email: fmt.Sprintf("agent%02d@example.com", a)},
			Customer: person{Name: "Customer " + fmt.Sprint(i)}, Language: "en", Subject: "Order question",
			StartedAt: start.Add(time.Duration(i) * time.Minute).Format(time.RFC3339), DurationMS: 300_000, CSAT: 1 + i%5,
		}
		for j := 0; j < 12; j++ {
			role, sp := "customer", "Customer"
			if j%2 == 1 {
				role, sp = "agent", r.Agent.Name
			}
			r.Turns = append(r.Turns, turn{Role: role, Speaker: sp, Text: lines[(i+j)%len(lines)], StartMS: int64(j) * 10_000, EndMS: int64(j)*10_000 + 9_000})
		}
		require.NoError(tb, enc.Encode(r))
	}
	require.NoError(tb, w.Flush())
	st, err := f.Stat()
	require.NoError(tb, err)
	require.NoError(tb, f.Close())
	return st.Size()
}

// BenchmarkImportJSONL10k imports a 20 MB JSONL file into a fresh SQLite
// database through the CLI and reports seconds and the peak Go heap
// obtained from the OS (HeapSys, sampled every 20 ms). Targets: ≤ 10 s,
// ≤ 150 MB.
func BenchmarkImportJSONL10k(b *testing.B) {
	dir := b.TempDir()
	file := filepath.Join(dir, "bench.jsonl")
	size := writeJSONL10k(b, file)
	b.SetBytes(size)
	runtime.GC()
	var peak uint64
	var mu sync.Mutex
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				mu.Lock()
				peak = max(peak, ms.HeapSys)
				mu.Unlock()
			}
		}
	}()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		env := map[string]string{"QA_DB": filepath.Join(dir, fmt.Sprintf("qa-%d.db", i))}
		var out, errb strings.Builder
		err := run(context.Background(), []string{"import", file}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
		require.NoError(b, err, errb.String())
		require.Contains(b, out.String(), "Imported 10,000 conversations")
	}
	b.StopTimer()
	close(stop)
	<-done
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/import")
	mu.Lock()
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	mu.Unlock()
}

// TestWriteImportBenchFile writes the benchmark's input to the path in
// QA_BENCH_IMPORT_FILE, to measure the built binary's resident memory:
//
//	QA_BENCH_IMPORT_FILE=/tmp/bench.jsonl go test ./cmd/qascore -run WriteImportBenchFile
//	QA_DB=/tmp/bench.db /usr/bin/time -v qascore import /tmp/bench.jsonl
func TestWriteImportBenchFile(t *testing.T) {
	path := os.Getenv("QA_BENCH_IMPORT_FILE")
	if path == "" {
		t.Skip("QA_BENCH_IMPORT_FILE not set")
	}
	writeJSONL10k(t, path)
}
