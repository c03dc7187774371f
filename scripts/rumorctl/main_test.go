package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/server/api"
	"github.com/rumorguard/rumorguard/server/store"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func rumorctl(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

var bundledDir = filepath.Join("..", "lists", "default")

func writeList(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodHeader = "name: t\npublisher: Test\nlanguages: [en, nl]\nversion: 3\n"

const goodRumor = `id: good-rumor
verdict: false
updated: 2025-12-05
claim:
  en: A claim.
summary:
  en: What is true.
sources:
  - url: https://example.org/fact-check
    publisher: Example
    date: 2025-12-04
phrases:
  en:
    - Every conversation. Every photo. Every voice message. Fed into AI.
must_match:
  - lang: en
    text: Every conversation. Every photo. Every voice message. Fed into AI.
must_not_match:
  - lang: en
    text: The weather was fine on Tuesday.
`

// validate reports every problem of a run, each with file:line:column,
// the field and the fix.
func TestValidateReportsEveryProblem(t *testing.T) {
	bad := `id: Bad_ID
verdict: fals
updated: 5 December
colour: red
claim:
  en: A claim.
  xx: Unknown language.
summary:
  en: What is true.
sources:
  - url: not a url
    publisher: Example
    date: 2025-13-45
phrases:
  en:
    - Fed into AI.
    - the of and to in is it that was for on are
must_match:
  - lang: en
    text: something
must_not_match:
  - lang: en
    text: other
`
	dir := writeList(t, map[string]string{
		"list.yaml": goodHeader, "rumors/bad.yaml": bad, "rumors/good-rumor.yaml": goodRumor,
		"rumors/dup.yaml":  strings.Replace(goodRumor, "id: good-rumor", "id: dup", 1),
		"rumors/dup2.yaml": strings.Replace(goodRumor, "id: good-rumor", "id: dup", 1),
	})
	code, _, stderr := rumorctl(t, "validate", dir)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s", code, exitFailed, stderr)
	}
	for _, want := range []string{
		"bad.yaml:1:5: id: \"Bad_ID\" is not a valid id",
		"bad.yaml:1:5: id: id \"Bad_ID\" differs from the file name",
		"bad.yaml:2:10: verdict: \"fals\" is not a verdict: use one of false, misleading",
		"bad.yaml:3:10: updated: \"5 December\" is not a date: write YYYY-MM-DD",
		"bad.yaml:4:1: colour: unknown field \"colour\"",
		"bad.yaml:7:3: claim.xx: \"xx\" is not an ISO 639-1 language code",
		"bad.yaml:11:10: sources[0].url: \"not a url\" is not a web address",
		"bad.yaml:13:11: sources[0].date: \"2025-13-45\" is not a date",
		"bad.yaml:16:7: phrases.en[0]: too short to match safely",
		"bad.yaml:17:7: phrases.en[1]: too common to match safely",
		"dup2.yaml:1:5: id: duplicate id \"dup\"",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("missing problem %q in:\n%s", want, stderr)
		}
	}
}

func TestValidateUnknownFieldSuggests(t *testing.T) {
	dir := writeList(t, map[string]string{"list.yaml": goodHeader,
		"rumors/good-rumor.yaml": strings.Replace(goodRumor, "verdict:", "verdcit:", 1)})
	_, _, stderr := rumorctl(t, "validate", dir)
	if !strings.Contains(stderr, `did you mean "verdict"?`) || !strings.Contains(stderr, "missing: add \"verdict") {
		t.Errorf("stderr:\n%s", stderr)
	}
}

func TestValidateBundledList(t *testing.T) {
	if code, out, stderr := rumorctl(t, "validate", bundledDir); code != 0 {
		t.Fatalf("bundled list: exit %d\n%s%s", code, out, stderr)
	}
}

