package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeFile writes content to name in a temp folder and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

const autoqaChat = `{"external_id": "c-1", "channel": "chat", "language": "en", "started_at": "2025-03-03T10:00:00Z", "turns": [
 {"role": "customer", "text": "My washing machine arrived broken and I'm really upset."},
 {"role": "agent", "text": "Unfortunately, I can't do anything. You have to call the courier."}
]}`

func TestCLIAutoQA(t *testing.T) {
	good := writeFile(t, "chat.json", autoqaChat)
	thai := writeFile(t, "thai.json", `{"external_id": "th-1", "started_at": "2025-03-03T10:00:00Z", "turns": [
 {"role": "customer", "text": "สวัสดีค่ะ ทีวีที่ซื้อไปเมื่อวานมีภาพแต่ไม่มีเสียงค่ะ"},
 {"role": "agent", "text": "สวัสดีค่ะ ขอโทษที่ทำให้ไม่สะดวกนะคะ"}]}`)
	broken := writeFile(t, "broken.json", `{"external_id": "x", "turns": [`)
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string
		stderr     []string
		notStdout  []string
		jsonResult bool
	}{
		{name: "text", args: []string{"autoqa", good}, code: 0,
			stdout: []string{"(c-1) — language en", "positive-language", "/5  confidence", `turn 2 "I can't"`, "try:"}},
		{name: "unsupported language", args: []string{"autoqa", thai}, code: 0,
			stdout: []string{"language th", "not scored: language th not supported"}},
		{name: "json", args: []string{"autoqa", "--json", good}, code: 0, jsonResult: true},
		{name: "no files", args: []string{"autoqa"}, code: 2, stderr: []string{"give one or more conversation files"}},
		{name: "missing file", args: []string{"autoqa", filepath.Join(t.TempDir(), "nope.json")}, code: 1, stderr: []string{"nope.json: no such file"}},
		{name: "bad format flag", args: []string{"autoqa", "--format", "pdf", good}, code: 2, stderr: []string{`unknown format "pdf"`}},
		{name: "flag after files", args: []string{"autoqa", good, "--json"}, code: 2, stderr: []string{"flags go before the files"}},
		{name: "broken file still scores the others", args: []string{"autoqa", broken, good}, code: 1,
			stdout: []string{"(c-1)"}, stderr: []string{"broken.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", tt.args...)
			assert.Equal(t, tt.code, r.Code, "stdout: %s\nstderr: %s", r.Stdout, r.Stderr)
			for _, s := range tt.stdout {
				assert.Contains(t, r.Stdout, s)
			}
			for _, s := range tt.stderr {
				assert.Contains(t, r.Stderr, s)
			}
			if tt.code != 0 {
				// Every problem is one line.
				for _, line := range splitLines(r.Stderr) {
					assert.Contains(t, line, "qascore: ")
				}
			}
			if tt.jsonResult {
				var out []autoqaJSON
				require.NoError(t, json.Unmarshal([]byte(r.Stdout), &out))
				require.Len(t, out, 1)
				assert.Equal(t, "c-1", out[0].ExternalID)
				require.Len(t, out[0].Suggestions, 4)
				pos := out[0].Suggestions[3]
				assert.Equal(t, "positive-language", pos.Criterion)
				require.True(t, pos.Scored)
				require.NotEmpty(t, pos.Evidence)
				for _, e := range pos.Evidence {
					assert.Equal(t, 1, e.TurnSeq)
					assert.Equal(t, string([]rune("Unfortunately, I can't do anything. You have to call the courier.")[e.Start:e.End]), e.Quote)
				}
			}
		})
	}
}

// splitLines splits output into its non-empty lines.
func splitLines(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '\n' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
