package api_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/server/api"
	"github.com/rumorguard/rumorguard/server/apitest"
	"github.com/rumorguard/rumorguard/server/store"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

const token = "rgt_test-token"

func config(t testing.TB, st store.Store) (api.Config, ed25519.PrivateKey) {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, 32))
	keys := rumorlist.Keyring{}
	keys.Add(key.Public().(ed25519.PublicKey))
	revoked := sha256.Sum256([]byte("rgt_other"))
	return api.Config{
		Store: st, Keys: keys, MaxListBytes: 1 << 20,
		TokenHashes: [][sha256.Size]byte{revoked, sha256.Sum256([]byte(token))},
	}, key
}

// TestAPI runs the shared suite against the native handler and file store.
func TestAPI(t *testing.T) {
	dir := t.TempDir()
	st, err := store.NewFileStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg, key := config(t, st)
	srv := httptest.NewServer(api.New(cfg))
	defer func() { srv.Close() }()
	apitest.Run(t, &apitest.Backend{
		URL: srv.URL, Key: key, Token: token, MaxBytes: 1 << 20,
		Restart: func(t *testing.T) string {
			srv.Close()
			st2, err := store.NewFileStore(dir)
			if err != nil {
				t.Fatal(err)
			}
			cfg.Store = st2
			srv = httptest.NewServer(api.New(cfg))
			return srv.URL
		},
	})
}

// A crash after the new version's bytes are durable but before latest
// moves leaves the old version served, and no partial file visible; the
// publisher's retry then completes the publish.
func TestCrashMidPublish(t *testing.T) {
	dir := t.TempDir()
	st, _ := store.NewFileStore(dir)
	cfg, key := config(t, st)
	h := api.New(cfg)
	put := func(v uint64) int {
		signed, manifest := apitest.Signed(t, key, "crash", v, "Every conversation. Every photo. Every voice message. Fed into AI.")
		req := httptest.NewRequest("PUT", "/v1/lists/crash/"+string(rune('0'+v)), bytes.NewReader(signed))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set(api.ManifestHeader, base64.StdEncoding.EncodeToString(manifest))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	latest := func() string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/lists/crash/latest", nil))
		return rec.Body.String()
	}
	if c := put(1); c != 201 {
		t.Fatalf("publish v1: %d", c)
	}
	before := latest()
	st.BeforePublish = func(key string) error {
		if strings.HasSuffix(key, "latest.json") {
			return errors.New("simulated crash before rename")
		}
		return nil
	}
	if c := put(2); c != http.StatusServiceUnavailable {
		t.Errorf("publish during a crash answered %d", c)
	}
	if got := latest(); got != before {
		t.Errorf("latest changed after a crashed publish:\n%s\nwas\n%s", got, before)
	}
	keys, err := st.List(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if strings.Contains(k, ".tmp") {
			t.Errorf("partial file visible: %s", k)
		}
	}
	st.BeforePublish = nil
	if c := put(2); c != 201 {
		t.Errorf("retry after the crash answered %d, want 201", c)
	}
	if !strings.Contains(latest(), `"version":2`) {
		t.Errorf("latest after retry: %s", latest())
	}
}

func TestSeed(t *testing.T) {
	st, _ := store.NewFileStore(t.TempDir())
	cfg, key := config(t, st)
	signed, manifest := apitest.Signed(t, key, "default", 3, "Every conversation. Every photo. Every voice message. Fed into AI.")
	for i, want := range []bool{true, false} {
		got, err := api.Seed(context.Background(), st, signed, manifest, cfg.Keys)
		if err != nil || got != want {
			t.Errorf("seed #%d = %v, %v; want %v", i+1, got, err, want)
		}
	}
	if _, err := api.Seed(context.Background(), st, signed[:40], manifest, cfg.Keys); err == nil {
		t.Error("seeding a truncated list succeeded")
	}
}

// FuzzRequests: no request, whatever its path or body, panics the handler
// or gets a 500.
func FuzzRequests(f *testing.F) {
	st, _ := store.NewFileStore(f.TempDir())
	cfg, key := config(f, st)
	h := api.New(cfg)
	signed, manifest := apitest.Signed(f, key, "fuzz", 1, "Every conversation. Every photo. Every voice message. Fed into AI.")
	f.Add("PUT", "/v1/lists/fuzz/1", signed, base64.StdEncoding.EncodeToString(manifest))
	f.Add("GET", "/v1/lists/fuzz/latest", []byte{}, "")
	f.Add("PUT", "/v1/lists/../../etc/1", []byte{0xdd, 0xff, 0xff, 0xff, 0xff}, "e30=")
	f.Add("DELETE", "/v1/lists/fuzz/9007199254740992", []byte{}, "")
	f.Fuzz(func(t *testing.T, method, path string, body []byte, mf string) {
		if method == "" {
			method = "PUT"
		}
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \t\r\n#?%") {
			return
		}
		req, err := http.NewRequest(method, "http://x"+path, bytes.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set(api.ManifestHeader, mf)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
	})
}

