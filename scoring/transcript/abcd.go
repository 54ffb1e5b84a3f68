package transcript

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// abcdSplits are the top-level keys of the full ABCD release
// ({"train": [...], "dev": [...], "test": [...]}); the sample file is a
// bare array of conversations.
var abcdSplits = []string{"train", "dev", "test"}

// ABCDImporter reads ASAPP's Action-Based Conversations Dataset: chats
// whose "original" turns are [speaker, text] pairs.
type ABCDImporter struct{}

// Format returns FormatABCD.
func (ABCDImporter) Format() Format { return FormatABCD }

// Sniff accepts JSON whose first conversation has "convo_id" and
// "original", keys no other supported format uses.
func (ABCDImporter) Sniff(_ string, head []byte) bool {
	keys := firstRecordKeys(head, abcdSplits...)
	return keys["convo_id"] && keys["original"]
}

// Parse streams conversations one at a time: the full dataset is large.
func (ABCDImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	for _, f := range files {
		if err := parseABCDFile(ctx, f, emit); err != nil {
			return err
		}
	}
	return nil
}

func parseABCDFile(ctx context.Context, f File, emit func(Record) error) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: open: %w", f.Name, err)
	}
	defer rc.Close()
	ref := func(split string, idx int) string {
		switch {
		case idx == 0:
			return f.Name
		case split != "":
			return fmt.Sprintf("%s %s conversation %d", f.Name, split, idx)
		}
		return fmt.Sprintf("%s conversation %d", f.Name, idx)
	}
	split := ""
	return streamJSONRecords(ctx, rc, abcdSplits, true,
		func(idx int, s string, raw json.RawMessage) error {
			split = s
			return emit(abcdRecord(ref(s, idx), raw))
		},
		func(idx int, msg string) error {
			return emit(errRecord(ref(split, idx), &fieldError{Message: msg}))
		})
}

// abcdConversation is the part of an ABCD conversation we import; the
// rest (delexed text, scenario details) is ignored.
type abcdConversation struct {
	ConvoID  json.RawMessage `json:"convo_id"`
	Scenario *struct {
		Personal *struct {
			CustomerName json.RawMessage `json:"customer_name"`
		} `json:"personal"`
	} `json:"scenario"`
	Original []json.RawMessage `json:"original"`
}

// abcdRoles maps ABCD speakers to roles: "action" turns are the agent's
// tool actions written by the system, neither agent nor customer speech.
var abcdRoles = map[string]Role{"agent": RoleAgent, "customer": RoleCustomer, "action": RoleSystem}

// abcdRecord decodes one conversation. ABCD has no times, so StartedAt is
// the epoch placeholder and there are no offsets; it has no agent names.
func abcdRecord(ref string, raw json.RawMessage) Record {
	var c abcdConversation
	if err := json.Unmarshal(raw, &c); err != nil {
		field := ""
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field = te.Field
		}
		return errRecord(ref, ferr(field, "%v", err))
	}
	in := Interaction{Source: string(FormatABCD), Channel: ChannelChat, Language: "en", StartedAt: unknownStart}
	switch id := bytes.TrimSpace(c.ConvoID); {
	case isNull(id):
		return errRecord(ref, ferr("convo_id", "is required"))
	case id[0] == '"':
		s, msg := jsonString(id)
		if msg != "" {
			return errRecord(ref, ferr("convo_id", "%s", msg))
		}
		in.ExternalID = s
	default:
		var n json.Number
		if err := json.Unmarshal(id, &n); err != nil {
			return errRecord(ref, ferr("convo_id", "must be a number or a string"))
		}
		in.ExternalID = n.String()
	}
	if strings.TrimSpace(in.ExternalID) == "" {
		return errRecord(ref, ferr("convo_id", "is required"))
	}
	if c.Scenario != nil && c.Scenario.Personal != nil && !isNull(c.Scenario.Personal.CustomerName) {
		s, msg := jsonString(c.Scenario.Personal.CustomerName)
		if msg != "" {
			return errRecord(ref, ferr("scenario.personal.customer_name", "%s", msg))
		}
		in.CustomerName = s
	}
	if c.Original == nil {
		return errRecord(ref, ferr("original", "is required"))
	}
	for i, rt := range c.Original {
		field := fmt.Sprintf("original[%d]", i)
		var pair []json.RawMessage
		if err := json.Unmarshal(rt, &pair); err != nil || len(pair) != 2 {
			return errRecord(ref, ferr(field, "must be a [speaker, text] pair"))
		}
		speaker, msg := jsonString(pair[0])
		if msg != "" {
			return errRecord(ref, ferr(field+"[0]", "%s", msg))
		}
		text, msg := jsonString(pair[1])
		if msg != "" {
			return errRecord(ref, ferr(field+"[1]", "%s", msg))
		}
		role, ok := abcdRoles[speaker]
		if !ok {
			return errRecord(ref, ferr(field+"[0]", "%q is not agent, customer or action", speaker))
		}
		t := Turn{Role: role, Text: text}
		if role == RoleCustomer {
			t.Speaker = in.CustomerName
		}
		in.Turns = append(in.Turns, t)
	}
	if fe := finishInteraction(&in, true, true); fe != nil {
		return errRecord(ref, fe)
	}
	return Record{Ref: ref, Interaction: in}
}
