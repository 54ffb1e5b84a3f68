package rubrics_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/rubrics"
)

func TestNextDraft(t *testing.T) {
	orig := validVersion()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	orig.ID, orig.RubricID, orig.Number, orig.Status = 7, 3, 2, rubrics.StatusPublished
	orig.Revision, orig.PublishedAt, orig.PublishedBy = 5, &now, 9
	orig.CreatedAt, orig.UpdatedAt = now, now
	want := validVersion() // the content orig had before the copy

	d := orig.NextDraft()
	assert.Zero(t, d.ID)
	assert.Equal(t, int64(3), d.RubricID)
	assert.Equal(t, 3, d.Number)
	assert.Equal(t, rubrics.StatusDraft, d.Status)
	assert.Zero(t, d.Revision)
	assert.Nil(t, d.PublishedAt)
	assert.Zero(t, d.PublishedBy)
	assert.True(t, d.CreatedAt.IsZero())
	assert.Equal(t, orig.Sections, d.Sections, "same content and keys")
	require.NoError(t, d.Validate())

	// Change everything reachable in the copy; the original must not move.
	d.Sections[0].Name = "changed"
	d.Sections[0].Criteria[0].Key = "changed"
	d.Sections[0].Criteria[0].Anchors[1] = "changed"
	d.Sections[0].Criteria[0].Anchors[2] = "added"
	d.Sections[1].Criteria[0].Scale.Outcomes[0].Label = "changed"
	d.Sections[0].Criteria = append(d.Sections[0].Criteria[:1], d.Sections[0].Criteria[1:]...)
	d.Sections = append(d.Sections[:1], rubrics.Section{Key: "new"})
	assert.Equal(t, want.Sections, orig.Sections)
}

func TestCriterionLookup(t *testing.T) {
	v := validVersion()
	c, s, ok := v.Criterion("resolved")
	require.True(t, ok)
	assert.Equal(t, "Resolved", c.Name)
	assert.Equal(t, "resolution", s.Key)

	c.Scale.Outcomes[0].Label = "changed"
	s.Criteria[0].Name = "changed"
	assert.Equal(t, validVersion(), v, "lookups return copies")

	_, _, ok = v.Criterion("nope")
	assert.False(t, ok)
}

func TestCanTransition(t *testing.T) {
	all := []rubrics.VersionStatus{rubrics.StatusDraft, rubrics.StatusPublished, rubrics.StatusArchived, "bogus"}
	allowed := map[[2]rubrics.VersionStatus]bool{
		{rubrics.StatusDraft, rubrics.StatusPublished}:    true,
		{rubrics.StatusPublished, rubrics.StatusArchived}: true,
	}
	for _, from := range all {
		for _, to := range all {
			assert.Equal(t, allowed[[2]rubrics.VersionStatus{from, to}], rubrics.CanTransition(from, to), "%s → %s", from, to)
		}
	}
}

func TestCheckEditable(t *testing.T) {
	tests := []struct {
		status rubrics.VersionStatus
		want   string
	}{
		{rubrics.StatusDraft, ""},
		{rubrics.StatusPublished, "version 3 is published and frozen; edit a new draft instead"},
		{rubrics.StatusArchived, "version 3 is archived and frozen; edit a new draft instead"},
		{"", "unknown status"},
	}
	for _, tt := range tests {
		v := rubrics.Version{Number: 3, Status: tt.status}
		err := v.CheckEditable()
		if tt.want == "" {
			assert.NoError(t, err)
			assert.True(t, v.Editable())
			continue
		}
		assert.ErrorIs(t, err, rubrics.ErrConflict)
		assert.Contains(t, err.Error(), tt.want)
		assert.False(t, v.Editable())
	}
}

func TestNewKey(t *testing.T) {
	taken := map[string]bool{"empathy": true, "criterion-1": true, "section-1": true, "clarity": true, "clarity-2": true}
	long := "A very long criterion name that goes on and on well past the sixty-four character limit"
	tests := []struct {
		name string
		fn   func(string, map[string]bool) string
		want string
	}{
		{"Positive language", rubrics.NewKey, "positive-language"},
		{"  Resolution & product knowledge!! ", rubrics.NewKey, "resolution-product-knowledge"},
		{"Step 2: verify", rubrics.NewKey, "step-2-verify"},
		{"Empathy", rubrics.NewKey, "empathy-2"},
		{"Clarity", rubrics.NewKey, "clarity-3"},
		{"Café crème", rubrics.NewKey, "criterion-2"},
		{"Upsell 🚀 offer", rubrics.NewKey, "upsell-offer"},
		{"ความเห็นอกเห็นใจ", rubrics.NewKey, "criterion-2"},
		{"Կարեկցանք", rubrics.NewKey, "criterion-2"},
		{"", rubrics.NewKey, "criterion-2"},
		{"---", rubrics.NewKey, "criterion-2"},
		{"Lời chào", rubrics.NewSectionKey, "section-2"},
		{"การทักทาย", rubrics.NewSectionKey, "section-2"},
		{long, rubrics.NewKey, "a-very-long-criterion-name-that-goes-on-and-on-well-past-the-six"},
	}
	for _, tt := range tests {
		got := tt.fn(tt.name, taken)
		assert.Equal(t, tt.want, got, "%q", tt.name)
		assert.True(t, rubrics.ValidKey(got), "%q is valid", got)
		assert.False(t, taken[got])
	}
	assert.Len(t, taken, 5, "NewKey does not change taken")

	// A long name that is taken keeps its suffix inside 64 characters.
	k := rubrics.NewKey(long, map[string]bool{"a-very-long-criterion-name-that-goes-on-and-on-well-past-the-six": true})
	assert.Equal(t, "a-very-long-criterion-name-that-goes-on-and-on-well-past-the-s-2", k)
	assert.True(t, rubrics.ValidKey(k))

	// Keys made one after another stay unique.
	v := validVersion()
	_, crits := v.TakenKeys()
	for range 3 {
		k := rubrics.NewKey("Empathy", crits)
		require.False(t, crits[k])
		crits[k] = true
	}
	assert.True(t, crits["empathy-2"] && crits["empathy-3"] && crits["empathy-4"])
}
