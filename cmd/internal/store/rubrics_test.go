package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// sampleSections is valid, publishable content that exercises every
// field: non-Latin text, a custom scale with fractional scores, anchors,
// and every flag.
func sampleSections() []rubrics.Section {
	return []rubrics.Section{
		{
			Key: "opening", Name: "การทักทาย Chào hỏi", Description: "Mở đầu cuộc trò chuyện\nบรรทัดที่สอง",
			FailSection: true,
			Criteria: []rubrics.Criterion{
				{
					Key: "greeting", Name: "ทักทายลูกค้า", Guidance: "Chào khách bằng tên — use the name",
					Anchors:     map[int]string{1: "Không chào", 3: "ทักทายทั่วไป", 5: "Chào bằng tên và giới thiệu bản thân 🙏🏽"},
					GoodExample: "Dạ em chào anh Minh ạ", PoorExample: "hi",
					Scale: rubrics.Scale{Kind: rubrics.Scale5}, Weight: 20, AllowNA: true, EvidenceBelowMax: true,
				},
				{
					Key: "verify-identity", Name: "Xác minh danh tính", Scale: rubrics.Scale{Kind: rubrics.ScaleBinary},
					Weight: 30, Critical: true, Anchors: map[int]string{0: "ไม่ได้ยืนยัน", 1: "ยืนยันแล้ว"},
				},
			},
		},
		{
			Key: "resolution", Name: "Giải quyết", Criteria: []rubrics.Criterion{
				{
					Key: "resolved", Name: "Đã giải quyết vấn đề",
					Scale: rubrics.Scale{Kind: rubrics.ScaleCustom, Outcomes: []rubrics.Outcome{
						{Label: "Giải quyết hoàn toàn", Score: 1, Pass: true},
						{Label: "แก้ไขบางส่วน", Score: 0.6666666666666666, Pass: true},
						{Label: "Chuyển tiếp", Score: 0.125},
						{Label: "Không giải quyết", Score: 0},
					}},
					Weight: 50, Anchors: map[int]string{0: "Khách xác nhận đã xong", 3: "—"},
				},
			},
		},
		{
			Key: "extra-mile", Name: "พิเศษ", Bonus: true, Criteria: []rubrics.Criterion{
				{Key: "proactive", Name: "Chủ động", Scale: rubrics.Scale{Kind: rubrics.Scale3}, Weight: 10, Bonus: true},
			},
		},
	}
}

func sampleVersion() rubrics.Version {
	return rubrics.Version{ScoreCap: 150, SecondCheck: true, Sections: sampleSections()}
}

// MustCreateRubric stores a rubric with the sample content as its
// version 1 draft.
func MustCreateRubric(tb testing.TB, db testDB, name string) (rubrics.Rubric, rubrics.Version) {
	tb.Helper()
	r := rubrics.Rubric{Name: name, Description: "mô tả " + name}
	v := sampleVersion()
	require.NoError(tb, db.CreateRubric(context.Background(), &r, &v, system))
	return r, v
}

// MustPublish publishes v at its current revision.
func MustPublish(tb testing.TB, db testDB, v rubrics.Version) rubrics.Version {
	tb.Helper()
	out, err := db.PublishVersion(context.Background(), v.ID, v.Revision, system)
	require.NoError(tb, err)
	return out
}

// rawContent is a version's content column exactly as stored.
func (db testDB) rawContent(tb testing.TB, versionID int64) string {
	tb.Helper()
	var s string
	require.NoError(tb, db.raw.QueryRowContext(context.Background(),
		db.rebind("SELECT content FROM rubric_versions WHERE id = ?"), versionID).Scan(&s))
	return s
}

func TestMigrationsIncludeRubrics(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		cur, latest, err := db.SchemaVersion(context.Background())
		require.NoError(t, err)
		assert.GreaterOrEqual(t, cur, int64(3))
		assert.Equal(t, latest, cur)
		for _, table := range []string{"rubrics", "rubric_versions", "reviews", "review_ratings"} {
			assert.Zero(t, db.count(t, "SELECT COUNT(*) FROM "+table), table)
		}
	})
}