func TestTestFailsOnBadExample(t *testing.T) {
	dir := writeList(t, map[string]string{"list.yaml": goodHeader, "rumors/good-rumor.yaml": strings.Replace(goodRumor,
		"text: The weather was fine on Tuesday.", "text: Every conversation. Every photo. Every voice message. Fed into AI!", 1)})
	code, _, stderr := rumorctl(t, "test", dir)
	if code != exitFailed || !strings.Contains(stderr, "good-rumor: must not match") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	dir = writeList(t, map[string]string{"list.yaml": goodHeader, "rumors/good-rumor.yaml": goodRumor})
	if code, out, stderr := rumorctl(t, "test", dir); code != 0 {
		t.Errorf("good list: exit %d\n%s%s", code, out, stderr)
	}
}

func TestBuildSignVerifyCheck(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "keys", "pub")
	if code, _, e := rumorctl(t, "keygen", "-out", key); code != 0 {
		t.Fatal(e)
	}
	if info, _ := os.Stat(key + ".key"); info.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v, want 0600", info.Mode().Perm())
	}
	if code, _, _ := rumorctl(t, "keygen", "-out", key); code == 0 {
		t.Error("keygen overwrote an existing key")
	}
	a, b := filepath.Join(dir, "a.msgp"), filepath.Join(dir, "b.msgp")
	for _, out := range []string{a, b} {
		if code, _, e := rumorctl(t, "build", "-out", out, bundledDir); code != 0 {
			t.Fatal(e)
		}
	}
	ab, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ab, bb) {
		t.Error("two builds of the same sources differ")
	}
	signed := filepath.Join(dir, "list.rgl")
	code, out, e := rumorctl(t, "sign", "-key", key+".key", "-in", a, "-out", signed)
	if code != 0 {
		t.Fatal(e)
	}
	priv, _ := os.ReadFile(key + ".key")
	if strings.Contains(out, strings.Fields(string(priv))[2]) {
		t.Error("sign printed the private key")
	}
	if code, out, e := rumorctl(t, "verify", "-keys", key+".pub", signed); code != 0 || !strings.Contains(out, "good signature") {
		t.Errorf("verify: %d %s %s", code, out, e)
	}
	raw, _ := os.ReadFile(signed)
	raw[len(raw)-5] ^= 1
	os.WriteFile(signed+".bad", raw, 0o644)
	if code, _, e := rumorctl(t, "verify", "-keys", key+".pub", signed+".bad"); code != exitFailed || !strings.Contains(e, "signature") {
		t.Errorf("verify of a tampered list: %d %s", code, e)
	}
	os.Chmod(key+".key", 0o644)
	if code, _, e := rumorctl(t, "sign", "-key", key+".key", "-in", a, "-out", signed); code == 0 || !strings.Contains(e, "chmod 600") {
		t.Errorf("signing with a world-readable key: %d %s", code, e)
	}
	os.Chmod(key+".key", 0o600)

	seed := filepath.Join("..", "..", "wasm", "match", "testdata", "seeds", "en-lifehacker-meta-dms.txt")
	code, out, e = rumorctl(t, "check", "-list", signed, "-keys", key+".pub", seed)
	if code != 0 {
		t.Fatal(e)
	}
	var first struct {
		File, Rumor, Text string
		Score             float64
		Start, End        int
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	found := false
	text, _ := os.ReadFile(seed)
	for _, l := range lines {
		if err := json.Unmarshal([]byte(l), &first); err != nil {
			t.Fatalf("check output is not JSON lines: %q", l)
		}
		if string(text[first.Start:first.End]) != first.Text {
			t.Errorf("offsets %d..%d do not give the text %q", first.Start, first.End, first.Text)
		}
		if first.Rumor == "meta-dm-ai-training-2025" && strings.HasPrefix(first.Text, "Every conversation") {
			found = true
		}
	}
	if !found {
		t.Errorf("check did not find the viral post in the seed:\n%s", out)
	}
	if code, _, _ := rumorctl(t, "check", "-list", signed, seed); code != exitUsage {
		t.Errorf("check of a signed list without keys: exit %d, want usage", code)
	}
}

