package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/cmd/internal/store"
	"github.com/qascore/qascore/scoring"
)

func TestSentenceSpan(t *testing.T) {
	for _, tc := range []struct {
		text  string
		which sentenceChoice
		want  string
	}{
		{"Hello, Lumen Home, Kanya speaking. How can I help today?", firstSentence, "Hello, Lumen Home, Kanya speaking."},
		{"Hello, Lumen Home, Kanya speaking. How can I help today?", lastSentence, "How can I help today?"},
		{"There you go. The router needs the 2.4 GHz network, not the 5 GHz one. Done!", longestSentence, "The router needs the 2.4 GHz network, not the 5 GHz one."},
		{"  Version 2.4 works.  ", firstSentence, "Version 2.4 works."},
		{"Dạ em chào chị Hằng, em là Châu. Em sẽ kiểm tra ngay ạ.", lastSentence, "Em sẽ kiểm tra ngay ạ."},
		// Thai has no full stops: a long turn is cut at a space, never inside a cluster.
		{"สวัสดีค่ะ ยินดีให้บริการค่ะ รบกวนขอหมายเลขคำสั่งซื้อด้วยนะคะ ดิฉันจะตรวจสอบให้ทันทีค่ะ ขอบคุณที่รอสายนะคะ ทีวีของคุณลูกค้าไม่มีเสียงใช่ไหมคะ ลองกดปุ่มปิดเสียงอีกครั้งนะคะ", firstSentence,
			"สวัสดีค่ะ ยินดีให้บริการค่ะ รบกวนขอหมายเลขคำสั่งซื้อด้วยนะคะ ดิฉันจะตรวจสอบให้ทันทีค่ะ ขอบคุณที่รอสายนะคะ"},
		{"", firstSentence, ""},
	} {
		rs := []rune(tc.text)
		s, e := sentenceSpan(rs, tc.which)
		assert.Equal(t, tc.want, string(rs[s:e]), tc.text)
		assert.LessOrEqual(t, e-s, 120)
	}
}

// Every demo review cites words, and every quote is exactly the stored
// text at its offsets (the store checks that too, on insert).
func TestSeedDemoReviewsCiteWords(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "qa.db"), store.Options{Migrate: true})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	_, err = seedDemo(ctx, db, time.Now(), io.Discard)
	require.NoError(t, err)
	list, total, err := db.ListReviews(ctx, scoring.ReviewFilter{Limit: 200})
	require.NoError(t, err)
	require.Positive(t, total)
	quoted := 0
	for _, s := range list {
		r, err := db.Review(ctx, s.ID)
		require.NoError(t, err)
		n := 0
		for _, rt := range r.Ratings {
			for _, ev := range rt.Evidence {
				n++
				assert.True(t, utf8.ValidString(ev.Quote))
				assert.NotEmpty(t, ev.Quote)
			}
		}
		if n >= 3 {
			quoted++
		}
	}
	assert.Equal(t, len(list), quoted, "every demo review quotes at least three passages")
}
