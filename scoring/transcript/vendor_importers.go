package transcript

// vendorImporters are the formats of other tools (Zendesk, Amazon,
// Google), tried first because their JSON shapes are distinctive.
func vendorImporters() []Importer { return nil }
