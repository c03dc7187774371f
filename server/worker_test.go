//go:build !js

package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rumorguard/rumorguard/server/apitest"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..")
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestWorkerUnderWorkerd builds the Worker, runs it under Cloudflare's
// runtime (wrangler dev, offline, R2 persisted to a directory) and runs the
// same API suite as the native server against it, including a restart.
// scripts/test sets RUMORGUARD_WORKERD=1; without it the test says so.
func TestWorkerUnderWorkerd(t *testing.T) {
	if os.Getenv("RUMORGUARD_WORKERD") == "" {
		t.Skip("set RUMORGUARD_WORKERD=1 (scripts/test does) to run the Worker under workerd")
	}
	root := repoRoot()
	wrangler := filepath.Join(root, "scripts", "node_modules", ".bin", "wrangler")
	if _, err := os.Stat(wrangler); err != nil {
		t.Fatalf("wrangler is not installed: run scripts/setup (%v)", err)
	}
	build := exec.Command(filepath.Join(root, "scripts", "build-worker"))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build worker: %v\n%s", err, out)
	}
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, 32))
	token := "rgt_workerd-test"
	sum := sha256.Sum256([]byte(token))
	persist := t.TempDir()
	var cmd *exec.Cmd
	start := func(t *testing.T) string {
		port := freePort(t)
		cmd = exec.Command(wrangler, "dev", "--config", filepath.Join(root, "server", "wrangler.toml"),
			"--ip", "127.0.0.1", "--port", fmt.Sprint(port), "--persist-to", persist,
			"--var", "RUMORGUARD_PUBLISHER_KEYS:"+rumorlist.FormatPublicKey(key.Public().(ed25519.PublicKey)),
			"--var", "RUMORGUARD_TOKEN_HASHES:"+hex.EncodeToString(sum[:]),
			"--show-interactive-dev-session=false", "--log-level", "warn")
		cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CI=true", "NO_COLOR=1")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		stderr, _ := cmd.StderrPipe()
		cmd.Stdout = cmd.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var logBuf strings.Builder
		go func() {
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				logBuf.WriteString(sc.Text() + "\n")
			}
		}()
		url := fmt.Sprintf("http://127.0.0.1:%d", port)
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			if resp, err := http.Get(url + "/healthz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return url
				}
			}
			time.Sleep(200 * time.Millisecond)
		}
		stop()
		t.Fatalf("wrangler dev did not come up on %s:\n%s", url, logBuf.String())
		return ""
	}
	t.Cleanup(stop)
	stopFn = func() {
		if cmd != nil && cmd.Process != nil {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				<-done
			}
			cmd = nil
		}
	}
	url := start(t)
	t.Run("one Go instance per isolate, versions from the Cache API", func(t *testing.T) {
		workerReuseAndCache(t, url, key, token)
	})
	apitest.Run(t, &apitest.Backend{
		URL: url, Key: key, Token: token, MaxBytes: 16 << 20,
		Restart: func(t *testing.T) string {
			stop()
			return start(t)
		},
	})
}

// workerReuseAndCache checks what the Worker's own entry (server/worker/
// entry.mjs) promises: requests reuse one Go instance (its request count
// keeps growing; syumai/workers' generated entry started a new program, at
// count 1, for every request), and a published version is answered from
// the Cache API after its first download, with the same bytes.
func workerReuseAndCache(t *testing.T, url string, key ed25519.PrivateKey, token string) {
	var last int
	for i := 0; i < 5; i++ {
		resp, err := http.Get(url + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		n, err := strconv.Atoi(resp.Header.Get("Rumorguard-Instance-Requests"))
		if err != nil {
			t.Fatalf("healthz has no request count of its Go instance: %v", err)
		}
		if n <= last {
			t.Fatalf("request %d was served by a fresh Go instance (count %d after %d)", i+1, n, last)
		}
		last = n
	}

	signed, manifest := apitest.Signed(t, key, "cache-check", 7, "Every conversation. Every photo. Every voice message. Fed into AI.")
	req, _ := http.NewRequest(http.MethodPut, url+"/v1/lists/cache-check/7", bytes.NewReader(signed))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/vnd.rumorguard.list")
	req.Header.Set("Rumorguard-Manifest", base64.StdEncoding.EncodeToString(manifest))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("publish: status %d", resp.StatusCode)
	}
	get := func() ([]byte, string) {
		resp, err := http.Get(url + "/v1/lists/cache-check/7")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET version: status %d, %v", resp.StatusCode, err)
		}
		return b, resp.Header.Get("CF-Cache-Status")
	}
	first, _ := get()
	// The cache put runs after the first answer (waitUntil): give it a moment.
	for i := 0; ; i++ {
		again, status := get()
		if !bytes.Equal(again, first) || !bytes.Equal(again, signed) {
			t.Fatalf("the cached version's bytes differ from the published ones")
		}
		if status == "HIT" {
			break
		}
		if i == 50 {
			t.Fatalf("version never answered from the Cache API (CF-Cache-Status %q)", status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

var stopFn func()

func stop() {
	if stopFn != nil {
		stopFn()
	}
}
