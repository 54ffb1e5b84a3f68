package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/qascore/qascore/cmd/internal/store"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/fixtures"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/autoqa"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/views/password"
)

// cmdSeed loads the demo workspace. It insists on --demo so nobody seeds
// accounts with published passwords into a real workspace by accident.
func cmdSeed(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if help, err := parseCommand("seed", &cfg, args, stdout, nil); help || err != nil {
		return err
	}
	if !cfg.Demo {
		return usageError("seed: nothing to do: pass --demo to load the demo workspace (demo accounts have published passwords)")
	}
	db, err := openStore(ctx, cfg, stderr, true)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = seedDemo(ctx, db, time.Now(), stdout)
	return err
}

// seedDemo writes the demo workspace unless it is already there. It is
// idempotent so `make run` can call it on every start.
func seedDemo(ctx context.Context, db *store.DB, now time.Time, stdout io.Writer) (fixtures.Workspace, error) {
	ws, err := fixtures.Demo(now)
	if err != nil {
		return ws, fmt.Errorf("seed: load demo data: %w", err)
	}
	if len(ws.Users) == 0 {
		return ws, errors.New("seed: demo data has no users")
	}
	if _, err := db.UserByEmail(ctx, ws.Users[0].Email); err == nil {
		return ws, nil // already seeded
	} else if !errors.Is(err, coaching.ErrNotFound) {
		return ws, fmt.Errorf("seed: %w", err)
	}

	hasher := password.NewHasher(2)
	ids := make(map[string]int64, len(ws.Users))
	hashes := make(map[string]string) // demo users share passwords: hash each once
	for _, du := range ws.Users {
		h, ok := hashes[du.Password]
		if !ok {
			if h, err = hasher.Hash(du.Password); err != nil {
				return ws, fmt.Errorf("seed: hash demo password: %w", err)
			}
			hashes[du.Password] = h
		}
		u := coaching.User{Email: du.Email, Name: du.Name, Role: du.Role, PasswordHash: h}
		if err := db.CreateUser(ctx, &u, cliActor); err != nil {
			return ws, fmt.Errorf("seed: user %s: %w", du.Email, err)
		}
		ids[du.Email] = u.ID
	}
	teamIDs := make(map[string]int64, len(ws.Teams))
	for _, dt := range ws.Teams {
		t := coaching.Team{Name: dt.Name}
		if err := db.CreateTeam(ctx, &t, cliActor); err != nil {
			return ws, fmt.Errorf("seed: team %s: %w", dt.Name, err)
		}
		teamIDs[dt.Name] = t.ID
		var ms []coaching.Membership
		for _, e := range dt.Supervisors {
			ms = append(ms, coaching.Membership{TeamID: t.ID, UserID: ids[e], Kind: coaching.MemberSupervisor})
		}
		for _, e := range dt.Agents {
			ms = append(ms, coaching.Membership{TeamID: t.ID, UserID: ids[e], Kind: coaching.MemberAgent})
		}
		if err := db.SetTeamMembers(ctx, t.ID, ms, cliActor); err != nil {
			return ws, fmt.Errorf("seed: members of %s: %w", dt.Name, err)
		}
	}
	ins := make([]transcript.Interaction, len(ws.Interactions))
	for i, di := range ws.Interactions {
		in := di.Interaction
		in.AgentID = ids[di.AgentEmail]
		ins[i] = in
	}
	n, err := db.CreateInteractions(ctx, ins)
	if err != nil {
		return ws, fmt.Errorf("seed: conversations: %w", err)
	}
	rubricID, nReviews, err := seedRubricAndReviews(ctx, db, ws, ins, ids, now)
	if err != nil {
		return ws, err
	}
	if err := seedAssignments(ctx, db, ws, rubricID, ids, teamIDs); err != nil {
		return ws, err
	}
	nModules, err := seedModules(ctx, db, ws, ids, now)
	if err != nil {
		return ws, err
	}
	if err := db.Optimize(ctx); err != nil {
		return ws, fmt.Errorf("seed: refresh statistics: %w", err)
	}
	fmt.Fprintf(stdout, "Seeded the demo workspace: %d users, %d teams, %d conversations, 1 rubric, %d reviews, %d assignments, %d coaching modules.\n", len(ws.Users), len(ws.Teams), n, nReviews, len(ws.Teams), nModules)
	return ws, nil
}

