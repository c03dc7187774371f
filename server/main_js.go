//go:build js && wasm

package main

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall/js"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"

	"github.com/rumorguard/rumorguard/server/api"
	"github.com/rumorguard/rumorguard/server/store"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// The Worker: the same handler over the R2 bucket bound as LISTS. Publisher
// keys come from the RUMORGUARD_PUBLISHER_KEYS variable, token hashes from
// the RUMORGUARD_TOKEN_HASHES secret (see server/wrangler.toml).
//
// One Go instance serves every request of its isolate. syumai/workers'
// generated entry starts a new Go program per request (its Serve returns
// after the first response), which capped a workerd instance at ~100
// requests/s; server/worker/entry.mjs instead starts this program once and
// calls the "serve" function it registers for each request. The bridge is
// ours and deliberately plain: a request crosses as method, URL, header
// pairs and body bytes, a response comes back as status, header pairs and
// body bytes. Bodies are bounded by the API's own limits (16 MiB lists).
func main() {
	var (
		once    sync.Once
		handler http.Handler
	)
	var served atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Bindings exist only inside a request, so build the handler on the first one.
		once.Do(func() { handler = newHandler() })
		n := served.Add(1)
		if r.URL.Path == "/healthz" {
			// How many requests this Go instance has served: operators (and
			// the tests) can see that instances are reused, not restarted.
			w.Header().Set("Rumorguard-Instance-Requests", strconv.FormatInt(n, 10))
		}
		handler.ServeHTTP(w, r)
	})
	js.Global().Get("context").Get("binding").Set("serve", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return serveJS(h, args)
	}))
	workers.Ready()
	select {} // keep the program alive: requests arrive as calls of "serve"
}

// serveJS handles one request from the entry and returns a promise of
// {status, headers: [[name, value]…], body: Uint8Array}. A panic in the
// handler answers 500 instead of ending the program, which would cost every
// later request of the isolate a restart.
func serveJS(h http.Handler, args []js.Value) any {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, p []js.Value) any {
		executor.Release()
		resolve, reject := p[0], p[1]
		go func() {
			defer func() {
				if v := recover(); v != nil {
					reject.Invoke(js.Global().Get("Error").New(fmt.Sprint("rumorguard worker: ", v)))
				}
			}()
			if len(args) != 4 {
				panic(fmt.Sprintf("serve takes method, url, headers, body; got %d arguments", len(args)))
			}
			var body io.Reader = http.NoBody
			if b := args[3]; !b.IsNull() && !b.IsUndefined() {
				buf := make([]byte, b.Get("length").Int())
				js.CopyBytesToGo(buf, b)
				body = bytes.NewReader(buf)
			}
			req, err := http.NewRequest(args[0].String(), args[1].String(), body)
			if err != nil {
				panic(err)
			}
			hs := args[2]
			for i, n := 0, hs.Length(); i < n; i++ {
				kv := hs.Index(i)
				req.Header.Add(kv.Index(0).String(), kv.Index(1).String())
			}
			req.Host = req.URL.Host
			w := &bufferedResponse{header: http.Header{}}
			h.ServeHTTP(w, req)
			resolve.Invoke(w.toJS())
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

// bufferedResponse collects a handler's response for serveJS.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *bufferedResponse) Header() http.Header { return w.header }

func (w *bufferedResponse) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *bufferedResponse) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(p)
}

func (w *bufferedResponse) toJS() js.Value {
	w.WriteHeader(http.StatusOK)
	headers := js.Global().Get("Array").New()
	for name, values := range w.header {
		for _, v := range values {
			headers.Call("push", js.ValueOf([]any{name, v}))
		}
	}
	body := js.Global().Get("Uint8Array").New(w.body.Len())
	js.CopyBytesToJS(body, w.body.Bytes())
	res := js.Global().Get("Object").New()
	res.Set("status", w.status)
	res.Set("headers", headers)
	res.Set("body", body)
	return res
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
