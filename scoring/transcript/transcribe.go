package transcript

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// TranscribeCAImporter reads Amazon Transcribe Call Analytics post-call
// output: one call per file, turns in Transcript[] with ParticipantRole
// AGENT or CUSTOMER and millisecond offsets. The file names no people, so
// the agent is "Agent (<JobName>)" unless a participant carries a
// DisplayName: that keeps each call's agent identifiable for mapping.
type TranscribeCAImporter struct{}

// Format is FormatTranscribeCA.
func (TranscribeCAImporter) Format() Format { return FormatTranscribeCA }

// Sniff wants a Transcript with ParticipantRole and a Transcribe job key,
// and none of Contact Lens's markers (Contact Lens also has JobStatus).
func (TranscribeCAImporter) Sniff(name string, head []byte) bool {
	return looksLikeJSONObject(head) && headHas(head, "Transcript", "ParticipantRole") &&
		(headHas(head, "JobName") || headHas(head, "JobStatus")) && !sniffContactLens(head)
}

// Parse emits one record per file.
func (TranscribeCAImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	return parseEach(ctx, files, emit, func(f File, data []byte) Record {
		var doc awsDoc
		if err := json.Unmarshal(data, &doc); err != nil {
			return decodeErr(f.Name, err)
		}
		id := strings.TrimSpace(doc.JobName)
		if id == "" {
			id = fileStem(f.Name)
		}
		return awsVoice(f.Name, FormatTranscribeCA, "transcribe-ca-"+id, id, &doc, fallbackStart(f.Name, doc.JobName))
	})
}

// parseEach runs one-conversation-per-file importers: read, check UTF-8,
// map, validate, emit, for each file in order.
func parseEach(ctx context.Context, files []File, emit func(Record) error, one func(File, []byte) Record) error {
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := readAll(f)
		if err != nil {
			return err
		}
		rec, ok := checkUTF8(f.Name, data)
		if ok {
			rec = one(f, data)
			if rec.Err == nil {
				rec = finish(f.Name, rec)
			}
		}
		if err := emit(rec); err != nil {
			return err
		}
	}
	return nil
}

// awsDoc is the union of the Transcribe Call Analytics and Contact Lens
// shapes; each importer reads the keys it knows.
type awsDoc struct {
	Version      string
	JobName      string
	LanguageCode string
	Channel      string
	Participants []awsParticipant
	Transcript   []awsTurn

	ConversationCharacteristics struct {
		TotalConversationDurationMillis json.RawMessage
	}
	CustomerMetadata struct {
		ContactId string
	}
}

type awsParticipant struct {
	ParticipantId   string
	ParticipantRole string
	DisplayName     string
}

type awsTurn struct {
	Id                string
	ParticipantId     string
	ParticipantRole   string
	DisplayName       string
	Content           *string
	ContentType       string
	Type              string
	AbsoluteTime      string
	BeginOffsetMillis json.RawMessage
	EndOffsetMillis   json.RawMessage
}

// awsRole maps Amazon participant roles. SUPERVISOR speaks for the
// contact centre, so it counts as agent; an unknown role becomes system
// so that words of unknown origin are never scored against an agent or
// read as the customer's.
func awsRole(role string) Role {
	switch strings.ToUpper(strings.TrimSpace(role)) {
	case "AGENT", "SUPERVISOR":
		return RoleAgent
	case "CUSTOMER":
		return RoleCustomer
	case "CUSTOM_BOT", "BOT", "AUTOMATED_AGENT", "LEX_BOT":
		return RoleBot
	default:
		return RoleSystem
	}
}

// awsSpeaker names the speaker of a voice turn, which the files only
// identify by role.
func awsSpeaker(role Role, raw, display string) string {
	if display != "" {
		return display
	}
	switch role {
	case RoleAgent:
		return "Agent"
	case RoleCustomer:
		return "Customer"
	case RoleBot:
		return "Bot"
	}
	if raw != "" {
		return raw
	}
	return "Unknown participant"
}