// seedRubricAndReviews publishes the default rubric and the demo reviews
// made with it, so scores and the impact preview have history to show.
func seedRubricAndReviews(ctx context.Context, db *store.DB, ws fixtures.Workspace, ins []transcript.Interaction, userIDs map[string]int64, now time.Time) (rubricID int64, reviews int, err error) {
	r, v, err := fixtures.DefaultRubric()
	if err != nil {
		return 0, 0, fmt.Errorf("seed: default rubric: %w", err)
	}
	r.CreatedBy = userIDs[ws.Users[0].Email]
	if err := db.CreateRubric(ctx, &r, &v, cliActor); err != nil {
		return 0, 0, fmt.Errorf("seed: default rubric: %w", err)
	}
	if v, err = db.PublishVersion(ctx, v.ID, v.Revision, cliActor); err != nil {
		return 0, 0, fmt.Errorf("seed: publish default rubric: %w", err)
	}
	byExternal := make(map[string]transcript.Interaction, len(ins))
	for _, in := range ins {
		byExternal[in.ExternalID] = in
	}
	eng, err := autoqa.New()
	if err != nil {
		return 0, 0, fmt.Errorf("seed: %w", err)
	}
	var demo []scoring.Review
	for _, dr := range fixtures.DemoReviews(ws, v) {
		in := byExternal[dr.ExternalID]
		dr.Ratings = withDemoEvidence(eng, in, dr.Ratings)
		// Reviewed the day after the conversation, but never in the future.
		at := in.StartedAt.Add(24 * time.Hour)
		if at.After(now) {
			at = now
		}
		at = at.UTC()
		res := scoring.Compute(v, dr.Ratings)
		var score *float64
		if res.Available {
			score = &res.Score
		}
		demo = append(demo, scoring.Review{
			InteractionID: in.ID, AgentID: userIDs[dr.AgentEmail], ReviewerID: userIDs[dr.ReviewerEmail],
			VersionID: v.ID, State: scoring.ReviewPublished, Ratings: dr.Ratings, Score: score,
			CreatedAt: at, UpdatedAt: at, SubmittedAt: &at, PublishedAt: &at,
		})
	}
	n, err := db.CreateReviews(ctx, demo, cliActor)
	if err != nil {
		return r.ID, n, fmt.Errorf("seed: demo reviews: %w", err)
	}
	// Agents have read their scorecards older than a week (the day after
	// each was published), so "My scorecards" marks only the recent ones
	// as new, as it would in a team that uses the tool.
	for _, rv := range demo {
		if rv.PublishedAt.Before(now.Add(-7 * 24 * time.Hour)) {
			if err := db.MarkReviewRead(ctx, rv.ID, rv.AgentID, rv.PublishedAt.Add(24*time.Hour)); err != nil {
				return r.ID, n, fmt.Errorf("seed: demo review reads: %w", err)
			}
		}
	}
	return r.ID, n, nil
}

// seedAssignments gives each team's supervisor a weekly assignment on the
// default rubric, so "My queue" — the supervisor's first screen — has
// conversations waiting on the first visit.
func seedAssignments(ctx context.Context, db *store.DB, ws fixtures.Workspace, rubricID int64, userIDs, teamIDs map[string]int64) error {
	for _, t := range ws.Teams {
		if len(t.Supervisors) == 0 {
			continue
		}
		sup := userIDs[t.Supervisors[0]]
		a := scoring.Assignment{
			Name: "Weekly review — " + t.Name, RubricID: rubricID,
			ReviewerIDs: []int64{sup}, TeamIDs: []int64{teamIDs[t.Name]},
			Quota: 3, Period: scoring.PeriodWeek, Sampling: scoring.SampleLowestCSAT,
			Active: true, CreatedBy: sup,
		}
		if err := db.CreateAssignment(ctx, &a, cliActor); err != nil {
			return fmt.Errorf("seed: assignment for %s: %w", t.Name, err)
		}
	}
	return nil
}

// seedModules has the demo trainer write the demo coaching modules and
// assign the first to each team's first two agents (one of whom has done
// it) and the second to each team's third agent, due three days ago, so
// the trainer's and the agents' first screens show every state a plan
// item can be in.
func seedModules(ctx context.Context, db *store.DB, ws fixtures.Workspace, userIDs map[string]int64, now time.Time) (int, error) {
	var trainer int64
	for _, u := range ws.Users {
		if u.Role == coaching.RoleTrainer {
			trainer = userIDs[u.Email]
			break
		}
	}
	if trainer == 0 {
		return 0, nil
	}
	by := scoring.Actor{UserID: trainer}
	var mods []coaching.Module
	for _, m := range fixtures.DemoModules() {
		saved, err := db.CreateModule(ctx, m, by)
		if err != nil {
			return 0, fmt.Errorf("seed: module %q: %w", m.Title, err)
		}
		mods = append(mods, saved)
	}
	today := coaching.Date(now.UTC())
	for _, t := range ws.Teams {
		var agents []int64
		for _, e := range t.Agents {
			agents = append(agents, userIDs[e])
		}
		if len(agents) >= 1 && len(mods) >= 1 {
			first := agents[:min(2, len(agents))]
			if _, err := db.AssignModule(ctx, mods[0].ID, first, today.AddDate(0, 0, 10), by); err != nil {
				return 0, fmt.Errorf("seed: assign module: %w", err)
			}
			as, err := db.ListModuleAssignments(ctx, coaching.AssignmentFilter{ModuleID: mods[0].ID, AgentID: first[0]})
			if err != nil || len(as) == 0 {
				return 0, fmt.Errorf("seed: module assignment: %w", err)
			}
			if _, err := db.CompleteModuleAssignment(ctx, as[0].ID, first[0], now, scoring.Actor{UserID: first[0]}); err != nil {
				return 0, fmt.Errorf("seed: complete module: %w", err)
			}
		}
		if len(agents) >= 3 && len(mods) >= 2 {
			if _, err := db.AssignModule(ctx, mods[1].ID, agents[2:3], today.AddDate(0, 0, -3), by); err != nil {
				return 0, fmt.Errorf("seed: assign module: %w", err)
			}
		}
	}
	return len(mods), nil
}