func TestRubricRoundTrip(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		author := MustCreateUser(t, db, "author", coaching.RoleTrainer)
		r := rubrics.Rubric{Name: "  Chất lượng hội thoại — คุณภาพ  ", Description: " Thang điểm chuẩn "}
		in := sampleVersion()
		in.ID, in.Number, in.Status, in.Revision = 99, 7, rubrics.StatusPublished, 42 // ignored
		v := in
		require.NoError(t, db.CreateRubric(ctx, &r, &v, scoring.Actor{UserID: author.ID}))

		assert.Positive(t, r.ID)
		assert.Equal(t, "Chất lượng hội thoại — คุณภาพ", r.Name)
		assert.Equal(t, "Thang điểm chuẩn", r.Description)
		assert.Equal(t, author.ID, r.CreatedBy)
		assert.False(t, r.CreatedAt.IsZero())
		assert.Positive(t, v.ID)
		assert.Equal(t, r.ID, v.RubricID)
		assert.Equal(t, 1, v.Number)
		assert.Equal(t, rubrics.StatusDraft, v.Status)
		assert.EqualValues(t, 1, v.Revision)
		assert.Nil(t, v.PublishedAt)
		assert.Equal(t, in.Sections, v.Sections)

		gotR, refs, err := db.Rubric(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, r, gotR)
		assert.Equal(t, []rubrics.VersionRef{{ID: v.ID, Number: 1, Status: rubrics.StatusDraft}}, refs)

		got, err := db.Version(ctx, v.ID)
		require.NoError(t, err)
		assert.Equal(t, v, got)
		assert.Equal(t, 150, got.ScoreCap)
		assert.True(t, got.SecondCheck)

		// Reading and saving unchanged content stores the same bytes.
		before := db.rawContent(t, v.ID)
		assert.True(t, strings.HasPrefix(before, `{"format":1,`), before)
		require.NoError(t, db.SaveDraft(ctx, &got, system))
		assert.Equal(t, before, db.rawContent(t, v.ID))
		assert.EqualValues(t, 2, got.Revision)
		again, err := db.Version(ctx, v.ID)
		require.NoError(t, err)
		assert.Equal(t, got, again)
		assert.Equal(t, in.Sections, again.Sections)

		// Empty and nil slices and maps keep their difference.
		edge := again
		edge.Sections = []rubrics.Section{{Key: "s", Criteria: []rubrics.Criterion{}}, {Key: "t"},
			{Key: "u", Criteria: []rubrics.Criterion{{Key: "c", Anchors: map[int]string{}, Scale: rubrics.Scale{Kind: rubrics.ScaleCustom, Outcomes: []rubrics.Outcome{}}}}}}
		require.NoError(t, db.SaveDraft(ctx, &edge, system))
		gotEdge, err := db.Version(ctx, v.ID)
		require.NoError(t, err)
		assert.Equal(t, edge.Sections, gotEdge.Sections)

		t.Run("not found", func(t *testing.T) {
			_, _, err := db.Rubric(ctx, 424242)
			assert.ErrorIs(t, err, rubrics.ErrNotFound)
			_, err = db.Version(ctx, 424242)
			assert.ErrorIs(t, err, rubrics.ErrNotFound)
			_, err = db.NewDraft(ctx, 424242, system)
			assert.ErrorIs(t, err, rubrics.ErrNotFound)
		})

		events, err := db.AuditEvents(ctx, 10)
		require.NoError(t, err)
		assert.Equal(t, "rubric_version.save", events[0].Action)
		assert.Equal(t, "rubric.create", events[2].Action)
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}

