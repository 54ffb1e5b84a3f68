package transcript

// Option is one choice in a list filter: an id and what to call it.
type Option struct {
	ID   int64
	Name string
}

// Facets are the values a viewer can filter their interaction list by,
// limited to what their scope lets them see, so a filter never offers an
// agent or team the viewer may not know about.
type Facets struct {
	Agents    []Option
	Teams     []Option
	Languages []string
}