// awsVoice maps the timed Transcript[] of Call Analytics and Contact Lens
// voice. A turn's role is its ParticipantRole, else the role its
// ParticipantId has in Participants[] (Contact Lens voice), else the id
// itself when it is a role name. Overlapping turns (cross-talk) are kept
// and ordered by start, stably, so equal starts keep source order.
func awsVoice(ref string, format Format, externalID, agentKey string, doc *awsDoc, started time.Time) Record {
	roleByID := map[string]string{}
	names := map[string]string{}
	for _, p := range doc.Participants {
		if p.ParticipantId != "" && p.ParticipantRole != "" {
			roleByID[p.ParticipantId] = p.ParticipantRole
		}
		if p.ParticipantId != "" && p.DisplayName != "" {
			names[p.ParticipantId] = p.DisplayName
		}
		if p.ParticipantRole != "" && p.DisplayName != "" {
			names[p.ParticipantRole] = p.DisplayName
		}
	}
	in := Interaction{
		ExternalID: externalID,
		Source:     string(format),
		Channel:    ChannelCall,
		Language:   primaryLanguage(doc.LanguageCode),
		StartedAt:  started,
	}
	var maxEnd int64
	for i, t := range doc.Transcript {
		field := fmt.Sprintf("Transcript[%d]", i)
		if t.Content == nil || strings.TrimSpace(*t.Content) == "" {
			continue // nothing said: a turn without words adds nothing to grade
		}
		raw := t.ParticipantRole
		if raw == "" {
			raw = roleByID[t.ParticipantId]
		}
		if raw == "" {
			raw = t.ParticipantId
		}
		role := awsRole(raw)
		display := t.DisplayName
		if display == "" {
			display = names[t.ParticipantId]
		}
		if display == "" {
			display = names[raw]
		}
		turn := Turn{Role: role, Speaker: awsSpeaker(role, raw, display), Text: *t.Content}
		b, okB, err := jsonInt(t.BeginOffsetMillis)
		if err != nil {
			return recErr(ref, field+".BeginOffsetMillis", "%v", err)
		}
		e, okE, err := jsonInt(t.EndOffsetMillis)
		if err != nil {
			return recErr(ref, field+".EndOffsetMillis", "%v", err)
		}
		switch {
		case okB && okE:
			if b < 0 || b > maxOffsetMS {
				return recErr(ref, field+".BeginOffsetMillis", "%d is out of range", b)
			}
			if e < b || e > maxOffsetMS {
				return recErr(ref, field+".EndOffsetMillis", "%d is before BeginOffsetMillis %d or out of range", e, b)
			}
			turn.StartMS, turn.EndMS = ptr(b), ptr(e)
			maxEnd = max(maxEnd, e)
		case okB != okE:
			return recErr(ref, field, "has only one of BeginOffsetMillis and EndOffsetMillis")
		}
		in.Turns = append(in.Turns, turn)
	}
	sortTimed(in.Turns)
	in.DurationMS = maxEnd
	if d, ok, err := jsonInt(doc.ConversationCharacteristics.TotalConversationDurationMillis); err == nil && ok && d >= maxEnd && d <= maxOffsetMS {
		in.DurationMS = d
	}
	rec := Record{Interaction: in}
	for _, t := range in.Turns {
		if t.Role == RoleAgent {
			rec.Interaction.AgentName = "Agent (" + agentKey + ")"
			if !isPlaceholder(names[doc.agentID()]) {
				rec.Interaction.AgentName = names[doc.agentID()]
			}
			break
		}
	}
	if n := names[doc.customerID()]; !isPlaceholder(n) {
		rec.Interaction.CustomerName = n
	}
	return rec
}

// agentID is the participant id (or role key) under which the agent's
// display name was recorded.
func (d *awsDoc) agentID() string { return d.participantWith(RoleAgent) }

// customerID is the customer's counterpart of agentID.
func (d *awsDoc) customerID() string { return d.participantWith(RoleCustomer) }

