// Package static embeds the vendored front-end files (htmx, Pico CSS),
// app.css and the screens' own stylesheets (conversation.css), and computes a content hash per file so URLs can be
// cache-busted and cached forever.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
)

//go:embed htmx.min.js pico.min.css app.css conversation.css rubrics.css tz.js grading.js grading.css upload.js
var files embed.FS

// File is one embedded asset with what serving it needs.
type File struct {
	Name        string
	Body        []byte
	ContentType string
	// Hash is a prefix of the hex SHA-256 of Body, long enough that two
	// versions of a file never share it in practice.
	Hash string
}

// Files reads every embedded asset once and returns them by name. The
// result is built fresh on each call (no package-level state); the server
// calls it once at start.
func Files() (map[string]File, error) {
	out := map[string]File{}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		out[p] = File{Name: p, Body: b, ContentType: ct, Hash: hex.EncodeToString(sum[:])[:16]}
		return nil
	})
	return out, err
}
