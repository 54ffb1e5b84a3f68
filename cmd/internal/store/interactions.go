package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring/transcript"
)

type interactionRow struct {
	ID           int64     `gorm:"column:id;primaryKey"`
	Source       string    `gorm:"column:source"`
	ExternalID   string    `gorm:"column:external_id"`
	Channel      string    `gorm:"column:channel"`
	AgentID      *int64    `gorm:"column:agent_id"`
	AgentName    string    `gorm:"column:agent_name"`
	CustomerName string    `gorm:"column:customer_name"`
	Language     string    `gorm:"column:language"`
	Subject      string    `gorm:"column:subject"`
	StartedAt    time.Time `gorm:"column:started_at"`
	DurationMS   int64     `gorm:"column:duration_ms"`
	CSAT         *int      `gorm:"column:csat"`
	Preview      string    `gorm:"column:preview"`
	TurnCount    int       `gorm:"column:turn_count"`
	CreatedAt    time.Time `gorm:"column:created_at"`
	// Search is PostgreSQL's tsvector, written on insert and never read.
	// SQLite keeps its index in interactions_fts instead and omits it.
	Search searchDoc `gorm:"column:search;->:false;<-:create"`
	// Total is the window count a search page carries; never written.
	Total int64 `gorm:"column:total;->"`
}

func (interactionRow) TableName() string { return "interactions" }

type turnRow struct {
	ID            int64      `gorm:"column:id;primaryKey"`
	InteractionID int64      `gorm:"column:interaction_id"`
	Seq           int        `gorm:"column:seq"`
	Role          string     `gorm:"column:role"`
	Speaker       string     `gorm:"column:speaker"`
	Text          string     `gorm:"column:text"`
	StartMS       *int64     `gorm:"column:start_ms"`
	EndMS         *int64     `gorm:"column:end_ms"`
	At            *time.Time `gorm:"column:at"`
}

func (turnRow) TableName() string { return "turns" }

// searchDoc is the text of all turns, inserted through to_tsvector.
type searchDoc string

// GormValue makes gorm insert the document as a tsvector expression.
func (s searchDoc) GormValue(context.Context, *gorm.DB) clause.Expr {
	return clause.Expr{SQL: "to_tsvector('simple', ?)", Vars: []any{string(s)}}
}

// maxSearchDoc bounds the indexed text per interaction: PostgreSQL's
// tsvector is limited to 1 MB, and a search document that large is a
// pasted log, not a conversation.
const maxSearchDoc = 256 << 10

// previewLen is the longest list preview, in characters.
const previewLen = 140

func toInteractionRow(in *transcript.Interaction) interactionRow {
	r := interactionRow{
		ID: in.ID, Source: in.Source, ExternalID: in.ExternalID, Channel: string(in.Channel),
		AgentName: in.AgentName, CustomerName: in.CustomerName, Language: in.Language,
		Subject: in.Subject, StartedAt: utcMicro(in.StartedAt), DurationMS: in.DurationMS,
		CSAT: in.CSAT, Preview: preview(in.Turns), TurnCount: len(in.Turns),
		CreatedAt: utcMicro(in.CreatedAt),
	}
	if in.AgentID != 0 {
		id := in.AgentID
		r.AgentID = &id
	}
	return r
}

func fromInteractionRow(r interactionRow) transcript.Interaction {
	in := transcript.Interaction{
		ID: r.ID, ExternalID: r.ExternalID, Source: r.Source, Channel: transcript.Channel(r.Channel),
		AgentName: r.AgentName, CustomerName: r.CustomerName, Language: r.Language, Subject: r.Subject,
		StartedAt: r.StartedAt.UTC(), DurationMS: r.DurationMS, CSAT: r.CSAT, CreatedAt: r.CreatedAt.UTC(),
	}
	if r.AgentID != nil {
		in.AgentID = *r.AgentID
	}
	return in
}

func fromSummaryRow(r interactionRow) transcript.Summary {
	s := transcript.Summary{
		ID: r.ID, ExternalID: r.ExternalID, Channel: transcript.Channel(r.Channel),
		AgentName: r.AgentName, CustomerName: r.CustomerName, Language: r.Language, Subject: r.Subject,
		Preview: r.Preview, TurnCount: r.TurnCount, StartedAt: r.StartedAt.UTC(),
		DurationMS: r.DurationMS, CSAT: r.CSAT,
	}
	if r.AgentID != nil {
		s.AgentID = *r.AgentID
	}
	return s
}

