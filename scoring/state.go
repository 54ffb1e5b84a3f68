package scoring

// transitions lists every allowed review state change. Anything else —
// in particular going back to draft, or editing a published review in
// place — is refused, so a published score an agent has seen can only
// change through the dispute flow, which leaves a trail.
var transitions = map[ReviewState][]ReviewState{
	ReviewDraft:     {ReviewSubmitted, ReviewPublished},
	ReviewSubmitted: {ReviewPublished},
	ReviewPublished: {ReviewDisputed},
	ReviewDisputed:  {ReviewResolved},
}

// AgentStates are the states in which a review is its agent's to read:
// published, and the dispute flow that may follow. A new slice each call,
// so no caller can change what the others see.
func AgentStates() []ReviewState {
	return []ReviewState{ReviewPublished, ReviewDisputed, ReviewResolved}
}

// VisibleToAgent reports whether a review in state st is its agent's to
// read (one of AgentStates).
func (st ReviewState) VisibleToAgent() bool {
	switch st {
	case ReviewPublished, ReviewDisputed, ReviewResolved:
		return true
	}
	return false
}

// CanTransition reports whether a review may move from state from to
// state to: draft → submitted (awaiting a second check), draft →
// published, submitted → published, published → disputed and disputed →
// resolved. Staying in the same state is not a transition.
func CanTransition(from, to ReviewState) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}
