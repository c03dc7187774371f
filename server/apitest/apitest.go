// Package apitest is the list server's API suite. Every backend runs the
// same assertions: the native server with its file store (server/api's
// tests) and the Worker under workerd with R2 (server's tests).
package apitest

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// Backend is a running server under test.
type Backend struct {
	URL      string
	Key      ed25519.PrivateKey // a publisher key the server trusts
	Token    string             // a publish token the server accepts
	MaxBytes int                // the server's upload limit
	// Restart, if set, stops the server and starts it again on the same
	// data, returning its new URL.
	Restart func(t *testing.T) string
}

// Signed makes a signed list of one rumor and its manifest.
func Signed(t testing.TB, key ed25519.PrivateKey, name string, version uint64, phrase string) (signed, manifest []byte) {
	t.Helper()
	return SignedList(t, key, &rumorlist.List{Name: name, Version: version, Created: 1764892800, Rumors: []rumorlist.Rumor{{
		ID: "test-rumor", Verdict: rumorlist.VerdictFalse,
		Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{phrase}}},
	}}})
}

// SignedList signs l and makes its manifest.
func SignedList(t testing.TB, key ed25519.PrivateKey, l *rumorlist.List) (signed, manifest []byte) {
	t.Helper()
	enc, err := l.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	if signed, err = rumorlist.Sign(enc, key); err != nil {
		t.Fatal(err)
	}
	m, err := rumorlist.NewManifest(signed, key)
	if err != nil {
		t.Fatal(err)
	}
	manifest, _ = json.Marshal(m)
	return signed, manifest
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (b *Backend) do(t *testing.T, method, path string, body []byte, header map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, b.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, rb}
}

func (b *Backend) publish(t *testing.T, name string, version uint64, signed, manifest []byte, token string) response {
	t.Helper()
	h := map[string]string{"Content-Type": "application/vnd.rumorguard.list"}
	if token != "" {
		h["Authorization"] = "Bearer " + token
	}
	if manifest != nil {
		h["Rumorguard-Manifest"] = base64.StdEncoding.EncodeToString(manifest)
	}
	return b.do(t, http.MethodPut, fmt.Sprintf("/v1/lists/%s/%d", name, version), signed, h)
}

func want(t *testing.T, what string, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Errorf("%s: status %d, want %d (body %.200s)", what, r.status, status, r.body)
		return
	}
	// Every error is JSON {"error": "..."}.
	if status >= 400 {
		var e struct{ Error string }
		if err := json.Unmarshal(r.body, &e); err != nil || e.Error == "" {
			t.Errorf("%s: error body is not {\"error\": ...}: %.200s", what, r.body)
		}
	}
}

func latestVersion(t *testing.T, b *Backend, name string) uint64 {
	t.Helper()
	r := b.do(t, http.MethodGet, "/v1/lists/"+name+"/latest", nil, nil)
	if r.status != http.StatusOK {
		t.Fatalf("latest of %s: status %d %s", name, r.status, r.body)
	}
	var m rumorlist.Manifest
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatal(err)
	}
	return m.Version
}