func toTurnRow(interactionID int64, t transcript.Turn) turnRow {
	r := turnRow{
		ID: t.ID, InteractionID: interactionID, Seq: t.Seq, Role: string(t.Role), Speaker: t.Speaker,
		Text: t.Text, StartMS: t.StartMS, EndMS: t.EndMS,
	}
	if t.At != nil {
		at := utcMicro(*t.At)
		r.At = &at
	}
	return r
}

func fromTurnRow(r turnRow) transcript.Turn {
	t := transcript.Turn{
		ID: r.ID, Seq: r.Seq, Role: transcript.Role(r.Role), Speaker: r.Speaker, Text: r.Text,
		StartMS: r.StartMS, EndMS: r.EndMS,
	}
	if r.At != nil {
		at := r.At.UTC()
		t.At = &at
	}
	return t
}

// preview is the first customer turn (the first turn when no customer
// spoke) with whitespace collapsed, cut to at most previewLen characters
// on a grapheme-cluster boundary so no character or emoji is split.
func preview(turns []transcript.Turn) string {
	if len(turns) == 0 {
		return ""
	}
	text := turns[0].Text
	for _, t := range turns {
		if t.Role == transcript.RoleCustomer {
			text = t.Text
			break
		}
	}
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= previewLen {
		return text
	}
	// Leave room for the ellipsis; stop before the cluster that would
	// cross the limit.
	var b strings.Builder
	n := 0
	g := uniseg.NewGraphemes(text)
	for g.Next() {
		c := g.Str()
		k := utf8.RuneCountInString(c)
		if n+k > previewLen-1 {
			break
		}
		b.WriteString(c)
		n += k
	}
	return strings.TrimRightFunc(b.String(), unicode.IsSpace) + "…"
}

// searchText joins the turn texts into one search document.
func searchText(turns []transcript.Turn) string {
	var b strings.Builder
	for _, t := range turns {
		if b.Len()+len(t.Text)+1 > maxSearchDoc {
			rest := maxSearchDoc - b.Len() - 1
			if rest > 0 {
				s := t.Text[:rest]
				for !utf8.ValidString(s) && len(s) > 0 {
					s = s[:len(s)-1]
				}
				b.WriteString("\n")
				b.WriteString(s)
			}
			break
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// CreateInteraction validates in and stores it with all its turns in one
// transaction, filling in the IDs and CreatedAt. A duplicate (source,
// external id) is ErrConflict; an unknown agent id is ErrInvalid.
func (d *DB) CreateInteraction(ctx context.Context, in *transcript.Interaction) error {
	if err := in.Validate(); err != nil {
		return fmt.Errorf("store: create interaction %q: %w", in.ExternalID, err)
	}
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return d.insertInteractions(tx, []*transcript.Interaction{in})
	})
	if err != nil {
		return fmt.Errorf("store: create interaction %q: %w", in.ExternalID, err)
	}
	return nil
}

// bulkChunk is how many interactions CreateInteractions writes per
// transaction: big enough to amortise commits, small enough that a
// failure loses little and the writer lock is released often.
const bulkChunk = 500

// CreateInteractions stores many interactions, bulkChunk per transaction,
// for imports, seeding and benchmarks. Every interaction is validated
// before anything is written. On a write failure the chunks already
// committed stay; created counts them.
func (d *DB) CreateInteractions(ctx context.Context, ins []transcript.Interaction) (created int, err error) {
	for i := range ins {
		if err := ins[i].Validate(); err != nil {
			return 0, fmt.Errorf("store: create interactions: [%d] %q: %w", i, ins[i].ExternalID, err)
		}
	}
	for start := 0; start < len(ins); start += bulkChunk {
		end := min(start+bulkChunk, len(ins))
		ptrs := make([]*transcript.Interaction, 0, end-start)
		for i := start; i < end; i++ {
			ptrs = append(ptrs, &ins[i])
		}
		err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return d.insertInteractions(tx, ptrs)
		})
		if err != nil {
			return created, fmt.Errorf("store: create interactions [%d:%d]: %w", start, end, err)
		}
		created += end - start
	}
	return created, nil
}