// Several named lists, each with its own publisher keys: a key trusted for
// one list cannot publish another.
func TestPerListKeys(t *testing.T) {
	st, _ := store.NewFileStore(t.TempDir())
	cfg, key := config(t, st)
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{2}, 32))
	nlKeys := rumorlist.Keyring{}
	nlKeys.Add(other.Public().(ed25519.PublicKey))
	cfg.ListKeys = map[string]rumorlist.Keyring{"dutch": nlKeys}
	h := api.New(cfg)
	put := func(list string, k ed25519.PrivateKey) int {
		signed, manifest := apitest.Signed(t, k, list, 1, "Every conversation. Every photo. Every voice message. Fed into AI.")
		req := httptest.NewRequest("PUT", "/v1/lists/"+list+"/1", bytes.NewReader(signed))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set(api.ManifestHeader, base64.StdEncoding.EncodeToString(manifest))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for _, tt := range []struct {
		list string
		key  ed25519.PrivateKey
		want int
	}{
		{"dutch", key, 400},   // the default key is not trusted for "dutch"
		{"dutch", other, 201}, // its own key is
		{"default", other, 400},
		{"default", key, 201},
	} {
		if got := put(tt.list, tt.key); got != tt.want {
			t.Errorf("publish %s: %d, want %d", tt.list, got, tt.want)
		}
	}
}

// swapHook runs before the first Swap of key, to let another publish land
// between a publish's two steps.
type swapHook struct {
	store.Store
	key  string
	once func()
}

func (s *swapHook) Swap(ctx context.Context, key string, old, value []byte) error {
	if key == s.key && s.once != nil {
		f := s.once
		s.once = nil
		f()
	}
	return s.Store.Swap(ctx, key, old, value)
}

// A publish that loses to a newer one published between its two steps is
// refused (409), and its bytes, already stored, are not served: they were
// never a published version.
func TestRefusedPublishIsNotServed(t *testing.T) {
	fst, _ := store.NewFileStore(t.TempDir())
	st := &swapHook{Store: fst, key: "lists/race/latest.json"}
	cfg, key := config(t, st)
	h := api.New(cfg)
	put := func(v uint64) int {
		signed, manifest := apitest.Signed(t, key, "race", v, fmt.Sprintf("Every conversation. Every photo. Every voice message. Fed into AI. %d", v))
		req := httptest.NewRequest("PUT", fmt.Sprintf("/v1/lists/race/%d", v), bytes.NewReader(signed))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set(api.ManifestHeader, base64.StdEncoding.EncodeToString(manifest))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	get := func(path string) int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code
	}
	if c := put(1); c != 201 {
		t.Fatalf("publish v1: %d", c)
	}
	st.once = func() {
		if c := put(3); c != 201 {
			t.Errorf("publish v3 meanwhile: %d", c)
		}
		// Between v2's two steps its bytes are stored but not published.
		if c := get("/v1/lists/race/2"); c != 404 {
			t.Errorf("v2 before its latest moved: GET answered %d, want 404", c)
		}
	}
	if c := put(2); c != http.StatusConflict {
		t.Errorf("publish v2, overtaken by v3: %d, want 409", c)
	}
	for path, want := range map[string]int{"/v1/lists/race/1": 200, "/v1/lists/race/2": 404, "/v1/lists/race/3": 200, "/v1/lists/race/deltas/2-3": 404} {
		if c := get(path); c != want {
			t.Errorf("GET %s after the refused publish: %d, want %d", path, c, want)
		}
	}
	if c := put(2); c != http.StatusConflict {
		t.Errorf("retrying the refused v2: %d, want 409", c)
	}
}

// blockList is a list of 100 rumors whose version v rewrites rumors
// 20(v-1) to 20v-1 (mod 100): a delta from k versions back carries about
// 20k% of the list.
func blockList(v uint64) *rumorlist.List {
	l := &rumorlist.List{Name: "blocks", Version: v, Created: 1764892800}
	for i := range 100 {
		rev := uint64(0)
		for w := uint64(1); w <= v; w++ {
			if uint64(i)/20 == (w-1)%5 {
				rev = w
			}
		}
		l.Rumors = append(l.Rumors, rumorlist.Rumor{ID: fmt.Sprintf("rumor-%03d", i), Verdict: rumorlist.VerdictFalse,
			Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{fmt.Sprintf("claim %d about a miracle cure, as written in version %d of the list", i, rev)}}}})
	}
	return l
}