func TestPublish(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "pub")
	rumorctl(t, "keygen", "-out", key)
	pubText, _ := os.ReadFile(key + ".pub")
	keys, _ := rumorlist.ParseKeyring(string(pubText))
	hashes := filepath.Join(dir, "hashes")
	tokenFile := filepath.Join(dir, "token")
	if code, out, e := rumorctl(t, "token", "-hashes", hashes, "-out", tokenFile); code != 0 || strings.Contains(out, "rgt_") {
		t.Fatalf("token: %d %q %s", code, out, e)
	}
	token, _ := os.ReadFile(tokenFile)
	hashText, _ := os.ReadFile(hashes)
	st, _ := store.NewFileStore(filepath.Join(dir, "data"))
	sum := sha256.Sum256(bytes.TrimSpace(token))
	if !strings.HasPrefix(string(hashText), strings.TrimSpace(strings.Split(string(hashText), " ")[0])) || !bytes.Contains(hashText, []byte(hexs(sum[:]))) {
		t.Fatalf("hash file %q lacks the token's hash", hashText)
	}
	srv := httptest.NewServer(api.New(api.Config{Store: st, Keys: keys, TokenHashes: [][32]byte{sum}}))
	defer srv.Close()

	listDir := writeList(t, map[string]string{"list.yaml": goodHeader, "rumors/good-rumor.yaml": goodRumor})
	build := func(v string) string {
		msgp, signed := filepath.Join(dir, "l"+v+".msgp"), filepath.Join(dir, "l"+v+".rgl")
		rumorctl(t, "build", "-version", v, "-out", msgp, listDir)
		if code, _, e := rumorctl(t, "sign", "-key", key+".key", "-in", msgp, "-out", signed); code != 0 {
			t.Fatal(e)
		}
		return signed
	}
	l3 := build("3")
	if code, out, e := rumorctl(t, "publish", "-server", srv.URL, "-token-file", tokenFile, "-keys", key+".pub", l3); code != 0 || !strings.Contains(out, "201 Created") {
		t.Fatalf("publish: %d\n%s%s", code, out, e)
	}
	// The same list again (a retry whose answer was lost) is confirmed.
	if code, out, e := rumorctl(t, "publish", "-server", srv.URL, "-token-file", tokenFile, l3); code != 0 || !strings.Contains(out, "200 OK") {
		t.Errorf("republish: %d %s %s", code, out, e)
	}
	// An older version is refused locally, before uploading.
	if code, _, e := rumorctl(t, "publish", "-server", srv.URL, "-token-file", tokenFile, build("2")); code != exitFailed || !strings.Contains(e, "already has version 3") {
		t.Errorf("publishing an older version: %d %s", code, e)
	}
	// Without a token: a usage error, nothing sent.
	os.Unsetenv("RUMORGUARD_TOKEN")
	if code, _, e := rumorctl(t, "publish", "-server", srv.URL, build("4")); code != exitUsage || !strings.Contains(e, "RUMORGUARD_TOKEN") {
		t.Errorf("publish without a token: %d %s", code, e)
	}
	// A wrong token: the server's answer is shown.
	t.Setenv("RUMORGUARD_TOKEN", "rgt_wrong")
	if code, out, _ := rumorctl(t, "publish", "-server", srv.URL, build("4")); code != exitFailed || !strings.Contains(out, "403") {
		t.Errorf("publish with a wrong token: %d %s", code, out)
	}
}

