package views

import (
	"bytes"
	"net/http"
	"strings"
	"time"
)

const staticPrefix = "/static/"

// assetURL is the cache-busted URL of a static file: the content hash in
// the query changes whenever the file does, so browsers may keep each URL
// forever.
func (s *Server) assetURL(name string) string {
	f, ok := s.assets[name]
	if !ok {
		return staticPrefix + name
	}
	return staticPrefix + name + "?v=" + f.Hash
}

// serveStatic serves an embedded file. With the current hash in ?v= it is
// cacheable for a year; without (or with a stale one) it must be
// revalidated, so an old page never pins a new file under an old URL.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.assets[strings.TrimPrefix(r.URL.Path, staticPrefix)]
	if !ok || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		s.writeErrorPage(w, r, http.StatusNotFound)
		return
	}
	h := w.Header()
	if r.URL.Query().Get("v") == f.Hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Content-Type", f.ContentType)
	h.Set("ETag", `"`+f.Hash+`"`)
	http.ServeContent(w, r, f.Name, time.Time{}, bytes.NewReader(f.Body))
}
