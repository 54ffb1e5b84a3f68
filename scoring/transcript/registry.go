package transcript

import (
	"bytes"
	"fmt"
	"strings"
)

// Importers returns every importer, in the order Detect tries them:
// vendor formats with distinctive JSON shapes first, then our own and the
// text formats, whose sniffing is looser. A new slice each call: there is
// no package-level registry to mutate.
func Importers() []Importer {
	return append(vendorImporters(), textImporters()...)
}

// ImporterFor returns the importer of a named format.
func ImporterFor(f Format) (Importer, error) {
	for _, im := range Importers() {
		if im.Format() == f {
			return im, nil
		}
	}
	names := make([]string, 0, 12)
	for _, im := range Importers() {
		names = append(names, string(im.Format()))
	}
	return nil, fmt.Errorf("unknown format %q (known: %s)", f, strings.Join(names, ", "))
}

// Detect picks the importer for a file from its name and first bytes
// (up to 64 KiB), or says it cannot tell.
func Detect(name string, head []byte) (Importer, error) {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for _, im := range Importers() {
		if im.Sniff(name, head) {
			return im, nil
		}
	}
	return nil, fmt.Errorf("%s: unknown format: not one of the supported formats (give --format, or see scoring/transcript/FORMATS.md)", name)
}
