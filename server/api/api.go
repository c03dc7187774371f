// Package api is the list server's HTTP API, one http.Handler for both the
// native server and the Cloudflare Worker; only the store behind it differs.
//
//	GET  /healthz
//	GET  /v1/lists/{list}/latest      signed manifest (JSON), ETag, If-None-Match -> 304
//	GET  /v1/lists/{list}/{version}   signed list bytes, immutable
//	PUT  /v1/lists/{list}/{version}   publish: Authorization: Bearer TOKEN,
//	                                  Rumorguard-Manifest: base64 of the signed manifest JSON
//	GET  /v1/lists/{list}/deltas/{from}-{to}
//
// Versions are 1..MaxVersion (400 otherwise); another method on these
// paths gets 405 with Allow.
//
// Publishing checks, in order, each with its own status: credentials (401
// none, 403 wrong), size (413), a decodable signed list (400), a signature
// from a trusted publisher key (400), the manifest matching the list and
// the path (400), and a version above the latest (409). The version bytes
// are stored first and the latest pointer moves after, by compare-and-swap,
// so readers see the old version or the new one. Stored bytes are served
// only once their version was published (it is, or was, latest: see
// publishedKey), so a refused publish leaves nothing public. A retry of a
// publish that succeeded (same version, same bytes) answers 200.
package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rumorguard/rumorguard/server/store"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// Config configures the handler.
type Config struct {
	Store store.Store
	// Keys are the publisher keys trusted for every list; ListKeys, when it
	// has an entry for a list, replaces them for that list.
	Keys     rumorlist.Keyring
	ListKeys map[string]rumorlist.Keyring
	// TokenHashes are SHA-256 hashes of the publish tokens; several, so one
	// can be revoked without the others.
	TokenHashes [][sha256.Size]byte
	// MaxListBytes bounds an upload (default 16 MiB).
	MaxListBytes int64
	Log          *slog.Logger
	// BeforeUpload, if set, runs when a publish is authorized and about to
	// read its body: the native server extends the connection's deadlines
	// there, so only token holders get the time a large upload needs.
	BeforeUpload func(w http.ResponseWriter, r *http.Request)
}

// ManifestHeader carries the signed manifest of a publish, base64-encoded.
const ManifestHeader = "Rumorguard-Manifest"

// ContentType of signed list bytes.
const ContentType = "application/vnd.rumorguard.list"

type server struct {
	cfg Config

	// The latest manifest is read on every client poll: keep it in memory
	// for a second, and version bytes (immutable) while they fit.
	mu       sync.Mutex
	latestC  map[string]cached
	versionC map[string]cached
	vbytes   int

	sample sampler
}

type cached struct {
	body []byte
	etag string
	at   time.Time
}

const (
	latestTTL      = time.Second
	maxCachedBytes = 64 << 20
)

func (s *server) cachedGet(ctx context.Context, key string, immutable bool) (cached, error) {
	s.mu.Lock()
	m := s.latestC
	if immutable {
		m = s.versionC
	}
	c, ok := m[key]
	s.mu.Unlock()
	if ok && (immutable || time.Since(c.at) < latestTTL) {
		return c, nil
	}
	b, err := s.cfg.Store.Get(ctx, key)
	if err != nil {
		return cached{}, err
	}
	c = cached{body: b, etag: etag(b), at: time.Now()}
	s.mu.Lock()
	if immutable {
		if s.vbytes+len(b) > maxCachedBytes {
			clear(s.versionC)
			s.vbytes = 0
		}
		s.vbytes += len(b)
	}
	m[key] = c
	s.mu.Unlock()
	return c, nil
}

func (s *server) forget(key string) {
	s.mu.Lock()
	delete(s.latestC, key)
	s.mu.Unlock()
}

