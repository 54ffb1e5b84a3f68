package transcript

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// CCAIImporter reads Google CCAI Insights conversation JSON: entries[]
// with text, role (or participant_role), start_timestamp_usec (absolute
// microseconds, as a number or a proto3 string) and user_id. It is a chat
// unless the file says the medium is a phone call; then turns also get
// offsets from the first entry, each ending where the next begins since
// the format has no end times.
type CCAIImporter struct{}

// Format is FormatCCAI.
func (CCAIImporter) Format() Format { return FormatCCAI }

// Sniff wants entries with microsecond timestamps.
func (CCAIImporter) Sniff(name string, head []byte) bool {
	return looksLikeJSONObject(head) && headHas(head, "entries", "start_timestamp_usec")
}

type ccaiDoc struct {
	Name             string `json:"name"`
	Medium           string `json:"medium"`
	LanguageCode     string `json:"language_code"`
	ConversationInfo struct {
		ConversationID string `json:"conversation_id"`
		Medium         string `json:"medium"`
		LanguageCode   string `json:"language_code"`
	} `json:"conversation_info"`
	Entries []ccaiEntry `json:"entries"`
}

type ccaiEntry struct {
	Text               *string         `json:"text"`
	Role               string          `json:"role"`
	ParticipantRole    string          `json:"participant_role"`
	StartTimestampUsec json.RawMessage `json:"start_timestamp_usec"`
	UserID             json.RawMessage `json:"user_id"`
}

// ccaiRole maps Google's roles; automated agents (virtual agents) are
// bots. ok is false for a missing or unspecified role.
func ccaiRole(r string) (Role, bool) {
	switch strings.ToUpper(strings.TrimSpace(r)) {
	case "AGENT", "HUMAN_AGENT":
		return RoleAgent, true
	case "CUSTOMER", "END_USER":
		return RoleCustomer, true
	case "AUTOMATED_AGENT":
		return RoleBot, true
	}
	return "", false
}

// Latest start_timestamp_usec accepted (year 3000): anything later is a
// unit mistake, and the bound keeps differences far from overflow.
const maxUsec = int64(32503680000) * 1e6

// Parse emits one record per file. The external id is the conversation
// name's last path segment, else conversation_info.conversation_id, else
// the file name without extension.
func (CCAIImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	return parseEach(ctx, files, emit, func(f File, data []byte) Record {
		var doc ccaiDoc
		if err := json.Unmarshal(data, &doc); err != nil {
			return decodeErr(f.Name, err)
		}
		return ccaiRecord(f.Name, &doc)
	})
}

func ccaiRecord(ref string, doc *ccaiDoc) Record {
	id := strings.TrimSpace(doc.Name)
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		id = id[i+1:]
	}
	if id == "" {
		id = strings.TrimSpace(doc.ConversationInfo.ConversationID)
	}
	if id == "" {
		id = fileStem(ref)
	}
	medium := strings.ToUpper(doc.Medium + doc.ConversationInfo.Medium)
	channel := ChannelChat
	if strings.Contains(medium, "PHONE") || strings.Contains(medium, "VOICE") || strings.Contains(medium, "CALL") {
		channel = ChannelCall
	}
	lang := doc.LanguageCode
	if lang == "" {
		lang = doc.ConversationInfo.LanguageCode
	}
	// An entry without a role takes the role its user_id has elsewhere in
	// the file; failing that it is a customer, never the agent.
	roleOfUser := map[string]Role{}
	for _, e := range doc.Entries {
		if r, ok := ccaiRole(e.Role + e.ParticipantRole); ok && len(e.UserID) > 0 {
			if _, seen := roleOfUser[string(e.UserID)]; !seen {
				roleOfUser[string(e.UserID)] = r
			}
		}
	}
	type entry struct {
		turn  Turn
		usec  int64
		timed bool
	}
	entries := make([]entry, 0, len(doc.Entries))
	allTimed := true
	var first, last int64
	anyTime := false
	for i, e := range doc.Entries {
		field := fmt.Sprintf("entries[%d]", i)
		if e.Text == nil || strings.TrimSpace(*e.Text) == "" {
			continue // an entry without words adds nothing to grade
		}
		role, ok := ccaiRole(e.Role)
		if !ok {
			role, ok = ccaiRole(e.ParticipantRole)
		}
		speaker := ""
		if !ok {
			if role, ok = roleOfUser[string(e.UserID)]; !ok {
				role, speaker = RoleCustomer, "Unknown participant"
			}
		}
		if speaker == "" {
			speaker = map[Role]string{RoleAgent: "Agent", RoleCustomer: "Customer", RoleBot: "Virtual agent"}[role]
		}
		us, okT, err := jsonInt(e.StartTimestampUsec)
		if err != nil {
			return recErr(ref, field+".start_timestamp_usec", "%v", err)
		}
		if okT && (us <= 0 || us > maxUsec) {
			return recErr(ref, field+".start_timestamp_usec", "%d is not microseconds since 1970", us)
		}
		en := entry{turn: Turn{Role: role, Speaker: speaker, Text: *e.Text}, usec: us, timed: okT}
		if okT {
			at := time.UnixMicro(us).UTC()
			en.turn.At = &at
			if !anyTime || us < first {
				first = us
			}
			last = max(last, us)
			anyTime = true
		} else {
			allTimed = false
		}
		entries = append(entries, en)
	}
	if !anyTime {
		return recErr(ref, "entries", "no entry has a start_timestamp_usec, so the conversation has no start time")
	}
	if allTimed {
		sort.SliceStable(entries, func(a, b int) bool { return entries[a].usec < entries[b].usec })
	}
	in := Interaction{
		ExternalID: "ccai-" + id,
		Source:     string(FormatCCAI),
		Channel:    channel,
		Language:   primaryLanguage(lang),
		StartedAt:  time.UnixMicro(first).UTC(),
		DurationMS: (last - first) / 1000,
	}
	agent := false
	for i, en := range entries {
		t := en.turn
		t.Seq = i
		if channel == ChannelCall && allTimed {
			end := en.usec
			if i+1 < len(entries) {
				end = entries[i+1].usec
			}
			t.StartMS, t.EndMS = ptr((en.usec-first)/1000), ptr((end-first)/1000)
		}
		agent = agent || t.Role == RoleAgent
		in.Turns = append(in.Turns, t)
	}
	if agent {
		in.AgentName = "Agent (" + id + ")"
	}
	return Record{Interaction: in}
}