func TestRubricNames(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		a, _ := MustCreateRubric(t, db, "Chat QA")
		b, _ := MustCreateRubric(t, db, "Email QA")
		nRubrics := db.count(t, "SELECT COUNT(*) FROM rubrics")

		t.Run("taken name", func(t *testing.T) {
			v := sampleVersion()
			err := db.CreateRubric(ctx, &rubrics.Rubric{Name: " Chat QA "}, &v, system)
			assert.ErrorIs(t, err, rubrics.ErrConflict)
			assert.Contains(t, err.Error(), "already exists")
			assert.Equal(t, nRubrics, db.count(t, "SELECT COUNT(*) FROM rubrics"))
			assert.EqualValues(t, 2, db.count(t, "SELECT COUNT(*) FROM rubric_versions"))

			upd := b
			upd.Name = "Chat QA"
			assert.ErrorIs(t, db.UpdateRubric(ctx, &upd, system), rubrics.ErrConflict)
		})
		for _, tc := range []struct{ name, in string }{
			{"empty", "   "},
			{"too long", strings.Repeat("ก", 121)},
			{"line break", "a\nb"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				v := sampleVersion()
				err := db.CreateRubric(ctx, &rubrics.Rubric{Name: tc.in}, &v, system)
				require.ErrorIs(t, err, rubrics.ErrInvalid)
				var p rubrics.Problems
				require.ErrorAs(t, err, &p)
				assert.NotEmpty(t, p.At("name"))
				assert.Equal(t, nRubrics, db.count(t, "SELECT COUNT(*) FROM rubrics"))
			})
		}
		t.Run("120 characters", func(t *testing.T) {
			MustCreateRubric(t, db, strings.Repeat("ắ", 120))
		})
		t.Run("named author", func(t *testing.T) {
			author := MustCreateUser(t, db, "importer", coaching.RoleTrainer)
			r := rubrics.Rubric{Name: "Imported", CreatedBy: author.ID}
			v := sampleVersion()
			require.NoError(t, db.CreateRubric(ctx, &r, &v, system))
			assert.Equal(t, author.ID, r.CreatedBy)
		})
		t.Run("update", func(t *testing.T) {
			upd := rubrics.Rubric{ID: a.ID, Name: "Chat QA v2", Description: ""}
			require.NoError(t, db.UpdateRubric(ctx, &upd, system))
			assert.Equal(t, a.CreatedAt, upd.CreatedAt)
			assert.Empty(t, upd.Description)
			got, _, err := db.Rubric(ctx, a.ID)
			require.NoError(t, err)
			assert.Equal(t, upd, got)
			assert.ErrorIs(t, db.UpdateRubric(ctx, &rubrics.Rubric{ID: 424242, Name: "x"}, system), rubrics.ErrNotFound)
		})
	})
}