// New returns the API handler.
func New(cfg Config) http.Handler {
	if cfg.MaxListBytes == 0 {
		cfg.MaxListBytes = 16 << 20
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &server{cfg: cfg, latestC: map[string]cached{}, versionC: map[string]cached{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"ok": true})
	})
	mux.HandleFunc("GET /v1/lists/{list}/latest", s.latest)
	mux.HandleFunc("GET /v1/lists/{list}/{version}", s.version)
	mux.HandleFunc("PUT /v1/lists/{list}/{version}", s.publish)
	mux.HandleFunc("GET /v1/lists/{list}/deltas/{span}", s.delta)
	// The same paths under other methods: 405 with what is allowed, so a
	// client that used the wrong method is told so, not that nothing is there.
	mux.HandleFunc("/healthz", notAllowed("GET, HEAD"))
	mux.HandleFunc("/v1/lists/{list}/{version}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("version") == "latest" {
			notAllowed("GET, HEAD")(w, r)
			return
		}
		notAllowed("GET, HEAD, PUT")(w, r)
	})
	mux.HandleFunc("/v1/lists/{list}/deltas/{span}", notAllowed("GET, HEAD"))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: see the API in the server's README section")
	})
	return s.logged(mux)
}

func notAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed here; allowed: %s", r.Method, allow))
	}
}

// sampler lets one log line a second through per method and status.
type sampler struct {
	mu sync.Mutex
	m  map[sampleKey]*sampleWindow
}

type sampleKey struct {
	method string
	status int
}

type sampleWindow struct {
	logged     time.Time
	suppressed int
}

// allow tells whether to log this request, and how many of its kind were
// not logged since the last one that was.
func (s *sampler) allow(method string, status int, now time.Time) (bool, int) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodPatch, http.MethodOptions:
	default:
		method = "other" // clients choose methods: keep the map small
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[sampleKey]*sampleWindow{}
	}
	k := sampleKey{method, status}
	w, ok := s.m[k]
	if !ok {
		s.m[k] = &sampleWindow{logged: now}
		return true, 0
	}
	if now.Sub(w.logged) < time.Second {
		w.suppressed++
		return false, 0
	}
	n := w.suppressed
	w.logged, w.suppressed = now, 0
	return true, n
}