// Deltas are made only where they save the client something: each under
// half the list it leads to, and all the deltas to one version together
// at most the list's size, so a publish costs the disk at most twice the
// list (it was up to six times).
func TestDeltaBudget(t *testing.T) {
	st, _ := store.NewFileStore(t.TempDir())
	cfg, key := config(t, st)
	h := api.New(cfg)
	ctx := context.Background()
	publish := func(l *rumorlist.List) []byte {
		signed, manifest := apitest.SignedList(t, key, l)
		req := httptest.NewRequest("PUT", fmt.Sprintf("/v1/lists/%s/%d", l.Name, l.Version), bytes.NewReader(signed))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set(api.ManifestHeader, base64.StdEncoding.EncodeToString(manifest))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 201 {
			t.Fatalf("publish %s v%d: %d %s", l.Name, l.Version, rec.Code, rec.Body)
		}
		return signed
	}
	deltasTo := func(list string, to uint64) (n int, total int) {
		keys, _ := st.List(ctx, "lists/"+list+"/deltas/")
		for _, k := range keys {
			if strings.HasSuffix(k, fmt.Sprintf("-%020d.delta", to)) {
				b, _ := st.Get(ctx, k)
				n++
				total += len(b)
			}
		}
		return n, total
	}
	for v := uint64(1); v <= 8; v++ {
		signed := publish(blockList(v))
		n, total := deltasTo("blocks", v)
		keys, _ := st.List(ctx, "lists/blocks/deltas/")
		for _, k := range keys {
			if b, _ := st.Get(ctx, k); strings.HasSuffix(k, fmt.Sprintf("-%020d.delta", v)) && len(b) >= len(signed)/2 {
				t.Errorf("v%d: delta %s is %d bytes, not under half the list (%d)", v, k, len(b), len(signed))
			}
		}
		if total > len(signed) {
			t.Errorf("v%d: %d deltas of %d bytes in all, more than the list (%d)", v, n, total, len(signed))
		}
		if v >= 2 && n == 0 {
			t.Errorf("v%d: no delta, although the one from v%d carries a fifth of the list", v, v-1)
		}
	}
	// A list rewritten whole gets no delta: it would be as large as the list.
	a := blockList(1)
	a.Name = "rewrite"
	publish(a)
	b := blockList(1)
	b.Name, b.Version = "rewrite", 2
	for i := range b.Rumors {
		b.Rumors[i].Phrases[0].Texts[0] += " (rewritten)"
	}
	publish(b)
	if n, _ := deltasTo("rewrite", 2); n != 0 {
		t.Errorf("a delta was made for a list rewritten whole")
	}
}

func TestSeedRefusesVersionOutOfRange(t *testing.T) {
	st, _ := store.NewFileStore(t.TempDir())
	cfg, key := config(t, st)
	l := &rumorlist.List{Name: "default", Version: api.MaxVersion + 1, Rumors: []rumorlist.Rumor{{ID: "a", Verdict: rumorlist.VerdictFalse,
		Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{"Every conversation. Every photo. Fed into AI."}}}}}}
	enc, err := l.Encode(nil)
	if err != nil {
		t.Skipf("the encoder itself refuses version 2^53: %v", err)
	}
	signed, err := rumorlist.Sign(enc, key)
	if err != nil {
		t.Fatal(err)
	}
	m, err := rumorlist.NewManifest(signed, key)
	if errors.Is(err, rumorlist.ErrVersion) {
		return // refused earlier still: the list's own decoder checks the bound
	}
	if err != nil {
		t.Fatal(err)
	}
	manifest, _ := json.Marshal(m)
	if _, err := api.Seed(context.Background(), st, signed, manifest, cfg.Keys); err == nil {
		t.Error("a list of version 2^53 was seeded")
	}
}

// A data directory from before published marks existed: its versions stay
// served, before and after the next publish.
func TestVersionsFromBeforeMarksStayServed(t *testing.T) {
	st, _ := store.NewFileStore(t.TempDir())
	cfg, key := config(t, st)
	ctx := context.Background()
	for v := uint64(1); v <= 2; v++ {
		signed, manifest := apitest.Signed(t, key, "old", v, fmt.Sprintf("Every conversation. Every photo. Fed into AI. %d", v))
		st.Create(ctx, fmt.Sprintf("lists/old/versions/%020d.rgl", v), signed)
		var old []byte
		if v == 2 {
			old, _ = st.Get(ctx, "lists/old/latest.json")
		}
		if err := st.Swap(ctx, "lists/old/latest.json", old, manifest); err != nil {
			t.Fatal(err)
		}
	}
	h := api.New(cfg)
	get := func(path string) int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code
	}
	if c := get("/v1/lists/old/1"); c != 200 {
		t.Errorf("old version 1: %d", c)
	}
	signed, manifest := apitest.Signed(t, key, "old", 3, "Every conversation. Every photo. Fed into AI. 3")
	req := httptest.NewRequest("PUT", "/v1/lists/old/3", bytes.NewReader(signed))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set(api.ManifestHeader, base64.StdEncoding.EncodeToString(manifest))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 201 {
		t.Fatalf("publish v3: %d %s", rec.Code, rec.Body)
	}
	h = api.New(cfg) // no cache
	for _, v := range []int{1, 2, 3} {
		if c := get(fmt.Sprintf("/v1/lists/old/%d", v)); c != 200 {
			t.Errorf("version %d after the next publish: %d", v, c)
		}
	}
}