func hexs(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestUsage(t *testing.T) {
	if code, _, _ := rumorctl(t); code != exitUsage {
		t.Errorf("no arguments: exit %d", code)
	}
	if code, out, _ := rumorctl(t, "help"); code != 0 || !strings.Contains(out, "publish") {
		t.Errorf("help: %d", code)
	}
	if code, _, _ := rumorctl(t, "frobnicate"); code != exitUsage {
		t.Errorf("unknown command: exit %d", code)
	}
	if code, _, _ := rumorctl(t, "build"); code != exitUsage {
		t.Errorf("build without -out: exit %d", code)
	}
	if code, _, _ := rumorctl(t, "sign", "-h"); code != 0 {
		t.Errorf("sign -h: exit %d", code)
	}
}

// export-claimreview then import-claimreview gives back rumor files that
// only lack what ClaimReview does not carry (negative examples).
func TestClaimReviewRoundTrip(t *testing.T) {
	code, out, e := rumorctl(t, "export-claimreview", bundledDir)
	if code != 0 {
		t.Fatal(e)
	}
	var reviews []map[string]any
	if err := json.Unmarshal([]byte(out), &reviews); err != nil || len(reviews) < 15 {
		t.Fatalf("export: %v, %d reviews", err, len(reviews))
	}
	for _, r := range reviews {
		if r["@type"] != "ClaimReview" || r["claimReviewed"] == "" || r["reviewRating"].(map[string]any)["alternateName"] == "" {
			t.Fatalf("incomplete ClaimReview: %v", r)
		}
	}
	dir := writeList(t, map[string]string{"list.yaml": goodHeader + ""})
	os.WriteFile(filepath.Join(dir, "list.yaml"), []byte("name: t\npublisher: T\nlanguages: [en, nl, de, es, fr]\nversion: 1\n"), 0o644)
	crFile := filepath.Join(dir, "cr.json")
	os.WriteFile(crFile, []byte(out), 0o644)
	if code, _, e := rumorctl(t, "import-claimreview", "-list", dir, crFile); code != 0 {
		t.Fatal(e)
	}
	b, err := os.ReadFile(filepath.Join(dir, "rumors", "meta-dm-ai-training-2025.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"verdict: \"false\"", "Every conversation. Every photo.", "nl:", "Lifehacker"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("imported file lacks %q:\n%s", want, b)
		}
	}
	_, _, e = rumorctl(t, "validate", dir)
	if !strings.Contains(e, "must_not_match") {
		t.Errorf("validate of an import should ask for must_not_match:\n%s", e)
	}
	if code, out, _ := rumorctl(t, "import-claimreview", "-list", dir, crFile); code != 0 || !strings.Contains(out, "skipped") {
		t.Errorf("a second import overwrote files: %s", out)
	}
}

func TestVerdictFor(t *testing.T) {
	for in, want := range map[string]string{"False": "false", "Pants on Fire!": "false", "Mostly False": "misleading",
		"Onwaar": "false", "Missing context": "missing-context", "Unproven": "unproven", "True": "true", "Satire?": ""} {
		if got := verdictFor(in); got != want {
			t.Errorf("verdictFor(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDiff(t *testing.T) {
	a := writeList(t, map[string]string{"list.yaml": goodHeader, "rumors/good-rumor.yaml": goodRumor})
	changed := strings.Replace(strings.Replace(goodRumor, "verdict: false", "verdict: misleading", 1), "en: What is true.", "en: What is really true.", 1)
	b := writeList(t, map[string]string{"list.yaml": strings.Replace(goodHeader, "version: 3", "version: 4", 1),
		"rumors/good-rumor.yaml": changed, "rumors/other-rumor.yaml": strings.Replace(goodRumor, "id: good-rumor", "id: other-rumor", 1)})
	code, out, e := rumorctl(t, "diff", a, b)
	if code != 0 {
		t.Fatal(e)
	}
	for _, want := range []string{"added   other-rumor", "changed good-rumor: verdict false -> misleading, summary.en"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	if _, out, _ := rumorctl(t, "diff", b, a); !strings.Contains(out, "removed other-rumor") || !strings.Contains(out, "does not grow") {
		t.Errorf("reverse diff:\n%s", out)
	}
}

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// TestCheckGolden pins what `rumorctl check` finds in the seed articles
// with the bundled list: a change to the matcher or the list that changes
// it shows up here as a diff to review (go test -run CheckGolden -update).
func TestCheckGolden(t *testing.T) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "wasm", "match", "testdata", "seeds", "*.txt"))
	code, out, e := rumorctl(t, append([]string{"check", "-list", bundledDir}, seeds...)...)
	if code != 0 {
		t.Fatal(e)
	}
	// Paths relative to the repository, as a person would run it.
	out = strings.ReplaceAll(out, filepath.Join("..", "..")+string(filepath.Separator), "")
	golden := filepath.Join("testdata", "check-seeds.golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./scripts/rumorctl -run CheckGolden -update)", err)
	}
	if out != string(want) {
		t.Errorf("rumorctl check on the seeds changed:\n got:\n%s\nwant:\n%s", out, want)
	}
}

// Untrusted strings (a list's key id, a server's answer) reach the
// terminal escaped: no escape sequence can retitle the window, clear the
// screen or reorder text.
func TestOutputEscapesControlCharacters(t *testing.T) {
	const hostile = "\x1b]0;pwned\x07\x1b[2J\r\u202e"
	dir := t.TempDir()
	key := filepath.Join(dir, "pub")
	rumorctl(t, "keygen", "-out", key)
	l := &rumorlist.List{Name: "t", Version: 1, Rumors: []rumorlist.Rumor{{ID: "a", Verdict: rumorlist.VerdictFalse,
		Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{"Every conversation. Every photo. Fed into AI."}}}}}}
	enc, err := l.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	env := rumorlist.Signed{Format: rumorlist.SignedFormat, KeyID: hostile, Signature: make([]byte, 64), List: enc}
	b, err := env.MarshalMsg(nil)
	if err != nil {
		t.Fatal(err)
	}
	signed := filepath.Join(dir, "hostile.rgl")
	os.WriteFile(signed, b, 0o644)
	code, out, e := rumorctl(t, "verify", "-keys", key+".pub", signed)
	if code != exitFailed {
		t.Errorf("verify of a list signed by an unknown key: exit %d", code)
	}
	for _, s := range []string{out, e} {
		if strings.ContainsAny(s, "\x1b\x07\r\u202e") {
			t.Errorf("verify printed a control character raw: %q", s)
		}
	}
	if !strings.Contains(e, `\x1b]0;pwned\x07`) {
		t.Errorf("verify's error does not show the key id escaped: %q", e)
	}

	// A server's answer.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"` + hostile + `"}`))
	}))
	defer srv.Close()
	listDir := writeList(t, map[string]string{"list.yaml": goodHeader, "rumors/good-rumor.yaml": goodRumor})
	msgp, good := filepath.Join(dir, "l.msgp"), filepath.Join(dir, "l.rgl")
	rumorctl(t, "build", "-out", msgp, listDir)
	rumorctl(t, "keygen", "-out", filepath.Join(dir, "signer"))
	rumorctl(t, "sign", "-key", filepath.Join(dir, "signer.key"), "-in", msgp, "-out", good)
	t.Setenv("RUMORGUARD_TOKEN", "rgt_x")
	code, out, e = rumorctl(t, "publish", "-server", srv.URL, good)
	if code != exitFailed {
		t.Errorf("publish refused by the server: exit %d\n%s%s", code, out, e)
	}
	for _, s := range []string{out, e} {
		if strings.ContainsAny(s, "\x1b\x07\r\u202e") {
			t.Errorf("publish printed the server's control characters raw: %q", s)
		}
	}
}