// clip bounds what a client controls in a log line.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *server) logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			// A bug must not take the server down, nor leak details to clients.
			if p := recover(); p != nil {
				s.cfg.Log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(p))
				writeError(sw, http.StatusInternalServerError, "internal error")
			}
			// Polls are the bulk of the traffic: log them at debug level.
			// Refusals (4xx) are what a flood is made of: all at debug, and
			// at info one a second per method and status, with how many
			// were left out since. Everything else (publishes, 5xx) at info.
			level := slog.LevelInfo
			attrs := []any{"method", clip(r.Method, 16), "path", clip(r.URL.Path, 200), "status", sw.status, "ms", time.Since(start).Milliseconds()}
			switch {
			case r.Method == http.MethodGet && sw.status < 400:
				level = slog.LevelDebug
			case sw.status >= 400 && sw.status < 500:
				if ok, suppressed := s.sample.allow(r.Method, sw.status, time.Now()); ok {
					attrs = append(attrs, "suppressed", suppressed)
				} else {
					level = slog.LevelDebug
				}
			}
			s.cfg.Log.Log(r.Context(), level, "request", attrs...)
		}()
		h.ServeHTTP(sw, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

var listName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

func pathList(r *http.Request) (string, bool) {
	n := r.PathValue("list")
	return n, listName.MatchString(n)
}

// MaxVersion is the largest list version, rumorlist's bound (JavaScript's
// largest exact integer): a larger one would round in the extension, compare
// equal to its neighbours and freeze the list.
const MaxVersion = rumorlist.MaxVersion

// errVersionRange is what a client is told about a version out of bounds.
var errVersionRange = fmt.Sprintf("versions are whole numbers from 1 to %d (JavaScript's largest exact integer)", uint64(MaxVersion))

// parseVersion reads a decimal version. ok is false for anything that is not
// a canonical decimal number; inRange is false for numbers outside
// 1..MaxVersion, however many digits they have.
func parseVersion(v string) (n uint64, ok, inRange bool) {
	if v == "" || strings.Trim(v, "0123456789") != "" || (v[0] == '0' && v != "0") {
		return 0, false, false
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n == 0 || n > MaxVersion {
		return 0, true, false
	}
	return n, true, true
}

// pathVersion is the path's version; when it is numeric but out of range it
// has answered 400 and returns ok false with answered true.
func pathVersion(w http.ResponseWriter, r *http.Request) (v uint64, ok, answered bool) {
	v, numeric, inRange := parseVersion(r.PathValue("version"))
	if numeric && !inRange {
		writeError(w, http.StatusBadRequest, errVersionRange)
		return 0, false, true
	}
	return v, inRange, false
}

func latestKey(list string) string { return "lists/" + list + "/latest.json" }

// publishedKey marks a version as published: it holds the manifest the
// version had when it became latest. A version's bytes are stored before
// latest moves to it, and stay stored when a newer version wins that race
// (409), so the bytes alone do not make a version public. The mark is
// created right after latest moves, and again by the next publish before it
// moves latest away, so a crash between the two cannot lose it.
func publishedKey(list string, v uint64) string {
	return fmt.Sprintf("lists/%s/published/%020d.json", list, v)
}
func deltaKey(list string, from, to uint64) string {
	return fmt.Sprintf("lists/%s/deltas/%020d-%020d.delta", list, from, to)
}

// Deltas is how many earlier versions are considered for a delta to each
// new version: a client one to five versions behind downloads kilobytes,
// not the list. A delta is kept only if it is under half the signed list it
// leads to (else the client might as well download the list), and the
// deltas to one version together stay within the list's size, so a publish
// costs the disk at most twice the list. Before these bounds, 21 versions of
// a 4.6 MB list took 348 MB (five deltas of about the list's size each);
// now at most 2 x 21 x 4.6 MB = 193 MB, and versions that change a few
// rumors cost little more than the versions themselves.
const Deltas = 5

func versionKey(list string, v uint64) string {
	return fmt.Sprintf("lists/%s/versions/%020d.rgl", list, v)
}

func etag(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// etagMatches implements If-None-Match: a list of tags or "*".
func etagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}

// Cache policies: clients poll latest, so it is revalidated every time
// (cheaply, with 304); versions and deltas never change.
const (
	cacheLatest    = "no-cache"
	cacheImmutable = "public, max-age=31536000, immutable"
)

func (s *server) latest(w http.ResponseWriter, r *http.Request) {
	list, ok := pathList(r)
	if !ok {
		writeError(w, http.StatusNotFound, "no such list")
		return
	}
	s.serve(w, r, latestKey(list), false, cacheLatest, "application/json",
		fmt.Sprintf("list %q has no published version", list))
}

func (s *server) version(w http.ResponseWriter, r *http.Request) {
	list, ok := pathList(r)
	v, vok, answered := pathVersion(w, r)
	if answered {
		return
	}
	if !ok || !vok {
		writeError(w, http.StatusNotFound, "no such list version: the path is /v1/lists/NAME/VERSION")
		return
	}
	notFound := fmt.Sprintf("list %q has no version %d", list, v)
	key := versionKey(list, v)
	s.mu.Lock()
	_, known := s.versionC[key]
	s.mu.Unlock()
	if !known {
		// Only published versions are cached, so only a miss is checked.
		switch ok, err := s.published(r.Context(), list, v, 0); {
		case err != nil:
			s.storeError(w, err)
			return
		case !ok:
			writeError(w, http.StatusNotFound, notFound)
			return
		}
	}
	s.serve(w, r, key, true, cacheImmutable, ContentType, notFound)
}

// published tells whether version v of list was published. latest is the
// list's latest version if the caller knows it, else 0.
func (s *server) published(ctx context.Context, list string, v, latest uint64) (bool, error) {
	if latest == 0 {
		_, lv, err := s.readLatest(ctx, list)
		if err != nil {
			return false, err
		}
		latest = lv
	}
	if v > latest {
		return false, nil
	}
	if v == latest {
		return true, nil
	}
	_, err := s.cfg.Store.Get(ctx, publishedKey(list, v))
	if err == nil {
		return true, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	// Lists from before the marks existed have none: every version stored
	// up to latest was served then, and still is.
	marks, err := s.cfg.Store.List(ctx, "lists/"+list+"/published/")
	if err != nil {
		return false, err
	}
	return len(marks) == 0, nil
}

// markPublished records that v (with manifest) was published. With
// migrate, v is a latest that was there before, and the first mark of a
// list from before the marks existed also marks its older stored versions,
// which were all served then. A new list's first version has nothing to
// migrate: older bytes there are from uploads that never got published.
func (s *server) markPublished(ctx context.Context, list string, v uint64, manifest []byte, migrate bool) error {
	marks, err := s.cfg.Store.List(ctx, "lists/"+list+"/published/")
	if err != nil {
		return err
	}
	if migrate && len(marks) == 0 {
		versions, err := s.cfg.Store.List(ctx, "lists/"+list+"/versions/")
		if err != nil {
			return err
		}
		for _, k := range versions {
			var old uint64
			if _, err := fmt.Sscanf(k, "lists/"+list+"/versions/%d.rgl", &old); err != nil || old >= v {
				continue
			}
			if err := s.cfg.Store.Create(ctx, publishedKey(list, old), []byte("{}")); err != nil && !errors.Is(err, store.ErrExists) {
				return err
			}
		}
	}
	if err := s.cfg.Store.Create(ctx, publishedKey(list, v), manifest); err != nil && !errors.Is(err, store.ErrExists) {
		return err
	}
	return nil
}

// serve answers a GET of one stored object with its ETag, 304 when the
// client has it, and the given caching policy.
func (s *server) serve(w http.ResponseWriter, r *http.Request, key string, immutable bool, cacheControl, contentType, notFound string) {
	c, err := s.cachedGet(r.Context(), key, immutable)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, notFound)
		return
	}
	if err != nil {
		s.storeError(w, err)
		return
	}
	w.Header().Set("ETag", c.etag)
	w.Header().Set("Cache-Control", cacheControl)
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, c.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(c.body)))
	w.Write(c.body)
}

