//go:build !js

package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rumorguard/rumorguard/server/apitest"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// TestServerBinary runs the native server as a user does: it seeds the
// bundled list on first start, serves it, logs JSON, and stops cleanly on
// SIGTERM.
func TestServerBinary(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "server")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{4}, 32))
	seed := filepath.Join(dir, "seed")
	os.MkdirAll(seed, 0o755)
	signed, manifest := apitest.Signed(t, key, "default", 7, "Every conversation. Every photo. Every voice message. Fed into AI.")
	os.WriteFile(filepath.Join(seed, "default.rgl"), signed, 0o644)
	os.WriteFile(filepath.Join(seed, "default.rgl.manifest.json"), manifest, 0o644)
	keys := filepath.Join(dir, "publishers.pub")
	os.WriteFile(keys, []byte(rumorlist.FormatPublicKey(key.Public().(ed25519.PublicKey))+"\n"), 0o644)

	port := freePort(t)
	cmd := exec.Command(bin, "-addr", fmt.Sprintf("127.0.0.1:%d", port), "-data", filepath.Join(dir, "data"),
		"-keys", keys, "-seed", seed, "-tokens", filepath.Join(dir, "none"))
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	var m rumorlist.Manifest
	for i := 0; ; i++ {
		resp, err := http.Get(url + "/v1/lists/default/latest")
		if err == nil {
			json.NewDecoder(resp.Body).Decode(&m)
			resp.Body.Close()
			break
		}
		if i > 100 {
			t.Fatalf("server did not start: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if m.Version != 7 {
		t.Errorf("seeded latest version = %d, want 7", m.Version)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("server exited with %v after SIGTERM\n%s", err, logs.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("server did not stop within 10 s of SIGTERM")
	}
	// Structured logs: every line is a JSON object with a message.
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	var msgs []string
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Errorf("log line is not JSON: %s", sc.Text())
			continue
		}
		msgs = append(msgs, fmt.Sprint(line["msg"]))
	}
	for _, want := range []string{"seeded the bundled list", "listening", "shutting down"} {
		if !strings.Contains(strings.Join(msgs, "|"), want) {
			t.Errorf("no %q in the logs: %v", want, msgs)
		}
	}
}