// insertInteractions writes interactions, their turns and their search
// documents inside tx, in batched statements, and copies the generated
// IDs back only after every statement succeeded.
func (d *DB) insertInteractions(tx *gorm.DB, ins []*transcript.Interaction) error {
	now := utcMicro(time.Now())
	rows := make([]interactionRow, len(ins))
	docs := make([]string, len(ins))
	nTurns := 0
	for i, in := range ins {
		rows[i] = toInteractionRow(in)
		rows[i].ID, rows[i].CreatedAt = 0, now
		docs[i] = searchText(in.Turns)
		if d.dialect == DialectPostgres {
			rows[i].Search = searchDoc(docs[i])
		}
		nTurns += len(in.Turns)
	}
	q := tx
	if d.dialect == DialectSQLite {
		q = tx.Omit("search")
	}
	if err := q.CreateInBatches(rows, 200).Error; err != nil {
		return translate(err)
	}
	turns := make([]turnRow, 0, nTurns)
	for i, in := range ins {
		for seq, t := range in.Turns {
			r := toTurnRow(rows[i].ID, t)
			// Seq is the position in the slice: the list's order is the
			// conversation's order, whatever Seq the importer set.
			r.ID, r.Seq = 0, seq
			turns = append(turns, r)
		}
	}
	if err := tx.CreateInBatches(turns, 1000).Error; err != nil {
		return translate(err)
	}
	if d.dialect == DialectSQLite {
		const perStmt = 400
		for s := 0; s < len(rows); s += perStmt {
			e := min(s+perStmt, len(rows))
			var sqlb strings.Builder
			sqlb.WriteString("INSERT INTO interactions_fts (rowid, body) VALUES ")
			args := make([]any, 0, 2*(e-s))
			for i := s; i < e; i++ {
				if i > s {
					sqlb.WriteString(", ")
				}
				sqlb.WriteString("(?, ?)")
				args = append(args, rows[i].ID, docs[i])
			}
			if err := tx.Exec(sqlb.String(), args...).Error; err != nil {
				return translate(err)
			}
		}
	}
	k := 0
	for i, in := range ins {
		in.ID, in.CreatedAt = rows[i].ID, now
		in.StartedAt = rows[i].StartedAt
		for j := range in.Turns {
			in.Turns[j].ID, in.Turns[j].Seq = turns[k].ID, turns[k].Seq
			in.Turns[j].At = turns[k].At
			k++
		}
	}
	return nil
}

// Interaction returns one conversation with its turns in order. It is
// ErrNotFound when the interaction does not exist or lies outside scope,
// so a viewer cannot probe for ids they may not see.
func (d *DB) Interaction(ctx context.Context, id int64, scope transcript.Scope) (transcript.Interaction, error) {
	sc, args := scopeSQL(scope)
	db := d.r.WithContext(ctx)
	var rows []interactionRow
	err := db.Raw("SELECT "+interactionCols+" FROM interactions i WHERE i.id = ? AND "+sc,
		append([]any{id}, args...)...).Scan(&rows).Error
	if err != nil {
		return transcript.Interaction{}, fmt.Errorf("store: interaction %d: %w", id, translate(err))
	}
	if len(rows) == 0 {
		return transcript.Interaction{}, fmt.Errorf("store: interaction %d: %w", id, rubrics.ErrNotFound)
	}
	in := fromInteractionRow(rows[0])
	var trs []turnRow
	if err := db.Where("interaction_id = ?", id).Order("seq").Find(&trs).Error; err != nil {
		return transcript.Interaction{}, fmt.Errorf("store: interaction %d turns: %w", id, translate(err))
	}
	in.Turns = make([]transcript.Turn, len(trs))
	for i, r := range trs {
		in.Turns[i] = fromTurnRow(r)
	}
	return in, nil
}

// interactionCols is every column a list or detail shows; the search
// column is never read.
const interactionCols = `i.id, i.source, i.external_id, i.channel, i.agent_id, i.agent_name,
	i.customer_name, i.language, i.subject, i.started_at, i.duration_ms, i.csat, i.preview,
	i.turn_count, i.created_at`

