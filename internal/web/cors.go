package web

import (
	"net/http"
	"strings"
)

// CORS (docs/security.md): a page on another site may read the public API
// (GET and HEAD under /api/) but never write, and never read on a private
// server. The answer allows any origin without credentials, so a browser
// sends no cookie and the read is anonymous: what anyone may read anyway.

// corsExposed are the headers a page on another site may read besides
// the simple ones: pagination and revalidation.
const corsExposed = "ETag, Link, X-Total-Count"

// cors adds the CORS headers a read of the public API gets, and answers a
// preflight request (OPTIONS with Access-Control-Request-Method): 204 for
// a GET or HEAD of the public API, 403 otherwise. It says whether it
// answered.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		return false
	}
	h := w.Header()
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		r.Pattern = "OPTIONS /api/" // the metrics' and the access log's route: preflights are not in the route table
		if s.private || !isRead(r.Header.Get("Access-Control-Request-Method")) {
			if err := writeJSON(w, http.StatusForbidden, map[string]string{"error": "cross-origin requests may only read, and only on a public server"}); err != nil {
				s.log.Debug("answering a preflight", "err", err)
			}
			return true
		}
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", "GET, HEAD")
		h.Set("Access-Control-Allow-Headers", "If-None-Match")
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	if isRead(r.Method) && !s.private {
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", corsExposed)
	}
	return false
}
