package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/qascore/qascore/cmd/internal/store"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring/transcript"
)

// collationNames mix scripts, diacritics and case: byte order gets them
// wrong ("Đỗ" and "ánh" after "Zoe", lowercase after uppercase).
var collationNames = []string{
	"Zoe Adams", "Đỗ Văn Khoa", "ánh Nguyễn", "Anh Trần", "Ōtsuka",
	"Արամ Պետրոսյան", "สมชาย", "Bảo",
}

// wantCollated is the one truth both dialects are checked against: the
// names sorted by x/text's root (CLDR) collator, which ICU's und-x-icu
// matches on these names.
func wantCollated(tb testing.TB) []string {
	tb.Helper()
	c := collate.New(language.Und, collate.IgnoreCase, collate.IgnoreWidth)
	want := slices.Clone(collationNames)
	c.SortStrings(want)
	// Spelled out as well, so a change in the collator shows up here.
	require.Equal(tb, []string{
		"ánh Nguyễn", "Anh Trần", "Bảo", "Đỗ Văn Khoa", "Ōtsuka", "Zoe Adams",
		"Արամ Պետրոսյան", "สมชาย",
	}, want)
	return want
}

func TestNamesSortInRootCollation(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		want := wantCollated(t)
		// Insert in byte order, the order a binary sort would return.
		byBytes := slices.Clone(collationNames)
		slices.Sort(byBytes)
		var users []coaching.User
		for i, n := range byBytes {
			u := coaching.User{Email: fmt.Sprintf("u%d@example.com", i), Name: n, Role: coaching.RoleAgent, PasswordHash: "$argon2id$x"}
			require.NoError(t, db.CreateUser(ctx, &u, system))
			users = append(users, u)
			MustCreateTeam(t, db, n)
			MustCreateRubric(t, db, n)
		}

		t.Run("users", func(t *testing.T) {
			got, total, err := db.ListUsers(ctx, coaching.UserFilter{})
			require.NoError(t, err)
			assert.Equal(t, len(want), total)
			assert.Equal(t, want, names(got))

			// Pages of three stitch back into the same order.
			var paged []coaching.User
			for off := 0; off < total; off += 3 {
				page, _, err := db.ListUsers(ctx, coaching.UserFilter{Limit: 3, Offset: off})
				require.NoError(t, err)
				paged = append(paged, page...)
			}
			assert.Equal(t, want, names(paged))
		})

		t.Run("teams and members", func(t *testing.T) {
			all, err := db.ListTeams(ctx)
			require.NoError(t, err)
			var got []string
			for _, tm := range all {
				got = append(got, tm.Name)
			}
			assert.Equal(t, want, got)

			MustSetMembers(t, db, all[0].Team, nil, users...)
			tm, err := db.Team(ctx, all[0].ID)
			require.NoError(t, err)
			assert.Equal(t, want, names(tm.Agents))
		})

		t.Run("rubrics", func(t *testing.T) {
			list, err := db.ListRubrics(ctx, rubrics.ListFilter{})
			require.NoError(t, err)
			var got []string
			for _, r := range list {
				got = append(got, r.Name)
			}
			assert.Equal(t, want, got)
		})

		t.Run("facets", func(t *testing.T) {
			f, err := db.InteractionFacets(ctx, transcript.Scope{All: true})
			require.NoError(t, err)
			var agents, teams []string
			for _, o := range f.Agents {
				agents = append(agents, o.Name)
			}
			for _, o := range f.Teams {
				teams = append(teams, o.Name)
			}
			assert.Equal(t, want, agents)
			assert.Equal(t, want, teams)
		})

		t.Run("unmapped agents", func(t *testing.T) {
			for i, n := range byBytes {
				in := newInteraction(fmt.Sprintf("unmapped-%d", i), 0, t0, "hi", "hello")
				in.AgentName = n + " (import)"
				MustCreateInteraction(t, db, in)
			}
			un, err := db.UnmappedAgents(ctx)
			require.NoError(t, err)
			var got []string
			for _, a := range un {
				got = append(got, strings.TrimSuffix(a.Name, " (import)"))
			}
			assert.Equal(t, want, got)
		})

		t.Run("ties break by id", func(t *testing.T) {
			// Equal at the collation's strength on SQLite; ICU orders by
			// case. Either way the order is total and repeatable.
			for i, n := range []string{"anh trần", "ANH TRẦN"} {
				u := coaching.User{Email: fmt.Sprintf("tie%d@example.com", i), Name: n, Role: coaching.RoleAgent, PasswordHash: "$argon2id$x"}
				require.NoError(t, db.CreateUser(ctx, &u, system))
			}
			first, _, err := db.ListUsers(ctx, coaching.UserFilter{})
			require.NoError(t, err)
			for range 3 {
				again, _, err := db.ListUsers(ctx, coaching.UserFilter{})
				require.NoError(t, err)
				require.Equal(t, names(first), names(again))
			}
			got := names(first)
			assert.Equal(t, "ánh Nguyễn", got[0])
			assert.ElementsMatch(t, []string{"Anh Trần", "anh trần", "ANH TRẦN"}, got[1:4], "the Anh Trần stay together")
			assert.Equal(t, want[2:], got[4:])
		})
	})
}

func TestCompareNames(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"Đỗ Văn Khoa", "Zoe Adams", -1},
		{"ánh Nguyễn", "Bảo", -1},
		{"anh", "Anh", 0},
		{"Anh", "Ánh", -1},
		{"Zoe", "Արամ", -1},
		{"Արամ", "สมชาย", -1},
		{"", "a", -1},
	} {
		assert.Equal(t, tt.want, store.CompareNames(tt.a, tt.b), "%q vs %q", tt.a, tt.b)
		assert.Equal(t, -tt.want, store.CompareNames(tt.b, tt.a), "%q vs %q", tt.b, tt.a)
	}
}

// benchNames returns n random names built from collationNames' parts.
func benchNames(n int) []string {
	var parts []string
	for _, s := range collationNames {
		parts = append(parts, strings.Fields(s)...)
	}
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	for i := range out {
		out[i] = parts[r.IntN(len(parts))] + " " + parts[r.IntN(len(parts))] + fmt.Sprint(i)
	}
	return out
}

// BenchmarkCompareNames sorts 10,000 names with the SQLite collation (a
// pool of collators) and, for comparison, with one collator behind a
// mutex; "parallel" runs one sort per GOMAXPROCS, as concurrent readers do.
func BenchmarkCompareNames(b *testing.B) {
	src := benchNames(10_000)
	var mu sync.Mutex
	shared := collate.New(language.Und, collate.IgnoreCase, collate.IgnoreWidth)
	locked := func(x, y string) int {
		mu.Lock()
		defer mu.Unlock()
		return shared.CompareString(x, y)
	}
	for _, impl := range []struct {
		name string
		cmp  func(a, b string) int
	}{{"pool", store.CompareNames}, {"mutex", locked}} {
		b.Run(impl.name+"/serial", func(b *testing.B) {
			buf := make([]string, len(src))
			for b.Loop() {
				copy(buf, src)
				slices.SortFunc(buf, impl.cmp)
			}
		})
		b.Run(impl.name+"/parallel", func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				buf := make([]string, len(src))
				for pb.Next() {
					copy(buf, src)
					slices.SortFunc(buf, impl.cmp)
				}
			})
		})
	}
}