// deltasDoneKey marks that the deltas to a version were all made: a crash
// before it leaves them to Repair or to the publisher's retry.
func deltasDoneKey(list string, to uint64) string {
	return fmt.Sprintf("lists/%s/deltas/%020d.done", list, to)
}

// makeDeltas stores deltas from the last few versions to the new one, those
// not stored yet. Best effort: a client without a delta downloads the whole
// list.
func (s *server) makeDeltas(ctx context.Context, list string, to *rumorlist.List, toSize int) {
	keys, err := s.cfg.Store.List(ctx, "lists/"+list+"/versions/")
	if err != nil {
		s.cfg.Log.Warn("deltas: list versions", "err", err)
		return
	}
	existing, err := s.cfg.Store.List(ctx, "lists/"+list+"/deltas/")
	if err != nil {
		s.cfg.Log.Warn("deltas: list deltas", "err", err)
		return
	}
	if slices.Contains(existing, deltasDoneKey(list, to.Version)) {
		return
	}
	failed := false
	defer func() {
		if !failed {
			if err := s.cfg.Store.Create(ctx, deltasDoneKey(list, to.Version), nil); err != nil && !errors.Is(err, store.ErrExists) {
				s.cfg.Log.Warn("deltas: mark done", "err", err)
			}
		}
	}()
	considered, budget := 0, toSize
	for i := len(keys) - 1; i >= 0 && considered < Deltas && budget > 0; i-- {
		var fromV uint64
		if _, err := fmt.Sscanf(keys[i], "lists/"+list+"/versions/%d.rgl", &fromV); err != nil || fromV >= to.Version {
			continue
		}
		// Bytes of a refused publish are no base: no client has them.
		if ok, err := s.published(ctx, list, fromV, to.Version); err != nil || !ok {
			failed = failed || err != nil
			continue
		}
		considered++
		if _, found := slices.BinarySearch(existing, deltaKey(list, fromV, to.Version)); found {
			// Made before a crash: it counts against the budget.
			if d, err := s.cfg.Store.Get(ctx, deltaKey(list, fromV, to.Version)); err == nil {
				budget -= len(d)
			}
			continue
		}
		b, err := s.cfg.Store.Get(ctx, keys[i])
		if err != nil {
			continue
		}
		env, err := rumorlist.OpenEnvelope(b)
		if err != nil {
			continue
		}
		from, err := rumorlist.Decode(env.List)
		if err != nil || from.Version >= to.Version {
			continue
		}
		d, err := rumorlist.MakeDelta(from, to).MarshalMsg(nil)
		if err == nil && (2*len(d) >= toSize || len(d) > budget) {
			continue // not worth its bytes, or over the budget
		}
		if err == nil {
			err = s.cfg.Store.Create(ctx, deltaKey(list, from.Version, to.Version), d)
		}
		if err != nil && !errors.Is(err, store.ErrExists) {
			s.cfg.Log.Warn("deltas: store", "from", from.Version, "to", to.Version, "err", err)
			failed = true
			continue
		}
		budget -= len(d)
	}
}

