package views

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Sign-in throttling.
//
// Design: three sliding-window counters of FAILED sign-ins, keyed by IP,
// by account, and by the pair (account, IP).
//
//   - Per IP (PerIP failures per Window, any accounts): an attacker
//     hammering from one address is stopped, whichever accounts it tries.
//   - Per account (PerAccount failures per Window, any IPs): once an
//     account has had that many failures it is "under attack", and from then
//     on every IP that has already failed against this account in the window
//     is refused for it.
//
// An IP with no failures against the account may still try, so the real
// user signing in from their own (fresh) address gets in even while someone
// else is guessing their password, and a lock-out cannot be used to deny
// them service. A distributed attacker pays one IP per guess once the
// account is hot, and at most PerIP guesses per IP overall. Successful
// sign-ins clear only the (account, IP) pair, so they do not wipe the
// evidence of an attack from elsewhere.
//
// The counters sit behind LoginThrottle. DBThrottle keeps them in the
// database, so replicas share them (DESIGN §4) and a restart does not
// forgive an attacker; MemoryThrottle is the single-process implementation
// for tests and tools. Both decide with the same rule, verdict.

// ThrottleVerdict says whether a sign-in attempt may go ahead.
type ThrottleVerdict int

// The verdicts: go ahead, or refused because of the IP or the account.
const (
	ThrottleAllow ThrottleVerdict = iota
	ThrottleIP
	ThrottleAccount
)

// LoginThrottle counts failed sign-ins and decides whether the next
// attempt may proceed. account is the normalised email (whether or not such
// a user exists, so throttling reveals nothing), ip the client address.
type LoginThrottle interface {
	Check(ctx context.Context, account, ip string) (ThrottleVerdict, error)
	Failure(ctx context.Context, account, ip string) error
	Success(ctx context.Context, account, ip string) error
}

// ThrottlePolicy sets the limits of a MemoryThrottle.
type ThrottlePolicy struct {
	Window     time.Duration
	PerIP      int // failures from one IP, any accounts
	PerAccount int // failures against one account, any IPs
}

// DefaultThrottlePolicy is 20 failures per IP and 5 per account in 15
// minutes.
func DefaultThrottlePolicy() ThrottlePolicy {
	return ThrottlePolicy{Window: 15 * time.Minute, PerIP: 20, PerAccount: 5}
}

// maxThrottleKeys bounds memory: past it, expired entries are swept.
const maxThrottleKeys = 100_000

// MemoryThrottle is LoginThrottle in process memory. It is safe for
// concurrent use.
type MemoryThrottle struct {
	p   ThrottlePolicy
	now func() time.Time

	mu   sync.Mutex
	ip   map[string][]time.Time
	acct map[string][]time.Time
	pair map[string][]time.Time
}

// NewMemoryThrottle returns an empty in-memory throttle; now may be nil.
func NewMemoryThrottle(p ThrottlePolicy, now func() time.Time) *MemoryThrottle {
	if now == nil {
		now = time.Now
	}
	return &MemoryThrottle{p: p, now: now,
		ip: map[string][]time.Time{}, acct: map[string][]time.Time{}, pair: map[string][]time.Time{}}
}

var _ LoginThrottle = (*MemoryThrottle)(nil)

func pairKey(account, ip string) string { return account + "\x00" + ip }

// recent drops timestamps older than the window and returns what is left.
func (m *MemoryThrottle) recent(tab map[string][]time.Time, key string, now time.Time) []time.Time {
	ts := tab[key]
	cut := 0
	for cut < len(ts) && now.Sub(ts[cut]) >= m.p.Window {
		cut++
	}
	ts = ts[cut:]
	if len(ts) == 0 {
		delete(tab, key)
		return nil
	}
	tab[key] = ts
	return ts
}

// verdict is the throttle rule on the three failure counts in the window.
func (p ThrottlePolicy) verdict(byIP, byAccount, byPair int) ThrottleVerdict {
	if byIP >= p.PerIP {
		return ThrottleIP
	}
	if byAccount >= p.PerAccount && byPair > 0 {
		return ThrottleAccount
	}
	return ThrottleAllow
}

// Check implements LoginThrottle.
func (m *MemoryThrottle) Check(_ context.Context, account, ip string) (ThrottleVerdict, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	return m.p.verdict(len(m.recent(m.ip, ip, now)), len(m.recent(m.acct, account, now)), len(m.recent(m.pair, pairKey(account, ip), now))), nil
}

// Failure implements LoginThrottle.
func (m *MemoryThrottle) Failure(_ context.Context, account, ip string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if len(m.ip)+len(m.acct)+len(m.pair) > maxThrottleKeys {
		m.sweep(now)
	}
	add := func(tab map[string][]time.Time, key string, limit int) {
		ts := append(m.recent(tab, key, now), now)
		// Only the newest limit entries matter for "limit failures in the
		// window", so older ones are dropped to bound memory per key.
		if len(ts) > limit {
			ts = ts[len(ts)-limit:]
		}
		tab[key] = ts
	}
	add(m.ip, ip, m.p.PerIP)
	add(m.acct, account, m.p.PerAccount)
	add(m.pair, pairKey(account, ip), m.p.PerAccount)
	return nil
}

// Success implements LoginThrottle.
func (m *MemoryThrottle) Success(_ context.Context, account, ip string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.pair, pairKey(account, ip))
	return nil
}

func (m *MemoryThrottle) sweep(now time.Time) {
	for _, tab := range []map[string][]time.Time{m.ip, m.acct, m.pair} {
		for k := range tab {
			m.recent(tab, k, now)
		}
	}
}

// DBThrottle is LoginThrottle over failure counts kept in the database.
type DBThrottle struct {
	p   ThrottlePolicy
	f   LoginFailures
	now func() time.Time
}

// NewDBThrottle returns a throttle keeping its counts in f; now may be nil.
func NewDBThrottle(f LoginFailures, p ThrottlePolicy, now func() time.Time) *DBThrottle {
	if now == nil {
		now = time.Now
	}
	return &DBThrottle{p: p, f: f, now: now}
}

var _ LoginThrottle = (*DBThrottle)(nil)

// Check implements LoginThrottle with one query.
func (d *DBThrottle) Check(ctx context.Context, account, ip string) (ThrottleVerdict, error) {
	byIP, byAccount, byPair, err := d.f.LoginFailureCounts(ctx, account, ip, d.now().Add(-d.p.Window))
	if err != nil {
		return ThrottleAllow, fmt.Errorf("throttle check: %w", err)
	}
	return d.p.verdict(byIP, byAccount, byPair), nil
}

// Failure implements LoginThrottle.
func (d *DBThrottle) Failure(ctx context.Context, account, ip string) error {
	if err := d.f.RecordLoginFailure(ctx, account, ip, d.now()); err != nil {
		return fmt.Errorf("throttle failure: %w", err)
	}
	return nil
}

// Success implements LoginThrottle.
func (d *DBThrottle) Success(ctx context.Context, account, ip string) error {
	if err := d.f.ClearLoginFailures(ctx, account, ip); err != nil {
		return fmt.Errorf("throttle success: %w", err)
	}
	return nil
}