func TestPublishedVersionIsFrozen(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		_, v := MustCreateRubric(t, db, "Frozen")
		pub := MustPublish(t, db, v)
		require.Equal(t, rubrics.StatusPublished, pub.Status)
		require.NotNil(t, pub.PublishedAt)
		content := db.rawContent(t, v.ID)

		t.Run("through the store", func(t *testing.T) {
			edit, err := db.Version(ctx, v.ID) // a copy: pub's slices stay untouched
			require.NoError(t, err)
			edit.Sections[0].Name = "changed"
			err = db.SaveDraft(ctx, &edit, system)
			require.ErrorIs(t, err, rubrics.ErrConflict)
			assert.Contains(t, err.Error(), "version 1 is published and frozen")
			assert.ErrorIs(t, db.DeleteDraft(ctx, v.ID, system), rubrics.ErrConflict)
			_, err = db.PublishVersion(ctx, v.ID, pub.Revision, system)
			assert.ErrorIs(t, err, rubrics.ErrConflict)
		})
		t.Run("by direct SQL", func(t *testing.T) {
			for _, q := range []string{
				`UPDATE rubric_versions SET content = '{"format":1}' WHERE id = ?`,
				`UPDATE rubric_versions SET score_cap = 200 WHERE id = ?`,
				`UPDATE rubric_versions SET second_check = NOT second_check WHERE id = ?`,
				`UPDATE rubric_versions SET number = 9 WHERE id = ?`,
				`UPDATE rubric_versions SET revision = revision + 1 WHERE id = ?`,
				`UPDATE rubric_versions SET status = 'draft', published_at = NULL WHERE id = ?`,
				`DELETE FROM rubric_versions WHERE id = ?`,
			} {
				err := db.exec(t, q, v.ID)
				require.Error(t, err, q)
				assert.Regexp(t, "frozen|not allowed", err.Error(), q)
			}
			got, err := db.Version(ctx, v.ID)
			require.NoError(t, err)
			assert.Equal(t, pub, got)
			assert.Equal(t, content, db.rawContent(t, v.ID))
		})
		t.Run("archived stays archived", func(t *testing.T) {
			require.NoError(t, db.ArchiveVersion(ctx, v.ID, system))
			err := db.exec(t, `UPDATE rubric_versions SET status = 'published' WHERE id = ?`, v.ID)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "not allowed")
			require.Error(t, db.exec(t, `UPDATE rubric_versions SET content = '{"format":1}' WHERE id = ?`, v.ID))
			require.Error(t, db.exec(t, `DELETE FROM rubric_versions WHERE id = ?`, v.ID))
			assert.Equal(t, content, db.rawContent(t, v.ID))
		})
		t.Run("drafts only become published with a time", func(t *testing.T) {
			d, err := db.NewDraft(ctx, v.RubricID, system)
			require.NoError(t, err)
			require.Error(t, db.exec(t, `UPDATE rubric_versions SET status = 'archived', published_at = updated_at WHERE id = ?`, d.ID))
			require.Error(t, db.exec(t, `UPDATE rubric_versions SET status = 'published' WHERE id = ?`, d.ID))
			// A draft's content is free to change.
			require.NoError(t, db.exec(t, `UPDATE rubric_versions SET score_cap = 100 WHERE id = ?`, d.ID))
		})
	})
}

func TestNewDraftCopiesLatestVersion(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		r, v1 := MustCreateRubric(t, db, "Drafts")

		same, err := db.NewDraft(ctx, r.ID, system)
		require.NoError(t, err)
		assert.Equal(t, v1, same, "an existing draft is returned, not copied")

		pub := MustPublish(t, db, v1)
		v2, err := db.NewDraft(ctx, r.ID, system)
		require.NoError(t, err)
		assert.NotEqual(t, v1.ID, v2.ID)
		assert.Equal(t, 2, v2.Number)
		assert.Equal(t, rubrics.StatusDraft, v2.Status)
		assert.EqualValues(t, 1, v2.Revision)
		assert.Nil(t, v2.PublishedAt)
		assert.Equal(t, pub.Sections, v2.Sections)
		assert.Equal(t, pub.ScoreCap, v2.ScoreCap)
		assert.Equal(t, pub.SecondCheck, v2.SecondCheck)
		assert.Equal(t, db.rawContent(t, v1.ID), db.rawContent(t, v2.ID))
		keys := func(v rubrics.Version) []string {
			var out []string
			for _, sc := range v.Criteria() {
				out = append(out, sc.Criterion.Key)
			}
			return out
		}
		assert.Equal(t, keys(pub), keys(v2))

		again, err := db.NewDraft(ctx, r.ID, system)
		require.NoError(t, err)
		assert.Equal(t, v2, again)

		_, refs, err := db.Rubric(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, []rubrics.VersionRef{
			{ID: v2.ID, Number: 2, Status: rubrics.StatusDraft},
			{ID: v1.ID, Number: 1, Status: rubrics.StatusPublished},
		}, refs)
	})
}

