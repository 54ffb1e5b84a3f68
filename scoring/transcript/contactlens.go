package transcript

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// ContactLensImporter reads Amazon Connect Contact Lens output files,
// voice ("VOICE-…" versions: millisecond offsets, ParticipantId mapped
// through Participants[]) and chat ("CHAT-…": AbsoluteTime per item,
// MESSAGE and EVENT items). Original and redacted files both import;
// redaction placeholders such as [PII] stay in the text as written.
type ContactLensImporter struct{}

// Format is FormatContactLens.
func (ContactLensImporter) Format() Format { return FormatContactLens }

// Sniff wants a Transcript plus a Contact Lens marker (see
// sniffContactLens); Transcribe Call Analytics files have none of them.
func (ContactLensImporter) Sniff(name string, head []byte) bool { return sniffContactLens(head) }

// Parse emits one record per file. The external id is the contact id
// from CustomerMetadata, else the file name without extension.
func (ContactLensImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	return parseEach(ctx, files, emit, func(f File, data []byte) Record {
		var doc awsDoc
		if err := json.Unmarshal(data, &doc); err != nil {
			return decodeErr(f.Name, err)
		}
		id := strings.TrimSpace(doc.CustomerMetadata.ContactId)
		if id == "" {
			id = fileStem(f.Name)
		}
		extID := "contact-lens-" + id
		if isContactLensChat(&doc) {
			return contactLensChat(f.Name, extID, id, &doc)
		}
		return awsVoice(f.Name, FormatContactLens, extID, id, &doc, fallbackStart(f.Name))
	})
}

// isContactLensChat tells chat from voice: by the schema version or
// channel when present, else by chat's wall-clock item times.
func isContactLensChat(doc *awsDoc) bool {
	v, ch := strings.ToUpper(doc.Version), strings.ToUpper(doc.Channel)
	switch {
	case strings.HasPrefix(v, "CHAT"), ch == "CHAT":
		return true
	case strings.HasPrefix(v, "VOICE"), ch == "VOICE":
		return false
	}
	for _, t := range doc.Transcript {
		if t.AbsoluteTime != "" {
			return true
		}
	}
	return false
}

// contactLensChat maps chat items. EVENT items (joined, left, ended) and
// items without Content are not turns, but their times still count for
// started_at and duration: the contact began when the first item was
// written. A message's role is its ParticipantRole, else its
// participant's role in Participants[] (redacted files drop it there, so
// the item comes first). SYSTEM messages stay system and bots are bots,
// so neither is scored as the agent or the customer.
func contactLensChat(ref, extID, key string, doc *awsDoc) Record {
	roleByID := map[string]string{}
	for _, p := range doc.Participants {
		if p.ParticipantRole != "" {
			roleByID[p.ParticipantId] = p.ParticipantRole
		}
	}
	in := Interaction{
		ExternalID: extID,
		Source:     string(FormatContactLens),
		Channel:    ChannelChat,
		Language:   primaryLanguage(doc.LanguageCode),
	}
	var first, last time.Time
	var agentName, customerName string
	agentSeen := false
	for i, t := range doc.Transcript {
		field := fmt.Sprintf("Transcript[%d]", i)
		var at *time.Time
		if t.AbsoluteTime != "" {
			v, err := time.Parse(time.RFC3339Nano, t.AbsoluteTime)
			if err != nil || v.Year() < 1971 || v.Year() > 9999 {
				return recErr(ref, field+".AbsoluteTime", "%q is not an ISO-8601 time", truncate(t.AbsoluteTime, 40))
			}
			v = v.UTC()
			at = &v
			if first.IsZero() || v.Before(first) {
				first = v
			}
			if v.After(last) {
				last = v
			}
		}
		if strings.EqualFold(t.Type, "EVENT") || t.Content == nil || strings.TrimSpace(*t.Content) == "" {
			continue
		}
		raw := t.ParticipantRole
		if raw == "" {
			raw = roleByID[t.ParticipantId]
		}
		role := awsRole(raw)
		speaker := t.DisplayName
		if speaker == "" {
			speaker = awsSpeaker(role, raw, "")
		}
		switch role {
		case RoleAgent:
			agentSeen = true
			if agentName == "" && !isPlaceholder(t.DisplayName) {
				agentName = t.DisplayName
			}
		case RoleCustomer:
			if customerName == "" && !isPlaceholder(t.DisplayName) {
				customerName = t.DisplayName
			}
		}
		in.Turns = append(in.Turns, Turn{Seq: len(in.Turns), Role: role, Speaker: speaker, Text: *t.Content, At: at})
	}
	if first.IsZero() {
		first = fallbackStart(ref)
		last = first
	}
	in.StartedAt = first
	in.DurationMS = last.Sub(first).Milliseconds()
	if agentSeen {
		if agentName == "" {
			agentName = "Agent (" + key + ")"
		}
		in.AgentName = agentName
	}
	in.CustomerName = customerName
	return Record{Interaction: in}
}
