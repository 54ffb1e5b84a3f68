package scoring

import (
	"cmp"
	"slices"
	"time"
)

// PeriodBounds returns the period containing now as [start, end) in UTC:
// the ISO week from Monday 00:00, or the calendar month from the 1st
// 00:00. An unknown period is treated as a week.
func PeriodBounds(p Period, now time.Time) (start, end time.Time) {
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if p == PeriodMonth {
		start = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
		return start, start.AddDate(0, 1, 0)
	}
	// Weekday counts from Sunday = 0; ISO weeks start on Monday.
	back := (int(day.Weekday()) + 6) % 7
	start = day.AddDate(0, 0, -back)
	return start, start.AddDate(0, 0, 7)
}

// Candidate is a conversation an assignment could put in a queue, with
// what the sampling strategies sort by.
type Candidate struct {
	InteractionID int64
	AgentID       int64
	CSAT          *int
	DurationMS    int64
	TurnCount     int
	CustomerTurns int
	StartedAt     time.Time
}

// SampleSeed is the random-sampling seed of an assignment in the period
// starting at periodStart. It is fixed for the period, so the queue does
// not reshuffle on every page load, and changes with the next period, so
// each period samples afresh.
func SampleSeed(assignmentID int64, periodStart time.Time) uint64 {
	return mix(uint64(assignmentID)*0x9e3779b97f4a7c15 ^ uint64(periodStart.UTC().Unix()))
}

// mix is SplitMix64's finaliser: a cheap bijection that spreads every
// input bit over the output, good enough to shuffle a review queue (this
// is not cryptographic; nobody gains by predicting it).
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// OrderCandidates sorts cs in place, best pick first, for sampling s:
//
//   - random: by a hash of (seed, interaction id), so the order is stable
//     for a seed and a new conversation slots in without reshuffling the
//     others;
//   - lowest CSAT first, conversations without CSAT last;
//   - longest duration first, then most turns;
//   - most customer turns first.
//
// Ties go to the newest conversation, then the higher id, so the order is
// total and the same on every call. An unknown strategy orders by the
// tie-break alone.
func OrderCandidates(s Sampling, seed uint64, cs []Candidate) {
	primary := func(a, b Candidate) int { return 0 }
	switch s {
	case SampleRandom:
		primary = func(a, b Candidate) int {
			return cmp.Compare(mix(seed^uint64(a.InteractionID)), mix(seed^uint64(b.InteractionID)))
		}
	case SampleLowestCSAT:
		primary = func(a, b Candidate) int {
			switch {
			case a.CSAT == nil && b.CSAT == nil:
				return 0
			case a.CSAT == nil:
				return 1
			case b.CSAT == nil:
				return -1
			}
			return cmp.Compare(*a.CSAT, *b.CSAT)
		}
	case SampleLongest:
		primary = func(a, b Candidate) int {
			if c := cmp.Compare(b.DurationMS, a.DurationMS); c != 0 {
				return c
			}
			return cmp.Compare(b.TurnCount, a.TurnCount)
		}
	case SampleMostCustomer:
		primary = func(a, b Candidate) int { return cmp.Compare(b.CustomerTurns, a.CustomerTurns) }
	}
	slices.SortStableFunc(cs, func(a, b Candidate) int {
		if c := primary(a, b); c != 0 {
			return c
		}
		if c := b.StartedAt.Compare(a.StartedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.InteractionID, a.InteractionID)
	})
}