func TestSaveDraftStaleRevision(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		_, v := MustCreateRubric(t, db, "Stale")
		mine, theirs := v, v

		theirs.Sections[0].Name = "theirs"
		require.NoError(t, db.SaveDraft(ctx, &theirs, system))
		assert.EqualValues(t, 2, theirs.Revision)
		stored := db.rawContent(t, v.ID)
		events := db.count(t, "SELECT COUNT(*) FROM audit_events")

		mine.Sections[0].Name = "mine"
		mine.ScoreCap = 100
		err := db.SaveDraft(ctx, &mine, system)
		require.ErrorIs(t, err, rubrics.ErrConflict)
		assert.Contains(t, err.Error(), "someone else saved this draft")
		assert.Contains(t, err.Error(), "reload")
		assert.Equal(t, stored, db.rawContent(t, v.ID))
		assert.Equal(t, events, db.count(t, "SELECT COUNT(*) FROM audit_events"))
		got, err := db.Version(ctx, v.ID)
		require.NoError(t, err)
		assert.Equal(t, theirs, got)

		_, err = db.PublishVersion(ctx, v.ID, 1, system)
		require.ErrorIs(t, err, rubrics.ErrConflict)
		assert.Contains(t, err.Error(), "reload")

		err = db.SaveDraft(ctx, &rubrics.Version{ID: 424242, Revision: 1}, system)
		assert.ErrorIs(t, err, rubrics.ErrNotFound)
	})
}

func TestPublishVersion(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		publisher := MustCreateUser(t, db, "publisher", coaching.RoleAdmin)
		r, v1 := MustCreateRubric(t, db, "Publish")
		p1, err := db.PublishVersion(ctx, v1.ID, v1.Revision, scoring.Actor{UserID: publisher.ID})
		require.NoError(t, err)
		assert.Equal(t, publisher.ID, p1.PublishedBy)
		assert.Equal(t, v1.Sections, p1.Sections)

		v2, err := db.NewDraft(ctx, r.ID, system)
		require.NoError(t, err)

		t.Run("invalid content is Problems, unchanged", func(t *testing.T) {
			bad := v2
			bad.ScoreCap = 0
			bad.Sections[0].Criteria[0].Weight = 101
			require.NoError(t, db.SaveDraft(ctx, &bad, system))
			_, err := db.PublishVersion(ctx, bad.ID, bad.Revision, system)
			require.ErrorIs(t, err, rubrics.ErrInvalid)
			p, ok := err.(rubrics.Problems)
			require.True(t, ok, "the validator's Problems come back as they are: %T", err)
			assert.NotEmpty(t, p.At("score_cap"))
			assert.NotEmpty(t, p.At("sections[0].criteria[0].weight"))
			got, err := db.Version(ctx, v1.ID)
			require.NoError(t, err)
			assert.Equal(t, rubrics.StatusPublished, got.Status, "nothing archived")

			bad.ScoreCap, bad.Sections = v1.ScoreCap, v1.Sections
			require.NoError(t, db.SaveDraft(ctx, &bad, system))
			v2 = bad
		})

		p2, err := db.PublishVersion(ctx, v2.ID, v2.Revision, system)
		require.NoError(t, err)
		assert.Equal(t, rubrics.StatusPublished, p2.Status)
		require.NotNil(t, p2.PublishedAt)
		assert.Zero(t, p2.PublishedBy)
		old, err := db.Version(ctx, v1.ID)
		require.NoError(t, err)
		assert.Equal(t, rubrics.StatusArchived, old.Status)
		assert.Equal(t, p1.PublishedAt, old.PublishedAt)
		assert.Equal(t, p1.Sections, old.Sections)

		list, err := db.ListRubrics(ctx, rubrics.ListFilter{})
		require.NoError(t, err)
		require.Len(t, list, 1)
		assert.Equal(t, &rubrics.VersionRef{ID: v2.ID, Number: 2, Status: rubrics.StatusPublished}, list[0].Published)
		assert.EqualValues(t, 1, db.count(t, "SELECT COUNT(*) FROM rubric_versions WHERE status = 'published'"))

		// Bypassing the store cannot make two published versions either.
		v3, err := db.NewDraft(ctx, r.ID, system)
		require.NoError(t, err)
		err = db.exec(t, "UPDATE rubric_versions SET status = 'published', published_at = updated_at WHERE id = ?", v3.ID)
		require.Error(t, err)
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}

