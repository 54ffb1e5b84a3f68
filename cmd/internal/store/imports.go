package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/scoring/transcript/ingest"
)

var _ ingest.Store = (*DB)(nil)

// ResolveAgent finds the agent account an imported conversation belongs
// to: by email first, then by an alias an admin mapped before, then by
// account name (exact, or ignoring ASCII case). It returns 0 when nothing
// matches or the name is ambiguous (two agents of that name), so a person
// decides instead of the import guessing. Only agent accounts match.
func (d *DB) ResolveAgent(ctx context.Context, email, name string) (int64, error) {
	db := d.r.WithContext(ctx)
	if e := cleanParam(coaching.NormalizeEmail(email)); e != "" {
		var ids []int64
		if err := db.Model(&userRow{}).Where("email = ? AND role = ?", e, string(coaching.RoleAgent)).
			Limit(1).Pluck("id", &ids).Error; err != nil {
			return 0, fmt.Errorf("store: resolve agent: %w", translate(err))
		}
		if len(ids) > 0 {
			return ids[0], nil
		}
	}
	norm := cleanParam(ingest.NormalizeAgentName(name))
	if norm == "" {
		return 0, nil
	}
	// An alias is an admin's explicit decision, so it wins over a name
	// that merely looks the same. The join keeps a stale alias (user
	// since made a supervisor) from mapping.
	var ids []int64
	err := db.Raw(`SELECT a.user_id FROM agent_aliases a JOIN users u ON u.id = a.user_id
		WHERE a.name = ? AND u.role = ?`, norm, string(coaching.RoleAgent)).Scan(&ids).Error
	if err != nil {
		return 0, fmt.Errorf("store: resolve agent: %w", translate(err))
	}
	if len(ids) > 0 {
		return ids[0], nil
	}
	exact := cleanParam(strings.Join(strings.Fields(name), " "))
	if err := db.Model(&userRow{}).Where("role = ? AND (name = ? OR LOWER(name) = ?)", string(coaching.RoleAgent), exact, norm).
		Limit(2).Pluck("id", &ids).Error; err != nil {
		return 0, fmt.Errorf("store: resolve agent: %w", translate(err))
	}
	if len(ids) == 1 {
		return ids[0], nil
	}
	return 0, nil
}

// ImportInteractions stores a batch of conversations in one transaction,
// each with all its turns. Conversations whose (source, external id) is
// already stored, or repeated earlier in the batch, are skipped and
// reported AlreadyThere; the check is one query per source in the batch
// (normally one). IDs and CreatedAt of the stored ones are filled in.
// Every interaction is validated first; an invalid one is ErrInvalid and
// nothing is written.
func (d *DB) ImportInteractions(ctx context.Context, ins []transcript.Interaction) ([]ingest.Outcome, error) {
	for i := range ins {
		if err := ins[i].Validate(); err != nil {
			return nil, fmt.Errorf("store: import interactions: [%d] %q: %w", i, ins[i].ExternalID, err)
		}
	}
	outs := make([]ingest.Outcome, len(ins))
	if len(ins) == 0 {
		return outs, nil
	}
	bySource := map[string][]string{}
	for _, in := range ins {
		bySource[in.Source] = append(bySource[in.Source], in.ExternalID)
	}
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Read inside the write transaction: on SQLite it holds the write
		// lock, so no other import can store the same ids in between.
		type key struct{ source, id string }
		seen := map[key]bool{}
		for src, ids := range bySource {
			var existing []string
			if err := tx.Model(&interactionRow{}).Where("source = ? AND external_id IN ?", src, ids).
				Pluck("external_id", &existing).Error; err != nil {
				return translate(err)
			}
			for _, id := range existing {
				seen[key{src, id}] = true
			}
		}
		fresh := make([]*transcript.Interaction, 0, len(ins))
		for i := range ins {
			k := key{ins[i].Source, ins[i].ExternalID}
			if seen[k] {
				outs[i].AlreadyThere = true
				continue
			}
			seen[k] = true
			fresh = append(fresh, &ins[i])
		}
		if len(fresh) == 0 {
			return nil
		}
		return d.insertInteractions(tx, fresh)
	})
	if err != nil {
		return nil, fmt.Errorf("store: import %d interactions: %w", len(ins), err)
	}
	for i := range ins {
		outs[i].ID = ins[i].ID
		if outs[i].AlreadyThere {
			outs[i].ID = 0
		}
	}
	return outs, nil
}

// UnmappedAgents lists the agent names of conversations that have no
// agent account yet, most conversations first.
func (d *DB) UnmappedAgents(ctx context.Context) ([]ingest.UnmappedAgent, error) {
	type row struct {
		Name  string `gorm:"column:agent_name"`
		Count int    `gorm:"column:n"`
	}
	var rows []row
	err := d.r.WithContext(ctx).Raw(`SELECT agent_name, COUNT(*) AS n FROM interactions
		WHERE agent_id IS NULL AND agent_name <> '' GROUP BY agent_name
		ORDER BY n DESC, ` + d.byName("agent_name") + `, agent_name`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unmapped agents: %w", translate(err))
	}
	out := make([]ingest.UnmappedAgent, 0, len(rows))
	for _, r := range rows {
		out = append(out, ingest.UnmappedAgent{Name: r.Name, Conversations: r.Count})
	}
	return out, nil
}

// agentMapAudit is what the audit log records about a mapping.
type agentMapAudit struct {
	Name    string `json:"name"`
	UserID  int64  `json:"user_id"`
	Updated int    `json:"updated"`
}

// MapAgent gives every unmapped conversation of the agent name to the
// agent account userID and remembers the name as an alias, so later
// imports map it by themselves; all in one transaction with an audit
// event. A user that does not exist or is not an agent is ErrInvalid.
// It returns how many conversations were updated.
func (d *DB) MapAgent(ctx context.Context, name string, userID int64, by scoring.Actor) (int, error) {
	name = cleanParam(name)
	norm := ingest.NormalizeAgentName(name)
	if norm == "" {
		return 0, fmt.Errorf("store: map agent: empty name: %w", rubrics.ErrInvalid)
	}
	updated := 0
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var roles []string
		if err := tx.Model(&userRow{}).Where("id = ?", userID).Pluck("role", &roles).Error; err != nil {
			return translate(err)
		}
		if len(roles) == 0 || roles[0] != string(coaching.RoleAgent) {
			return fmt.Errorf("user %d is not an agent account: %w", userID, rubrics.ErrInvalid)
		}
		err := tx.Exec(`INSERT INTO agent_aliases (name, user_id, created_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET user_id = excluded.user_id`, norm, userID, utcMicro(time.Now())).Error
		if err != nil {
			return translate(err)
		}
		res := tx.Exec("UPDATE interactions SET agent_id = ? WHERE agent_id IS NULL AND agent_name = ?", userID, name)
		if res.Error != nil {
			return translate(res.Error)
		}
		updated = int(res.RowsAffected)
		return d.appendAudit(tx, by, "agent.map", "user", userID, nil, agentMapAudit{Name: name, UserID: userID, Updated: updated})
	})
	if err != nil {
		return 0, fmt.Errorf("store: map agent %q: %w", name, err)
	}
	return updated, nil
}