// scopeSQL is the condition admitting the interactions scope may see.
// The zero scope admits nothing. SupervisorID and AgentID, when both set,
// admit the union of what each admits.
func scopeSQL(s transcript.Scope) (string, []any) {
	if s.All {
		return "1 = 1", nil
	}
	var parts []string
	var args []any
	if s.SupervisorID != 0 {
		parts = append(parts, `i.agent_id IN (SELECT a.user_id FROM team_memberships sv
			JOIN team_memberships a ON a.team_id = sv.team_id AND a.kind = 'agent'
			WHERE sv.user_id = ? AND sv.kind = 'supervisor')`)
		args = append(args, s.SupervisorID)
	}
	if s.AgentID != 0 {
		parts = append(parts, "i.agent_id = ?")
		args = append(args, s.AgentID)
	}
	if len(parts) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

func scopeEmpty(s transcript.Scope) bool { return !s.All && s.SupervisorID == 0 && s.AgentID == 0 }

// Page size bounds for ListInteractions.
const (
	defaultInteractionPage = 25
	maxInteractionPage     = 100
)

// ListInteractions pages through the interactions matching f within its
// scope, newest first, with the total number of matches. The list reads
// only the interactions table (agent name, preview and turn count are
// stored on it), so a page costs one index range read plus the count.
func (d *DB) ListInteractions(ctx context.Context, f transcript.Filter) ([]transcript.Summary, int, error) {
	out := []transcript.Summary{}
	if scopeEmpty(f.Scope) {
		return out, 0, nil
	}
	where, args := d.filterSQL(f)
	db := d.r.WithContext(ctx)
	limit := f.Limit
	if limit <= 0 {
		limit = defaultInteractionPage
	}
	limit = min(limit, maxInteractionPage)
	offset := max(f.Offset, 0)
	var rows []interactionRow
	var total int64
	if strings.TrimSpace(f.Query) != "" {
		// A search's cost is finding the matches; counting them in the
		// same statement (a window aggregate) searches once, not twice.
		// The matches are materialised once as narrow (id, started_at)
		// pairs; the count and the page both read that, and only the
		// page's rows are fetched in full.
		err := db.Raw("WITH m AS MATERIALIZED (SELECT i.id, i.started_at FROM interactions i WHERE "+where+`),
			p AS (SELECT id FROM m ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?)
			SELECT `+interactionCols+`, (SELECT COUNT(*) FROM m) AS total
			FROM interactions i JOIN p ON p.id = i.id ORDER BY i.started_at DESC, i.id DESC`,
			append(args, limit, offset)...).Scan(&rows).Error
		if err != nil {
			return nil, 0, fmt.Errorf("store: list interactions: %w", translate(err))
		}
		if len(rows) > 0 {
			total = rows[0].Total
		} else if offset == 0 {
			return out, 0, nil
		}
	}
	if total == 0 {
		// Without search, an index-only count plus an index range read for
		// the page beats materialising every match for a window count.
		if err := db.Raw("SELECT COUNT(*) FROM interactions i WHERE "+where, args...).Scan(&total).Error; err != nil {
			return nil, 0, fmt.Errorf("store: list interactions: %w", translate(err))
		}
		if total == 0 || int64(offset) >= total {
			return out, int(total), nil
		}
		err := db.Raw("SELECT "+interactionCols+" FROM interactions i WHERE "+where+
			" ORDER BY i.started_at DESC, i.id DESC LIMIT ? OFFSET ?", append(args, limit, offset)...).Scan(&rows).Error
		if err != nil {
			return nil, 0, fmt.Errorf("store: list interactions: %w", translate(err))
		}
	}
	for _, r := range rows {
		out = append(out, fromSummaryRow(r))
	}
	return out, int(total), nil
}

// filterSQL builds the WHERE condition shared by the count and the page.
func (d *DB) filterSQL(f transcript.Filter) (string, []any) {
	sc, args := scopeSQL(f.Scope)
	conds := []string{sc}
	if f.AgentID != 0 {
		conds = append(conds, "i.agent_id = ?")
		args = append(args, f.AgentID)
	}
	if f.TeamID != 0 {
		conds = append(conds, "i.agent_id IN (SELECT tm.user_id FROM team_memberships tm WHERE tm.team_id = ? AND tm.kind = 'agent')")
		args = append(args, f.TeamID)
	}
	if f.Channel != "" {
		conds = append(conds, "i.channel = ?")
		args = append(args, string(f.Channel))
	}
	if f.Language != "" {
		conds = append(conds, "i.language = ?")
		args = append(args, cleanParam(f.Language))
	}
	if !f.From.IsZero() {
		conds = append(conds, "i.started_at >= ?")
		args = append(args, utcMicro(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "i.started_at < ?")
		args = append(args, utcMicro(f.To))
	}
	if c, a := d.searchSQL(f.Query); c != "" {
		conds = append(conds, c)
		args = append(args, a...)
	}
	return strings.Join(conds, " AND "), args
}

// InteractionFacets returns the agents, teams and languages a viewer in
// scope can filter by, in one query.
func (d *DB) InteractionFacets(ctx context.Context, scope transcript.Scope) (transcript.Facets, error) {
	out := transcript.Facets{Agents: []transcript.Option{}, Teams: []transcript.Option{}, Languages: []string{}}
	if scopeEmpty(scope) {
		return out, nil
	}
	var agents, teams string
	var aArgs, tArgs []any
	switch {
	case scope.All:
		agents = "u.role = 'agent' OR u.id IN (SELECT DISTINCT agent_id FROM interactions WHERE agent_id IS NOT NULL)"
		teams = "1 = 1"
	default:
		var ap, tp []string
		if scope.SupervisorID != 0 {
			ap = append(ap, `u.id IN (SELECT a.user_id FROM team_memberships sv
				JOIN team_memberships a ON a.team_id = sv.team_id AND a.kind = 'agent'
				WHERE sv.user_id = ? AND sv.kind = 'supervisor')`)
			aArgs = append(aArgs, scope.SupervisorID)
			tp = append(tp, "t.id IN (SELECT team_id FROM team_memberships WHERE user_id = ? AND kind = 'supervisor')")
			tArgs = append(tArgs, scope.SupervisorID)
		}
		if scope.AgentID != 0 {
			ap = append(ap, "u.id = ?")
			aArgs = append(aArgs, scope.AgentID)
			tp = append(tp, "t.id IN (SELECT team_id FROM team_memberships WHERE user_id = ?)")
			tArgs = append(tArgs, scope.AgentID)
		}
		agents, teams = strings.Join(ap, " OR "), strings.Join(tp, " OR ")
	}
	sc, sArgs := scopeSQL(scope)
	type facetRow struct {
		Kind string `gorm:"column:kind"`
		ID   int64  `gorm:"column:id"`
		Name string `gorm:"column:name"`
	}
	var rows []facetRow
	args := append(append(append([]any{}, aArgs...), tArgs...), sArgs...)
	// The union is wrapped because PostgreSQL sorts a UNION only by
	// output column names, not by expressions such as name COLLATE ….
	err := d.r.WithContext(ctx).Raw(`SELECT kind, id, name FROM (
		SELECT 'a' AS kind, u.id AS id, u.name AS name FROM users u WHERE `+agents+`
		UNION ALL
		SELECT 't', t.id, t.name FROM teams t WHERE `+teams+`
		UNION ALL
		SELECT 'l', 0, l.language FROM (SELECT DISTINCT i.language FROM interactions i WHERE `+sc+` AND i.language <> '') l
		) f ORDER BY kind, `+d.byName("name")+`, name, id`, args...).Scan(&rows).Error
	if err != nil {
		return transcript.Facets{}, fmt.Errorf("store: interaction facets: %w", translate(err))
	}
	for _, r := range rows {
		switch r.Kind {
		case "a":
			out.Agents = append(out.Agents, transcript.Option{ID: r.ID, Name: r.Name})
		case "t":
			out.Teams = append(out.Teams, transcript.Option{ID: r.ID, Name: r.Name})
		case "l":
			out.Languages = append(out.Languages, r.Name)
		}
	}
	return out, nil
}