func TestConcurrentNewDraft(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		r, v1 := MustCreateRubric(t, db, "Race")
		MustPublish(t, db, v1)

		const n = 8
		var (
			wg     sync.WaitGroup
			ids    = make([]int64, n)
			errs   = make([]error, n)
			starts = make(chan struct{})
		)
		for i := range n {
			wg.Go(func() {
				<-starts
				v, err := db.NewDraft(ctx, r.ID, system)
				ids[i], errs[i] = v.ID, err
			})
		}
		close(starts)
		wg.Wait()
		var winner int64
		for i := range n {
			if errs[i] != nil {
				assert.ErrorIs(t, errs[i], rubrics.ErrConflict)
				continue
			}
			if winner == 0 {
				winner = ids[i]
			}
			assert.Equal(t, winner, ids[i], "every caller gets the same draft")
		}
		assert.NotZero(t, winner)
		assert.EqualValues(t, 1, db.count(t, "SELECT COUNT(*) FROM rubric_versions WHERE rubric_id = ? AND status = 'draft'", r.ID))
		assert.EqualValues(t, 2, db.count(t, "SELECT COUNT(*) FROM rubric_versions WHERE rubric_id = ?", r.ID))
	})
}

func TestArchiveVersion(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		r, v1 := MustCreateRubric(t, db, "Archive")
		err := db.ArchiveVersion(ctx, v1.ID, system)
		require.ErrorIs(t, err, rubrics.ErrConflict)
		assert.Contains(t, err.Error(), "draft")

		MustPublish(t, db, v1)
		require.NoError(t, db.ArchiveVersion(ctx, v1.ID, system))
		got, err := db.Version(ctx, v1.ID)
		require.NoError(t, err)
		assert.Equal(t, rubrics.StatusArchived, got.Status)
		assert.NotNil(t, got.PublishedAt)
		assert.ErrorIs(t, db.ArchiveVersion(ctx, v1.ID, system), rubrics.ErrConflict)
		assert.ErrorIs(t, db.ArchiveVersion(ctx, 424242, system), rubrics.ErrNotFound)

		list, err := db.ListRubrics(ctx, rubrics.ListFilter{PublishedOnly: true})
		require.NoError(t, err)
		assert.Empty(t, list)

		// After archiving, a new draft copies the archived content.
		v2, err := db.NewDraft(ctx, r.ID, system)
		require.NoError(t, err)
		assert.Equal(t, 2, v2.Number)
		assert.Equal(t, v1.Sections, v2.Sections)
	})
}

func TestDeleteDraft(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		r, v1 := MustCreateRubric(t, db, "Delete")
		err := db.DeleteDraft(ctx, v1.ID, system)
		require.ErrorIs(t, err, rubrics.ErrConflict, "the only version stays")
		assert.Contains(t, err.Error(), "only version")

		MustPublish(t, db, v1)
		v2, err := db.NewDraft(ctx, r.ID, system)
		require.NoError(t, err)
		err = db.DeleteDraft(ctx, v1.ID, system)
		require.ErrorIs(t, err, rubrics.ErrConflict)
		assert.Contains(t, err.Error(), "frozen")

		require.NoError(t, db.DeleteDraft(ctx, v2.ID, system))
		_, err = db.Version(ctx, v2.ID)
		assert.ErrorIs(t, err, rubrics.ErrNotFound)
		assert.ErrorIs(t, db.DeleteDraft(ctx, v2.ID, system), rubrics.ErrNotFound)

		// The number is free again for the next draft.
		v3, err := db.NewDraft(ctx, r.ID, system)
		require.NoError(t, err)
		assert.Equal(t, 2, v3.Number)
		events, err := db.AuditEvents(ctx, 3)
		require.NoError(t, err)
		assert.Equal(t, "rubric_version.delete", events[1].Action)
		assert.Contains(t, events[1].Before, `"content":{"format":1`)
	})
}