func (d *awsDoc) participantWith(r Role) string {
	for _, p := range d.Participants {
		if awsRole(p.ParticipantRole) == r || (p.ParticipantRole == "" && awsRole(p.ParticipantId) == r) {
			if p.ParticipantId != "" {
				return p.ParticipantId
			}
			return p.ParticipantRole
		}
	}
	return ""
}

// sortTimed orders turns by start time, keeping source order for equal
// starts and leaving untimed turns where they are relative to each
// other: untimed turns sort as if they started with the previous turn.
func sortTimed(turns []Turn) {
	keys := make([]int64, len(turns))
	var last int64
	for i, t := range turns {
		if t.StartMS != nil {
			last = *t.StartMS
		}
		keys[i] = last
	}
	idx := make([]int, len(turns))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	out := make([]Turn, len(turns))
	for i, j := range idx {
		out[i] = turns[j]
		out[i].Seq = i
	}
	copy(turns, out)
}

// TranscribeImporter reads plain Amazon Transcribe batch output with
// speaker diarization. Transcribe labels speakers spk_0, spk_1, … and no
// roles, so the speakers' words decide (guessAgentSpeaker: agent phrases
// such as "sorry about that" or "how can I help" against customer phrases
// such as "I've been on hold"); without a clear signal the speaker who
// talks first is the agent, because agents open calls with a greeting.
// Every other speaker is a customer. Turns are
// runs of consecutive items of one speaker; punctuation attaches to the
// previous word with no space.
type TranscribeImporter struct{}

// Format is FormatTranscribe.
func (TranscribeImporter) Format() Format { return FormatTranscribe }

// Sniff wants Transcribe's snake_case results with speaker (or channel)
// labels.
func (TranscribeImporter) Sniff(name string, head []byte) bool {
	return looksLikeJSONObject(head) && headHas(head, "results") &&
		(headHas(head, "speaker_labels") || headHas(head, "channel_labels")) && headHas(head, "items")
}

type transcribeDoc struct {
	JobName string `json:"jobName"`
	Results struct {
		LanguageCode  string            `json:"language_code"`
		SpeakerLabels *transcribeLabels `json:"speaker_labels"`
		ChannelLabels *struct {
			Channels []struct {
				ChannelLabel string           `json:"channel_label"`
				Items        []transcribeItem `json:"items"`
			} `json:"channels"`
		} `json:"channel_labels"`
		Items []transcribeItem `json:"items"`
	} `json:"results"`
}

type transcribeLabels struct {
	Segments []struct {
		SpeakerLabel string           `json:"speaker_label"`
		Items        []transcribeItem `json:"items"`
	} `json:"segments"`
}

type transcribeItem struct {
	Type         string          `json:"type"`
	StartTime    json.RawMessage `json:"start_time"`
	EndTime      json.RawMessage `json:"end_time"`
	SpeakerLabel string          `json:"speaker_label"`
	ChannelLabel string          `json:"channel_label"`
	Alternatives []struct {
		Content string `json:"content"`
	} `json:"alternatives"`
}

// Parse emits one record per file.
func (TranscribeImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	return parseEach(ctx, files, emit, func(f File, data []byte) Record {
		var doc transcribeDoc
		if err := json.Unmarshal(data, &doc); err != nil {
			return decodeErr(f.Name, err)
		}
		return transcribeRecord(f.Name, &doc)
	})
}