// Repair finishes what a crash interrupted, for every list in st: it marks
// the latest version published and makes its missing deltas. The native
// server runs it at start; elsewhere the publisher's retry does the same.
func Repair(ctx context.Context, cfg Config) error {
	s := &server{cfg: cfg}
	if s.cfg.Log == nil {
		s.cfg.Log = slog.New(slog.DiscardHandler)
	}
	keys, err := cfg.Store.List(ctx, "lists/")
	if err != nil {
		return fmt.Errorf("repair: %w", err)
	}
	for _, k := range keys {
		list, ok := strings.CutSuffix(strings.TrimPrefix(k, "lists/"), "/latest.json")
		if !ok || !listName.MatchString(list) {
			continue
		}
		// One damaged list must not keep the others from being served.
		if err := s.repair(ctx, list); err != nil {
			s.cfg.Log.Error("repair", "list", list, "err", err)
		}
	}
	return nil
}

func (s *server) repair(ctx context.Context, list string) error {
	mjson, v, err := s.readLatest(ctx, list)
	if err != nil {
		return err
	}
	if err := s.markPublished(ctx, list, v, mjson, true); err != nil {
		return err
	}
	done, err := s.cfg.Store.List(ctx, "lists/"+list+"/deltas/")
	if err != nil {
		return err
	}
	if slices.Contains(done, deltasDoneKey(list, v)) {
		return nil
	}
	b, err := s.cfg.Store.Get(ctx, versionKey(list, v))
	if err != nil {
		return fmt.Errorf("version %d: %w", v, err)
	}
	env, err := rumorlist.OpenEnvelope(b)
	if err != nil {
		return fmt.Errorf("version %d: %w", v, err)
	}
	l, err := rumorlist.Decode(env.List)
	if err != nil {
		return fmt.Errorf("version %d: %w", v, err)
	}
	s.makeDeltas(ctx, list, l, len(b))
	s.cfg.Log.Info("made the deltas a crash left out", "list", list, "version", v)
	return nil
}

func (s *server) delta(w http.ResponseWriter, r *http.Request) {
	list, ok := pathList(r)
	fs, ts, _ := strings.Cut(r.PathValue("span"), "-")
	from, fnum, fin := parseVersion(fs)
	to, tnum, tin := parseVersion(ts)
	if fnum && tnum && (!fin || !tin) {
		writeError(w, http.StatusBadRequest, errVersionRange)
		return
	}
	if !ok || !fin || !tin || to <= from {
		writeError(w, http.StatusNotFound, "no such delta: the path is /v1/lists/NAME/deltas/FROM-TO")
		return
	}
	s.serve(w, r, deltaKey(list, from, to), true, cacheImmutable, "application/vnd.rumorguard.delta",
		fmt.Sprintf("no delta from %d to %d: download the version instead", from, to))
}

func (s *server) storeError(w http.ResponseWriter, err error) {
	s.cfg.Log.Error("store", "err", err)
	writeError(w, http.StatusServiceUnavailable, "storage is unavailable; try again later")
}

