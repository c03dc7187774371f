//go:build js && wasm

package main

import (
	"log/slog"
	"net/http"
	"os"
	"sync"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"

	"github.com/rumorguard/rumorguard/server/api"
	"github.com/rumorguard/rumorguard/server/store"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// The Worker: the same handler over the R2 bucket bound as LISTS. Publisher
// keys come from the RUMORGUARD_PUBLISHER_KEYS variable, token hashes from
// the RUMORGUARD_TOKEN_HASHES secret (see server/wrangler.toml).
func main() {
	var (
		once    sync.Once
		handler http.Handler
	)
	workers.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Bindings exist only inside a request, so build the handler on the first one.
		once.Do(func() { handler = newHandler() })
		handler.ServeHTTP(w, r)
	}))
}

func newHandler() http.Handler {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	fail := func(msg string, err error) http.Handler {
		log.Error(msg, "err", err)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, `{"error":"server misconfigured: `+msg+`"}`, http.StatusInternalServerError)
		})
	}
	st, err := store.NewR2Store("LISTS")
	if err != nil {
		return fail("R2 binding LISTS missing", err)
	}
	keys, err := rumorlist.ParseKeyring(cloudflare.Getenv("RUMORGUARD_PUBLISHER_KEYS"))
	if err != nil {
		return fail("RUMORGUARD_PUBLISHER_KEYS", err)
	}
	hashes, err := parseTokenHashes(cloudflare.Getenv("RUMORGUARD_TOKEN_HASHES"))
	if err != nil {
		return fail("RUMORGUARD_TOKEN_HASHES", err)
	}
	return api.New(api.Config{Store: st, Keys: keys, TokenHashes: hashes, Log: log})
}
