package autoqa

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/qascore/qascore/scoring/transcript"
)

// Text arrives in whatever Unicode form the source tool wrote. Vietnamese
// in particular is often decomposed (NFD: "ệ" as e + two combining marks,
// as macOS and some speech engines write it), and every lexicon is in
// composed form (NFC), so decomposed text would match nothing and be
// scored as if the agent had said nothing useful. The stored text must not
// change (evidence offsets point into it), so the engine scores an NFC copy
// and maps every span back to the original's rune offsets.

// nfcMap maps rune offsets of a turn's NFC form back to its original text.
// norm and orig hold the rune offsets at which the two texts' normalisation
// segments start (plus both ends); segments correspond one to one.
type nfcMap struct{ norm, orig []int }

// toOrig maps a span [start, end) of the NFC text to the original text,
// widening it to whole segments (a segment is a base character with its
// marks, so a span never cuts a character in two).
func (m *nfcMap) toOrig(start, end int) (int, int) {
	k := segmentAt(m.norm, start)
	s := m.orig[k]
	j := segmentAt(m.norm, end)
	e := m.orig[j]
	if m.norm[j] < end { // end inside segment j: take all of it
		e = m.orig[min(j+1, len(m.orig)-1)]
	}
	return s, e
}

// segmentAt returns the index of the last boundary at or before off.
func segmentAt(bounds []int, off int) int {
	lo, hi := 0, len(bounds)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if bounds[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// composeTurns returns in with every turn's text in NFC, and the offset
// maps of the turns that changed (nil when none did, the common case: the
// check is a quick scan and ASCII passes at once).
func composeTurns(in transcript.Interaction) (transcript.Interaction, map[int]*nfcMap) {
	var maps map[int]*nfcMap
	for i, t := range in.Turns {
		if norm.NFC.QuickSpanString(t.Text) == len(t.Text) {
			continue
		}
		if maps == nil {
			turns := make([]transcript.Turn, len(in.Turns))
			copy(turns, in.Turns)
			in.Turns = turns
			maps = map[int]*nfcMap{}
		}
		text, m := composeText(t.Text)
		in.Turns[i].Text = text
		maps[i] = m
	}
	return in, maps
}

// composeText returns the NFC form of text and its offset map, walking the
// normalisation segments of the original.
func composeText(text string) (string, *nfcMap) {
	var it norm.Iter
	it.InitString(norm.NFC, text)
	out := make([]byte, 0, len(text))
	m := &nfcMap{norm: []int{0}, orig: []int{0}}
	nr, or := 0, 0
	prev := 0
	for !it.Done() {
		seg := it.Next()
		out = append(out, seg...)
		nr += utf8.RuneCount(seg)
		or += utf8.RuneCountInString(text[prev:it.Pos()])
		prev = it.Pos()
		m.norm = append(m.norm, nr)
		m.orig = append(m.orig, or)
	}
	return string(out), m
}

// restoreSpans maps the evidence of composed turns back to the original
// text and reference.
func restoreSpans(res *Result, maps map[int]*nfcMap) {
	for i := range res.Suggestions {
		for j := range res.Suggestions[i].Evidence {
			sp := &res.Suggestions[i].Evidence[j]
			if m := maps[sp.TurnSeq]; m != nil {
				sp.Start, sp.End = m.toOrig(sp.Start, sp.End)
			}
		}
	}
}