func TestTerminalWriter(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain text, ünïcode ✓\n\ttab", "plain text, ünïcode ✓\n\ttab"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"a\rb\x00c\x7f", `a\rb\x00c\x7f`},
		{"\u202eevil\u2066", `\u202eevil\u2066`},
		{"\u0085next", `\u0085next`},
		{"bad \xff utf8", `bad \xff utf8`},
	} {
		var b bytes.Buffer
		w := terminalWriter{w: &b}
		// Byte by byte: a rune split across writes is still whole.
		for i := range len(tt.in) {
			w.Write([]byte{tt.in[i]})
		}
		w.Flush()
		if b.String() != tt.want {
			t.Errorf("%q: wrote %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}

// TestVersionBound: every command that reads or writes a version refuses
// one outside 1..2^53−1, saying what to do, before anything is published.
func TestVersionBound(t *testing.T) {
	const huge = "9999999999999999999"
	const want = "version 9999999999999999999 is above 9007199254740991, the largest JavaScript can compare exactly; use a smaller version"
	dir := t.TempDir()
	out := filepath.Join(dir, "list.msgp")
	if code, _, stderr := rumorctl(t, "build", "-version", huge, "-out", out, bundledDir); code != exitUsage || !strings.Contains(stderr, want) {
		t.Errorf("build -version %s: exit %d, %q", huge, code, stderr)
	}
	src := writeList(t, map[string]string{"list.yaml": strings.Replace(goodHeader, "version: 3", "version: "+huge, 1), "rumors/good-rumor.yaml": goodRumor})
	for _, cmd := range []string{"validate", "build"} {
		args := []string{cmd, src}
		if cmd == "build" {
			args = []string{cmd, "-out", out, src}
		}
		if code, _, stderr := rumorctl(t, args...); code != exitFailed || !strings.Contains(stderr, want) || !strings.Contains(stderr, "list.yaml") {
			t.Errorf("%s with version %s in list.yaml: exit %d, %q", cmd, huge, code, stderr)
		}
	}
	// Bytes made by another tool: sign, verify and publish refuse them too.
	seed := make([]byte, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	keyFile, pubFile := filepath.Join(dir, "k.key"), filepath.Join(dir, "k.pub")
	os.WriteFile(keyFile, []byte(rumorlist.FormatPrivateKey(priv)), 0o600)
	os.WriteFile(pubFile, []byte(rumorlist.FormatPublicKey(priv.Public().(ed25519.PublicKey))+"\n"), 0o644)
	l := &rumorlist.List{Name: "t", Version: 9999999999999999999}
	enc, _ := l.Encode(nil)
	os.WriteFile(out, enc, 0o644)
	if code, _, stderr := rumorctl(t, "sign", "-key", keyFile, "-in", out, "-out", filepath.Join(dir, "x.rgl")); code != exitFailed || !strings.Contains(stderr, want) {
		t.Errorf("sign: exit %d, %q", code, stderr)
	}
	signed, _ := rumorlist.Sign(enc, priv)
	signedFile := filepath.Join(dir, "huge.rgl")
	os.WriteFile(signedFile, signed, 0o644)
	if code, _, stderr := rumorctl(t, "verify", "-keys", pubFile, signedFile); code != exitFailed || !strings.Contains(stderr, want) {
		t.Errorf("verify: exit %d, %q", code, stderr)
	}
	m := rumorlist.Manifest{List: "t", Version: 9999999999999999999, Size: len(enc), SignedSize: len(signed), KeyID: rumorlist.KeyID(priv.Public().(ed25519.PublicKey))}
	mj, _ := json.Marshal(m)
	os.WriteFile(signedFile+".manifest.json", mj, 0o644)
	t.Setenv("RUMORGUARD_TOKEN", "unused")
	if code, _, stderr := rumorctl(t, "publish", "-server", "http://127.0.0.1:1", signedFile); code != exitFailed || !strings.Contains(stderr, want) {
		t.Errorf("publish: exit %d, %q", code, stderr)
	}
}

func TestFirstWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"one two  three", 2, "one two"},
		{"  one\ttwo\nthree ", 1, "  one"},
		{"one two", 2, "one two"},
		{"one two", 5, "one two"},
		{"één twee", 1, "één"},
		{"", 3, ""},
	} {
		if got := firstWords(c.in, c.n); got != c.want {
			t.Errorf("firstWords(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
		if got := len(strings.Fields(firstWords(c.in, c.n))); got > c.n {
			t.Errorf("firstWords(%q, %d) has %d words", c.in, c.n, got)
		}
	}
}