// Run runs the whole suite against b. Lists it publishes are named
// "suite-…", so it can run against a server that has other lists.
func Run(t *testing.T, b *Backend) {
	const list = "suite-a"
	v1, m1 := Signed(t, b.Key, list, 1, "Every conversation. Every photo. Every voice message. Fed into AI.")

	t.Run("healthz", func(t *testing.T) { want(t, "healthz", b.do(t, "GET", "/healthz", nil, nil), 200) })
	t.Run("unknown list", func(t *testing.T) {
		want(t, "latest of an unpublished list", b.do(t, "GET", "/v1/lists/suite-none/latest", nil, nil), 404)
		want(t, "a version of an unpublished list", b.do(t, "GET", "/v1/lists/suite-none/3", nil, nil), 404)
		want(t, "a bad list name", b.do(t, "GET", "/v1/lists/Bad..Name/latest", nil, nil), 404)
		want(t, "an unknown path", b.do(t, "GET", "/v2/nothing", nil, nil), 404)
	})

	t.Run("unknown methods: 405 with Allow", func(t *testing.T) {
		for _, tt := range []struct{ method, path, allow string }{
			{"POST", "/healthz", "GET, HEAD"},
			{"DELETE", "/v1/lists/" + list + "/1", "GET, HEAD, PUT"},
			{"POST", "/v1/lists/" + list + "/latest", "GET, HEAD"},
			{"PATCH", "/v1/lists/" + list + "/deltas/1-2", "GET, HEAD"},
		} {
			r := b.do(t, tt.method, tt.path, nil, nil)
			want(t, tt.method+" "+tt.path, r, 405)
			if got := r.header.Get("Allow"); got != tt.allow {
				t.Errorf("%s %s: Allow %q, want %q", tt.method, tt.path, got, tt.allow)
			}
		}
	})

	t.Run("versions outside 1..2^53-1 are refused", func(t *testing.T) {
		auth := map[string]string{"Authorization": "Bearer " + b.Token}
		for _, v := range []string{"9007199254740992", "9999999999999999999", "18446744073709551616"} {
			r := b.do(t, "PUT", "/v1/lists/"+list+"/"+v, v1, auth)
			want(t, "publish version "+v, r, 400)
			if !bytes.Contains(r.body, []byte("9007199254740991")) {
				t.Errorf("publish version %s: the error does not name the bound: %s", v, r.body)
			}
			want(t, "get version "+v, b.do(t, "GET", "/v1/lists/"+list+"/"+v, nil, nil), 400)
			want(t, "delta to version "+v, b.do(t, "GET", "/v1/lists/"+list+"/deltas/1-"+v, nil, nil), 400)
		}
		want(t, "the largest version is a version", b.do(t, "GET", "/v1/lists/"+list+"/9007199254740991", nil, nil), 404)
	})

	t.Run("publish is refused", func(t *testing.T) {
		other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))
		ov, om := Signed(t, other, list, 1, "Every conversation. Every photo. Every voice message. Fed into AI.")
		tampered := bytes.Clone(v1)
		tampered[bytes.Index(tampered, []byte("Every photo"))] = 'N'
		nv, nm := Signed(t, b.Key, "suite-other-name", 1, "Every conversation. Every photo. Every voice message. Fed into AI.")
		tests := []struct {
			name     string
			path     uint64
			body, mf []byte
			token    string
			status   int
		}{
			{"no token", 1, v1, m1, "", 401},
			{"wrong token", 1, v1, m1, "rgt_wrong", 403},
			{"not a list", 1, []byte("<html>hello</html>"), m1, b.Token, 400},
			{"truncated", 1, v1[:len(v1)/2], m1, b.Token, 400},
			{"tampered bytes", 1, tampered, m1, b.Token, 400},
			{"unknown publisher key", 1, ov, om, b.Token, 400},
			{"no manifest", 1, v1, nil, b.Token, 400},
			{"manifest of another list", 1, v1, nm, b.Token, 400},
			{"name differs from path", 1, nv, nm, b.Token, 400},
			{"version differs from path", 2, v1, m1, b.Token, 400},
		}
		for _, tt := range tests {
			want(t, tt.name, b.publish(t, list, tt.path, tt.body, tt.mf, tt.token), tt.status)
		}
		want(t, "too large", b.publish(t, list, 1, make([]byte, b.MaxBytes+1), m1, b.Token), 413)
		want(t, "version 0", b.do(t, "PUT", "/v1/lists/"+list+"/0", v1, map[string]string{"Authorization": "Bearer " + b.Token}), 400)
		// Nothing refused is served.
		want(t, "latest after refusals", b.do(t, "GET", "/v1/lists/"+list+"/latest", nil, nil), 404)
		want(t, "version 1 after refusals", b.do(t, "GET", "/v1/lists/"+list+"/1", nil, nil), 404)
	})

	t.Run("publish and fetch", func(t *testing.T) {
		want(t, "publish v1", b.publish(t, list, 1, v1, m1, b.Token), 201)
		r := b.do(t, "GET", "/v1/lists/"+list+"/latest", nil, nil)
		want(t, "latest", r, 200)
		var m rumorlist.Manifest
		if err := json.Unmarshal(r.body, &m); err != nil || m.Version != 1 || m.List != list {
			t.Fatalf("latest manifest = %s (%v)", r.body, err)
		}
		tag := r.header.Get("ETag")
		if tag == "" {
			t.Fatal("latest has no ETag")
		}
		want(t, "latest with If-None-Match", b.do(t, "GET", "/v1/lists/"+list+"/latest", nil, map[string]string{"If-None-Match": tag}), 304)
		want(t, "latest with another ETag", b.do(t, "GET", "/v1/lists/"+list+"/latest", nil, map[string]string{"If-None-Match": `"other"`}), 200)
		r = b.do(t, "GET", "/v1/lists/"+list+"/1", nil, nil)
		want(t, "version bytes", r, 200)
		if !bytes.Equal(r.body, v1) {
			t.Error("served bytes differ from published bytes")
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("version Cache-Control = %q", cc)
		}
		// A retry of a publish that succeeded (its answer lost, say) is told so.
		r = b.publish(t, list, 1, v1, m1, b.Token)
		want(t, "the same publish again", r, 200)
		var ok struct{ Version uint64 }
		if err := json.Unmarshal(r.body, &ok); err != nil || ok.Version != 1 {
			t.Errorf("the same publish again: body %s, want version 1", r.body)
		}
		o1, om1 := Signed(t, b.Key, list, 1, "Every conversation. Every photo. Every voice message. Fed into AI. Other.")
		want(t, "other content as the same version", b.publish(t, list, 1, o1, om1, b.Token), 409)
	})

	t.Run("concurrent publishes of one version: exactly one creates it", func(t *testing.T) {
		v2, m2 := Signed(t, b.Key, list, 2, "Every conversation. Every photo. Every voice message. Fed into AI. Again.")
		const n = 8
		codes := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = b.publish(t, list, 2, v2, m2, b.Token).status
			}()
		}
		wg.Wait()
		won := 0
		for _, c := range codes {
			switch c {
			case 201:
				won++
			case 200, 409: // told it exists already, or lost the race
			default:
				t.Errorf("concurrent publish answered %d", c)
			}
		}
		if won != 1 {
			t.Errorf("%d of %d concurrent publishes won, want exactly 1 (codes %v)", won, n, codes)
		}
		if v := latestVersion(t, b, list); v != 2 {
			t.Errorf("latest is %d, want 2", v)
		}
	})

	t.Run("concurrent publishes of two versions: the higher stays latest", func(t *testing.T) {
		v3, m3 := Signed(t, b.Key, list, 3, "Every conversation. Every photo. Every voice message. Fed into AI. Three.")
		v4, m4 := Signed(t, b.Key, list, 4, "Every conversation. Every photo. Every voice message. Fed into AI. Four.")
		var wg sync.WaitGroup
		codes := [2]int{}
		wg.Add(2)
		go func() { defer wg.Done(); codes[0] = b.publish(t, list, 4, v4, m4, b.Token).status }()
		go func() { defer wg.Done(); codes[1] = b.publish(t, list, 3, v3, m3, b.Token).status }()
		wg.Wait()
		if codes[0] != 201 {
			t.Errorf("publishing v4 answered %d", codes[0])
		}
		if v := latestVersion(t, b, list); v != 4 {
			t.Errorf("latest is %d, want 4 (codes %v)", v, codes)
		}
		// v3 again: a retry if it was published before v4 came, else refused.
		again := 409
		if codes[1] == 201 {
			again = 200
		}
		want(t, "older version after newer", b.publish(t, list, 3, v3, m3, b.Token), again)
		if r := b.do(t, "GET", "/v1/lists/"+list+"/3", nil, nil); (codes[1] == 201) != (r.status == 200) {
			t.Errorf("v3 answered %d to its publish, and %d to a GET", codes[1], r.status)
		}
	})

	t.Run("deltas: a client one version behind downloads the change, not the list", func(t *testing.T) {
		// A list of its own, published in order, so the delta 1-2 must exist.
		const dl = "suite-delta"
		// Ten rumors, of which version 2 changes one: the delta is worth
		// making (a server keeps only deltas under half the list).
		ten := func(v uint64) *rumorlist.List {
			l := &rumorlist.List{Name: dl, Version: v, Created: 1764892800}
			for i := range 10 {
				phrase := fmt.Sprintf("Every conversation. Every photo. Every voice message. Fed into AI. Rumor %d.", i)
				if i == 0 {
					phrase += fmt.Sprintf(" Version %d.", v)
				}
				l.Rumors = append(l.Rumors, rumorlist.Rumor{ID: fmt.Sprintf("test-rumor-%d", i), Verdict: rumorlist.VerdictFalse,
					Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{phrase}}}})
			}
			return l
		}
		d1, dm1 := SignedList(t, b.Key, ten(1))
		d2, dm2 := SignedList(t, b.Key, ten(2))
		want(t, "publish delta list v1", b.publish(t, dl, 1, d1, dm1, b.Token), 201)
		want(t, "publish delta list v2", b.publish(t, dl, 2, d2, dm2, b.Token), 201)
		r := b.do(t, "GET", "/v1/lists/"+dl+"/deltas/1-2", nil, nil)
		want(t, "delta 1-2", r, 200)
		d, err := rumorlist.DecodeDelta(r.body)
		if err != nil {
			t.Fatal(err)
		}
		env, _ := rumorlist.OpenEnvelope(d1)
		base, _ := rumorlist.Decode(env.List)
		got, err := d.Apply(base)
		if err != nil {
			t.Fatal(err)
		}
		enc, _ := got.Encode(nil)
		var m rumorlist.Manifest
		json.Unmarshal(dm2, &m)
		if err := m.Matches(enc); err != nil {
			t.Errorf("delta 1-2 applied to version 1 does not match the signed manifest of 2: %v", err)
		}
		t.Logf("delta 1-2: %d bytes; version 2: %d bytes", len(r.body), len(d2))
		want(t, "delta that was never made", b.do(t, "GET", "/v1/lists/"+dl+"/deltas/2-9", nil, nil), 404)
		want(t, "malformed delta path", b.do(t, "GET", "/v1/lists/"+dl+"/deltas/x", nil, nil), 404)
	})

	if b.Restart != nil {
		t.Run("data survives a restart", func(t *testing.T) {
			b.URL = b.Restart(t)
			if v := latestVersion(t, b, list); v != 4 {
				t.Errorf("after restart latest is %d, want 4", v)
			}
			r := b.do(t, "GET", "/v1/lists/"+list+"/1", nil, nil)
			if r.status != 200 || !bytes.Equal(r.body, v1) {
				t.Errorf("after restart version 1: status %d, same bytes %v", r.status, bytes.Equal(r.body, v1))
			}
		})
	}
}