func (s *server) authorized(w http.ResponseWriter, r *http.Request) bool {
	h := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="rumorguard"`)
		writeError(w, http.StatusUnauthorized, "publishing needs a token: Authorization: Bearer TOKEN")
		return false
	}
	sum := sha256.Sum256([]byte(token))
	match := 0
	// Compare with every configured hash, in constant time each, so timing
	// tells nothing about which or how much matched.
	for _, want := range s.cfg.TokenHashes {
		match |= subtle.ConstantTimeCompare(sum[:], want[:])
	}
	if match != 1 {
		writeError(w, http.StatusForbidden, "this token may not publish")
		return false
	}
	return true
}

func (s *server) keysFor(list string) rumorlist.Keyring {
	if k, ok := s.cfg.ListKeys[list]; ok {
		return k
	}
	return s.cfg.Keys
}

func (s *server) publish(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	list, ok := pathList(r)
	v, vok, answered := pathVersion(w, r)
	if answered {
		return
	}
	if !ok || !vok {
		writeError(w, http.StatusBadRequest, "bad path: publish to /v1/lists/NAME/VERSION with a lower-case name and "+errVersionRange)
		return
	}
	if r.ContentLength > s.cfg.MaxListBytes {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the list is %d bytes; this server accepts at most %d", r.ContentLength, s.cfg.MaxListBytes))
		return
	}
	if s.cfg.BeforeUpload != nil {
		s.cfg.BeforeUpload(w, r)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxListBytes+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, "could not read the upload: "+err.Error())
		return
	}
	if int64(len(body)) > s.cfg.MaxListBytes {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the list is larger than %d bytes", s.cfg.MaxListBytes))
		return
	}
	keys := s.keysFor(list)
	l, raw, err := rumorlist.Open(body, keys)
	if err != nil {
		writeError(w, http.StatusBadRequest, "refused: "+err.Error())
		return
	}
	m, err := s.manifest(r, keys)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	env, _ := rumorlist.OpenEnvelope(body)
	switch {
	case l.Name != list:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("the list is named %q but was sent to %q", l.Name, list))
		return
	case l.Version != v:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("the list is version %d but was sent as version %d", l.Version, v))
		return
	case m.List != list || m.Version != v || m.KeyID != env.KeyID || m.SignedSize != len(body):
		writeError(w, http.StatusBadRequest, "the manifest does not describe this list (name, version, key or size differ): sign again with rumorctl sign")
		return
	}
	if err := m.Matches(raw); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	mjson, _ := json.Marshal(m)
	status, msg := s.store(r.Context(), list, v, body, mjson)
	if status == http.StatusOK {
		// A retry of a publish that succeeded: its deltas may be missing if
		// the first attempt stopped before making them.
		s.makeDeltas(r.Context(), list, l, len(body))
		writeJSON(w, http.StatusOK, map[string]any{"list": list, "version": v, "sha256": m.SHA256, "key_id": m.KeyID, "existed": true})
		return
	}
	if status != http.StatusCreated {
		writeError(w, status, msg)
		return
	}
	s.forget(latestKey(list))
	s.cfg.Log.Info("published", "list", list, "version", v, "bytes", len(body), "key", m.KeyID)
	s.makeDeltas(r.Context(), list, l, len(body))
	writeJSON(w, http.StatusCreated, map[string]any{"list": list, "version": v, "sha256": m.SHA256, "key_id": m.KeyID})
}

func (s *server) manifest(r *http.Request, keys rumorlist.Keyring) (*rumorlist.Manifest, error) {
	h := r.Header.Get(ManifestHeader)
	if h == "" {
		return nil, fmt.Errorf("missing %s header: publish with rumorctl publish, which sends the signed manifest", ManifestHeader)
	}
	raw, err := base64.StdEncoding.DecodeString(h)
	if err != nil {
		return nil, fmt.Errorf("%s header is not base64", ManifestHeader)
	}
	var m rumorlist.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s header is not a manifest: %v", ManifestHeader, err)
	}
	if err := m.Verify(keys); err != nil {
		return nil, fmt.Errorf("refused: %w", err)
	}
	return &m, nil
}

// store creates the version, then moves latest to it if it is still newer:
// 201, 200 when this very publish had already succeeded, 409 when the
// version is not newer, or 503.
func (s *server) store(ctx context.Context, list string, v uint64, body, manifest []byte) (int, string) {
	unavailable := func(err error) (int, string) {
		s.cfg.Log.Error("store", "err", err)
		return http.StatusServiceUnavailable, "storage is unavailable; try again later"
	}
	cur, curVersion, err := s.readLatest(ctx, list)
	if err != nil {
		return http.StatusServiceUnavailable, "storage is unavailable; try again later"
	}
	if v <= curVersion {
		return s.notNewer(ctx, list, v, curVersion, body, "raise the version in list.yaml and build again")
	}
	switch err := s.cfg.Store.Create(ctx, versionKey(list, v), body); {
	case errors.Is(err, store.ErrExists):
		// The same bytes again is a retry after a crash between the two
		// steps: go on to move latest. Other bytes under this version (a
		// concurrent or refused upload): refuse.
		have, gerr := s.cfg.Store.Get(ctx, versionKey(list, v))
		if gerr != nil || string(have) != string(body) {
			return http.StatusConflict, fmt.Sprintf("version %d was already uploaded with other content: publish a higher version", v)
		}
	case err != nil:
		return unavailable(err)
	}
	for range 8 {
		// Latest is about to move away from cur: mark cur published first,
		// in case its own publish stopped before marking it.
		if curVersion > 0 {
			if err := s.markPublished(ctx, list, curVersion, cur, true); err != nil {
				return unavailable(err)
			}
		}
		err := s.cfg.Store.Swap(ctx, latestKey(list), cur, manifest)
		if err == nil {
			if err := s.markPublished(ctx, list, v, manifest, false); err != nil {
				// Latest moved, so the version is published and served; the
				// next publish marks it.
				s.cfg.Log.Warn("mark published", "list", list, "version", v, "err", err)
			}
			return http.StatusCreated, ""
		}
		if !errors.Is(err, store.ErrConflict) {
			s.cfg.Log.Error("store", "err", err)
			return http.StatusServiceUnavailable, "storage is unavailable; try again later"
		}
		// Someone published meanwhile: move only if we are still newer.
		if cur, curVersion, err = s.readLatest(ctx, list); err != nil {
			return http.StatusServiceUnavailable, "storage is unavailable; try again later"
		}
		if v <= curVersion {
			return s.notNewer(ctx, list, v, curVersion, body, "published meanwhile")
		}
	}
	return http.StatusServiceUnavailable, "too many concurrent publishes; try again"
}

// notNewer answers a publish of a version at or below the latest: 200 if
// that version was published with these very bytes (a retry whose first
// answer was lost), else 409.
func (s *server) notNewer(ctx context.Context, list string, v, latest uint64, body []byte, hint string) (int, string) {
	if ok, err := s.published(ctx, list, v, latest); err == nil && ok {
		if have, err := s.cfg.Store.Get(ctx, versionKey(list, v)); err == nil && string(have) == string(body) {
			return http.StatusOK, ""
		}
	}
	return http.StatusConflict, fmt.Sprintf("version %d is not newer than the latest, %d: %s", v, latest, hint)
}

func (s *server) readLatest(ctx context.Context, list string) ([]byte, uint64, error) {
	b, err := s.cfg.Store.Get(ctx, latestKey(list))
	if errors.Is(err, store.ErrNotFound) {
		return nil, 0, nil
	}
	if err != nil {
		s.cfg.Log.Error("store", "err", err)
		return nil, 0, err
	}
	var m rumorlist.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, 0, fmt.Errorf("latest of %s is damaged: %w", list, err)
	}
	return b, m.Version, nil
}

// Seed publishes a signed list and its manifest directly to the store if
// the list has no version yet: how a new server starts with the bundled list.
func Seed(ctx context.Context, st store.Store, signed, manifest []byte, keys rumorlist.Keyring) (bool, error) {
	l, raw, err := rumorlist.Open(signed, keys)
	if err != nil {
		return false, fmt.Errorf("seed: %w", err)
	}
	if l.Version == 0 || l.Version > MaxVersion {
		return false, fmt.Errorf("seed: version %d: %s", l.Version, errVersionRange)
	}
	var m rumorlist.Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		return false, fmt.Errorf("seed manifest: %w", err)
	}
	if err := m.Verify(keys); err != nil {
		return false, fmt.Errorf("seed manifest: %w", err)
	}
	if err := m.Matches(raw); err != nil {
		return false, fmt.Errorf("seed: %w", err)
	}
	s := &server{cfg: Config{Store: st, Log: slog.New(slog.DiscardHandler)}}
	if _, v, err := s.readLatest(ctx, l.Name); err != nil || v > 0 {
		return false, err
	}
	mjson, _ := json.Marshal(&m)
	if status, msg := s.store(ctx, l.Name, l.Version, signed, mjson); status != http.StatusCreated {
		return false, fmt.Errorf("seed: %s", msg)
	}
	return true, nil
}