func TestListRubrics(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		list, err := db.ListRubrics(ctx, rubrics.ListFilter{})
		require.NoError(t, err)
		assert.NotNil(t, list)
		assert.Empty(t, list)

		c, c1 := MustCreateRubric(t, db, "Chat")
		MustPublish(t, db, c1)
		c2, err := db.NewDraft(ctx, c.ID, system)
		require.NoError(t, err)
		a, a1 := MustCreateRubric(t, db, "Audio")
		e, e1 := MustCreateRubric(t, db, "Email")
		MustPublish(t, db, e1)
		require.NoError(t, db.ArchiveVersion(ctx, e1.ID, system))

		stmts := db.Statements()
		list, err = db.ListRubrics(ctx, rubrics.ListFilter{})
		require.NoError(t, err)
		assert.LessOrEqual(t, db.Statements()-stmts, int64(2), "no N+1")
		require.Len(t, list, 3)
		assert.Equal(t, []string{"Audio", "Chat", "Email"}, []string{list[0].Name, list[1].Name, list[2].Name})
		assert.Equal(t, a, list[0].Rubric)
		assert.Equal(t, rubrics.Summary{Rubric: a, Latest: rubrics.VersionRef{ID: a1.ID, Number: 1, Status: rubrics.StatusDraft}, Versions: 1}, list[0])
		assert.Equal(t, rubrics.Summary{
			Rubric: c, Latest: rubrics.VersionRef{ID: c2.ID, Number: 2, Status: rubrics.StatusDraft},
			Published: &rubrics.VersionRef{ID: c1.ID, Number: 1, Status: rubrics.StatusPublished}, Versions: 2,
		}, list[1])
		assert.Equal(t, rubrics.Summary{Rubric: e, Latest: rubrics.VersionRef{ID: e1.ID, Number: 1, Status: rubrics.StatusArchived}, Versions: 1}, list[2])

		stmts = db.Statements()
		list, err = db.ListRubrics(ctx, rubrics.ListFilter{PublishedOnly: true})
		require.NoError(t, err)
		assert.LessOrEqual(t, db.Statements()-stmts, int64(2), "no N+1")
		require.Len(t, list, 1)
		assert.Equal(t, "Chat", list[0].Name)
		assert.Equal(t, 2, list[0].Versions)
	})
}

// Guard against a validator that starts rejecting the sample content:
// every publish in these tests depends on it.
func TestSampleVersionIsValid(t *testing.T) {
	v := sampleVersion()
	err := v.Validate()
	var p rubrics.Problems
	if errors.As(err, &p) {
		t.Fatalf("sample version is invalid: %v", p)
	}
	require.NoError(t, err)
}

// A save and a publish of the same draft at the same revision: exactly
// one wins and the other is a conflict (never a deadlock or a lost save).
func TestSaveDraftRacesPublish(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		r, v := MustCreateRubric(t, db, "Race publish")
		for round := range 10 {
			if round > 0 {
				var err error
				v, err = db.NewDraft(ctx, r.ID, system)
				require.NoError(t, err)
			}
			edit, err := db.Version(ctx, v.ID)
			require.NoError(t, err)
			edit.Sections[0].Description = "edited"
			var (
				wg                 sync.WaitGroup
				saveErr, publishEr error
				start              = make(chan struct{})
			)
			wg.Go(func() { <-start; saveErr = db.SaveDraft(ctx, &edit, system) })
			wg.Go(func() { <-start; _, publishEr = db.PublishVersion(ctx, v.ID, v.Revision, system) })
			close(start)
			wg.Wait()
			require.True(t, (saveErr == nil) != (publishEr == nil), "round %d: save %v, publish %v", round, saveErr, publishEr)
			for _, err := range []error{saveErr, publishEr} {
				if err != nil {
					assert.ErrorIs(t, err, rubrics.ErrConflict)
				}
			}
			if publishEr != nil {
				// The save won; publish what was saved so the next round
				// starts from a published version.
				MustPublish(t, db, edit)
			}
		}
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}