func transcribeRecord(ref string, doc *transcribeDoc) Record {
	id := strings.TrimSpace(doc.JobName)
	if id == "" {
		id = fileStem(ref)
	}
	// Older outputs put the speaker only in speaker_labels.segments (or
	// channel_labels): look labels up by start time for items without one.
	labelAt := map[string]string{}
	if sl := doc.Results.SpeakerLabels; sl != nil {
		for _, s := range sl.Segments {
			for _, it := range s.Items {
				label := it.SpeakerLabel
				if label == "" {
					label = s.SpeakerLabel
				}
				labelAt[string(it.StartTime)] = label
			}
		}
	}
	if cl := doc.Results.ChannelLabels; cl != nil {
		for _, c := range cl.Channels {
			for _, it := range c.Items {
				if _, ok := labelAt[string(it.StartTime)]; !ok {
					labelAt[string(it.StartTime)] = c.ChannelLabel
				}
			}
		}
	}
	in := Interaction{
		ExternalID: "transcribe-" + id,
		Source:     string(FormatTranscribe),
		Channel:    ChannelCall,
		Language:   primaryLanguage(doc.Results.LanguageCode),
		StartedAt:  fallbackStart(ref, doc.JobName),
	}
	var agentLabel, label string
	var text strings.Builder
	var start, end int64
	timed := false
	flush := func() {
		if text.Len() == 0 {
			return
		}
		role := RoleCustomer
		if label == agentLabel {
			role = RoleAgent
		}
		t := Turn{Role: role, Speaker: label, Text: text.String()}
		if timed {
			t.StartMS, t.EndMS = ptr(start), ptr(end)
		}
		in.Turns = append(in.Turns, t)
		text.Reset()
		timed = false
	}
	for i, it := range doc.Results.Items {
		field := fmt.Sprintf("results.items[%d]", i)
		if len(it.Alternatives) == 0 || it.Alternatives[0].Content == "" {
			continue
		}
		word := it.Alternatives[0].Content
		s, okS, err := jsonSecondsMS(it.StartTime)
		if err != nil {
			return recErr(ref, field+".start_time", "%v", err)
		}
		e, okE, err := jsonSecondsMS(it.EndTime)
		if err != nil {
			return recErr(ref, field+".end_time", "%v", err)
		}
		if okS && (s < 0 || s > maxOffsetMS) || okE && (e < 0 || e > maxOffsetMS) || okS && okE && e < s {
			return recErr(ref, field+".end_time", "times must satisfy 0 ≤ start_time ≤ end_time")
		}
		punct := it.Type == "punctuation"
		who := it.SpeakerLabel
		if who == "" {
			who = it.ChannelLabel
		}
		if who == "" && okS {
			who = labelAt[string(it.StartTime)]
		}
		if who == "" || punct && text.Len() > 0 {
			who = label // punctuation and unlabelled items belong to the run they follow
		}
		if who == "" {
			who = "spk_0"
		}
		if agentLabel == "" {
			agentLabel = who
		}
		if who != label {
			flush()
			label = who
		}
		if text.Len() > 0 && !punct {
			text.WriteByte(' ')
		}
		text.WriteString(word)
		if okS && okE {
			if !timed {
				start, end, timed = s, e, true
			}
			start, end = min(start, s), max(end, e)
		}
	}
	flush()
	sortTimed(in.Turns)
	if guess := guessAgentSpeaker(in.Turns, agentLabel); guess != agentLabel {
		agentLabel = guess
		for i := range in.Turns {
			in.Turns[i].Role = RoleCustomer
			if in.Turns[i].Speaker == agentLabel {
				in.Turns[i].Role = RoleAgent
			}
		}
	}
	for _, t := range in.Turns {
		if t.EndMS != nil {
			in.DurationMS = max(in.DurationMS, *t.EndMS)
		}
	}
	if agentLabel != "" {
		in.AgentName = "Agent (" + id + ")"
	}
	return Record{Interaction: in}
}

// sniffContactLens reports Contact Lens output: a Transcript plus its
// versioned schema, its customer metadata or per-turn participant ids.
func sniffContactLens(head []byte) bool {
	return looksLikeJSONObject(head) && headHas(head, "Transcript") &&
		(contactLensVersionRE.Match(head) || headHas(head, "CustomerMetadata") ||
			headHas(head, "ChatTranscriptVersion") ||
			(headHas(head, "Participants", "ParticipantId") && !headHas(head, "JobName")))
}

var contactLensVersionRE = regexp.MustCompile(`"Version"\s*:\s*"(VOICE|CHAT)-`)
