package main

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/fixtures"
)

// TestBrowserHeaderLayout checks the shell at the 1280 px width most
// supervisors use: for every role, the brand, the signed-in name and Sign
// out sit on one row, and all the role's links sit on one row (an admin's
// eight links once pushed the name and Sign out onto a line of their own).
func TestBrowserHeaderLayout(t *testing.T) {
	ctx := browser(t)
	app := startApp(t)
	ws := fixtures.MustDemo(t, time.Now())
	seen := map[string]bool{}
	for _, u := range ws.Users {
		if seen[string(u.Role)] {
			continue
		}
		seen[string(u.Role)] = true
		t.Run(string(u.Role), func(t *testing.T) {
			b := tab{t: t, ctx: ctx, app: app}
			b.signIn(u.Email, u.Password)
			step, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			type box struct{ Top, Bottom float64 }
			mid := func(sel string) []float64 {
				got, err := chromedp.Run(step, chromedp.Evaluate[[]box](`Array.from(document.querySelectorAll(`+"`"+sel+"`"+`)).map(e => { const r = e.getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom} })`))
				require.NoError(t, err, sel)
				require.NotEmpty(t, got, sel)
				out := make([]float64, len(got))
				for i, b := range got {
					out[i] = (b.Top + b.Bottom) / 2
				}
				return out
			}
			brand := mid(`header.site nav strong`)[0]
			assert.InDelta(t, brand, mid(`[data-testid=user-name]`)[0], 12, "name on the brand's row")
			assert.InDelta(t, brand, mid(`[data-testid=logout]`)[0], 12, "Sign out on the brand's row")
			links := mid(`[data-testid=nav] a`)
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, y := range links {
				lo, hi = min(lo, y), max(hi, y)
			}
			assert.Less(t, hi-lo, 12.0, "all %d links on one row", len(links))
			_, err := chromedp.Run(step, chromedp.Evaluate[any](`fetch("/logout",{method:"POST"}).then(() => 1)`, chromedp.EvalAwaitPromise))
			require.NoError(t, err)
		})
	}
	assert.Len(t, seen, 4, "every role checked")
}
