package transcript

// textImporters are our own formats and the plain-text caption formats.
func textImporters() []Importer { return nil }
