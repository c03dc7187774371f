//go:build !js

package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rumorguard/rumorguard/server/apitest"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// These tests run the real server binary and treat it as an attacker or an
// unlucky operator would: slow clients, floods, two processes, kill -9.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// serverBinary builds the server once per test run.
func serverBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "rumorguard-server-test-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "server")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

const hostileToken = "rgt_hostile-test"

var hostileKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{5}, 32))

// fixture writes the keys and token hashes a server needs into dir.
func fixture(t *testing.T, dir string) (keys, tokens string) {
	t.Helper()
	keys = filepath.Join(dir, "publishers.pub")
	tokens = filepath.Join(dir, "tokens")
	sum := sha256.Sum256([]byte(hostileToken))
	if err := os.WriteFile(keys, []byte(rumorlist.FormatPublicKey(hostileKey.Public().(ed25519.PublicKey))+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tokens, []byte(hex.EncodeToString(sum[:])+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return keys, tokens
}

type serverProc struct {
	cmd  *exec.Cmd
	url  string
	log  string // file the server's stderr goes to
	done chan error
}

// startServer starts the binary on data with extra flags and waits until
// it answers; it fails the test if the server exits first.
func startServer(t *testing.T, data string, extra ...string) *serverProc {
	t.Helper()
	p, err := tryStartServer(t, data, extra...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func tryStartServer(t *testing.T, data string, extra ...string) (*serverProc, error) {
	t.Helper()
	bin := serverBinary(t)
	dir := t.TempDir()
	keys, tokens := fixture(t, dir)
	port := freePort(t)
	p := &serverProc{url: fmt.Sprintf("http://127.0.0.1:%d", port), log: filepath.Join(dir, "server.log"), done: make(chan error, 1)}
	logf, err := os.Create(p.log)
	if err != nil {
		return nil, err
	}
	args := append([]string{"-addr", fmt.Sprintf("127.0.0.1:%d", port), "-data", data, "-keys", keys,
		"-tokens", tokens, "-seed", filepath.Join(dir, "no-seed")}, extra...)
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stderr = logf
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.done <- p.cmd.Wait(); logf.Close() }()
	t.Cleanup(func() { p.kill() })
	for i := 0; ; i++ {
		select {
		case err := <-p.done:
			p.done <- err
			b, _ := os.ReadFile(p.log)
			return nil, fmt.Errorf("server exited (%v):\n%s", err, b)
		default:
		}
		if resp, err := http.Get(p.url + "/healthz"); err == nil {
			resp.Body.Close()
			return p, nil
		}
		if i > 200 {
			p.kill()
			return nil, errors.New("server did not answer within 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill stops the process at once (SIGKILL), as a crash would.
func (p *serverProc) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Kill()
	}
	<-p.done
	p.done <- nil
}

// closedWithin reports whether the server closes conn within d, reading
// (and discarding) whatever it sends meanwhile.
func closedWithin(conn net.Conn, d time.Duration) bool {
	conn.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, conn)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

// trickle sends the request head, then one byte of body a second until stop.
func trickle(conn net.Conn, head string, stop <-chan struct{}) {
	if _, err := io.WriteString(conn, head); err != nil {
		return
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			if _, err := conn.Write([]byte("x")); err != nil {
				return
			}
		}
	}
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// Slow clients cannot hold connections: 50 bodies trickled at 1 byte/s
// (to GET /healthz, and to a publish) are cut at the read timeout, a
// header trickled at the read-header timeout, an idle keep-alive at the idle
// timeout; meanwhile /healthz keeps answering. Short timeouts are configured
// so the test is quick; what is asserted is that connections get closed.
func TestSlowClientsAreClosed(t *testing.T) {
	p := startServer(t, t.TempDir(), "-read-header-timeout", "1s", "-read-timeout", "2s", "-idle-timeout", "2s",
		"-max-list-bytes", "4096", "-min-upload-rate", "1024")
	addr := strings.TrimPrefix(p.url, "http://")
	dial := func(t *testing.T) net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	// Generous margins: the point is closed versus never closed.
	const margin = 5 * time.Second

	t.Run("50 slow bodies to GET /healthz", func(t *testing.T) {
		stop := make(chan struct{})
		defer close(stop)
		const n = 50
		closed := make(chan time.Duration, n)
		start := time.Now()
		for range n {
			c := dial(t)
			go trickle(c, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", stop)
			go func() {
				if closedWithin(c, 2*time.Second+margin) {
					closed <- time.Since(start)
				} else {
					closed <- -1
				}
			}()
		}
		// /healthz for a normal client while the 50 trickle.
		var lat []time.Duration
		client := &http.Client{Timeout: 5 * time.Second}
		for time.Since(start) < 2*time.Second {
			t0 := time.Now()
			resp, err := client.Get(p.url + "/healthz")
			if err != nil {
				t.Fatalf("/healthz during the trickle: %v", err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("/healthz during the trickle: %d", resp.StatusCode)
			}
			lat = append(lat, time.Since(t0))
			time.Sleep(10 * time.Millisecond)
		}
		var times []time.Duration
		open := 0
		for range n {
			if d := <-closed; d < 0 {
				open++
			} else {
				times = append(times, d)
			}
		}
		if open > 0 {
			t.Errorf("%d of %d slow bodies were still open %v after they began (read timeout 2 s)", open, n, 2*time.Second+margin)
		}
		if len(times) > 0 {
			t.Logf("slow bodies closed after %v (median) to %v (last); /healthz meanwhile: %d requests, p50 %v, p99 %v",
				percentile(times, 0.5), percentile(times, 1), len(lat), percentile(lat, 0.5), percentile(lat, 0.99))
		}
	})

	t.Run("slow header", func(t *testing.T) {
		c := dial(t)
		stop := make(chan struct{})
		defer close(stop)
		go trickle(c, "GET /healthz HTTP/1.1\r\nX-Slow: ", stop)
		if !closedWithin(c, time.Second+margin) {
			t.Error("a header trickled at 1 byte/s was not cut at the read-header timeout (1 s)")
		}
	})

	t.Run("idle keep-alive", func(t *testing.T) {
		c := dial(t)
		io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		start := time.Now()
		if !closedWithin(c, 2*time.Second+margin) {
			t.Error("an idle keep-alive was not closed at the idle timeout (2 s)")
		}
		t.Logf("idle keep-alive closed after %v", time.Since(start).Round(time.Millisecond))
	})

	t.Run("slow publish", func(t *testing.T) {
		// An authorized upload gets max-list-bytes / min-upload-rate more
		// (4096 / 1024 = 4 s) on top of the read timeout, and no longer.
		c := dial(t)
		stop := make(chan struct{})
		defer close(stop)
		manifest := base64.StdEncoding.EncodeToString([]byte("{}"))
		go trickle(c, "PUT /v1/lists/slow/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+hostileToken+
			"\r\nRumorguard-Manifest: "+manifest+"\r\nContent-Length: 4000\r\n\r\n", stop)
		if !closedWithin(c, 6*time.Second+margin) {
			t.Error("an upload trickled at 1 byte/s was not cut at its upload budget (6 s)")
		}
		// Without a token the body is never waited for.
		c = dial(t)
		go trickle(c, "PUT /v1/lists/slow/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\n", stop)
		if !closedWithin(c, 2*time.Second+margin) {
			t.Error("an unauthorized upload was not cut at the read timeout (2 s)")
		}
		// A normal publish still works under these timeouts.
		signed, m := apitest.Signed(t, hostileKey, "slow", 1, "Every conversation. Every photo. Every voice message. Fed into AI.")
		req, _ := http.NewRequest("PUT", p.url+"/v1/lists/slow/1", bytes.NewReader(signed))
		req.Header.Set("Authorization", "Bearer "+hostileToken)
		req.Header.Set("Rumorguard-Manifest", base64.StdEncoding.EncodeToString(m))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 201 {
			t.Errorf("a normal publish answered %d", resp.StatusCode)
		}
	})
}

// A flood of refused requests cannot fill the disk through the log: 4xx
// lines are sampled (one a second per method and status, with a count of
// those left out). The flood is bounded: 5 s or 60,000 requests.
func TestLogFlood(t *testing.T) {
	p := startServer(t, t.TempDir())
	before, err := os.Stat(p.log)
	if err != nil {
		t.Fatal(err)
	}
	const workers, limit = 8, 60000
	var (
		mu    sync.Mutex
		sent  int
		codes = map[int]int{}
	)
	deadline := time.Now().Add(5 * time.Second)
	tr := &http.Transport{MaxIdleConnsPerHost: workers}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	paths := []string{"/v1/lists/none/latest", "/nothing/here", "/v1/lists/Bad..Name/3", "/v1/lists/none/deltas/x"}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				mu.Lock()
				if sent >= limit {
					mu.Unlock()
					return
				}
				sent++
				mu.Unlock()
				resp, err := client.Get(p.url + paths[(w+i)%len(paths)])
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				codes[resp.StatusCode]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	after, _ := os.Stat(p.log)
	grew := after.Size() - before.Size()
	t.Logf("%d requests %v: the log grew by %d bytes", sent, codes, grew)
	if codes[404] < sent/2 {
		t.Fatalf("the flood was not of 404s: %v", codes)
	}
	if grew >= 1<<20 {
		t.Errorf("%d refused requests grew the log by %d bytes, want < 1 MiB", sent, grew)
	}
	// The sampled lines still say what happened: the next 404 a second
	// later tells how many were left out.
	time.Sleep(1100 * time.Millisecond)
	if resp, err := client.Get(p.url + "/nothing/here"); err == nil {
		resp.Body.Close()
	}
	time.Sleep(100 * time.Millisecond)
	b, _ := os.ReadFile(p.log)
	var left int
	for _, line := range strings.Split(string(b), "\n") {
		var l struct {
			Status, Suppressed int
		}
		if json.Unmarshal([]byte(line), &l) == nil && l.Status == 404 {
			left += l.Suppressed
		}
	}
	if left == 0 || left >= sent {
		t.Errorf("the sampled 404 lines count %d left out of %d:\n%.2000s", left, sent, b)
	}
}

// Two servers on one data directory would each think its compare-and-swap
// of latest is the only one, and lose publishes: the second refuses to
// start, naming the directory and the first one's pid. The lock goes with
// the process, even killed.
func TestSecondServerOnOneDirectoryRefuses(t *testing.T) {
	data := t.TempDir()
	first := startServer(t, data)
	_, err := tryStartServer(t, data)
	if err == nil {
		t.Fatal("a second server started on the same data directory")
	}
	pid := fmt.Sprint(first.cmd.Process.Pid)
	if msg := err.Error(); !strings.Contains(msg, data) || !strings.Contains(msg, "pid "+pid) {
		t.Errorf("the refusal does not name the directory %s and pid %s:\n%s", data, pid, msg)
	}
	first.kill()
	startServer(t, data) // the lock died with the first
}

// manyRumors is a list of n rumors; version v differs from v-1 in one rumor,
// so a delta between neighbours is small.
func manyRumors(name string, v uint64, n int) *rumorlist.List {
	l := &rumorlist.List{Name: name, Version: v, Created: 1764892800}
	for i := range n {
		phrase := fmt.Sprintf("claim number %d about a miracle cure that doctors do not want you to know", i)
		if uint64(i) < v {
			phrase += fmt.Sprintf(", revised in version %d", i+1)
		}
		l.Rumors = append(l.Rumors, rumorlist.Rumor{ID: fmt.Sprintf("rumor-%05d", i), Verdict: rumorlist.VerdictFalse,
			Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{phrase}}}})
	}
	return l
}

func put(t *testing.T, url, list string, v uint64, signed, manifest []byte) (int, error) {
	req, err := http.NewRequest("PUT", fmt.Sprintf("%s/v1/lists/%s/%d", url, list, v), bytes.NewReader(signed))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+hostileToken)
	req.Header.Set("Rumorguard-Manifest", base64.StdEncoding.EncodeToString(manifest))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func tempFiles(t *testing.T, dir string) []string {
	var found []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
			found = append(found, p)
		}
		return nil
	})
	return found
}

// A crash (kill -9) at a random point of a publish leaves the previous
// version served or the new one complete; after a restart no temporary
// file is left (stale ones from earlier crashes included) and the deltas to
// the latest version exist. Bounded: 10 rounds.
func TestKillMidPublish(t *testing.T) {
	const list, n, rounds = "crash", 6000, 10
	data := t.TempDir()
	signedV := map[uint64][]byte{}
	sign := func(v uint64) []byte {
		s, m := apitest.SignedList(t, hostileKey, manyRumors(list, v, n))
		signedV[v] = s
		return m
	}
	p := startServer(t, data)
	if c, err := put(t, p.url, list, 1, signedV[1], sign(1)); c != 201 {
		t.Fatalf("publish v1: %d %v", c, err)
	}
	// The kills fall anywhere in a publish that makes a delta, as v2's.
	m := sign(2)
	start := time.Now()
	if c, err := put(t, p.url, list, 2, signedV[2], m); c != 201 {
		t.Fatalf("publish v2: %d %v", c, err)
	}
	took := time.Since(start)
	t.Logf("a publish of %d bytes takes %v here", len(signedV[2]), took)
	p.kill()
	// A stale temporary file from some earlier crash.
	stale := filepath.Join(data, "lists", list, "versions", ".tmp-123456")
	if err := os.WriteFile(stale, []byte("half a list"), 0o644); err != nil {
		t.Fatal(err)
	}
	landed := 0
	for v := uint64(3); v < rounds+3; v++ {
		p := startServer(t, data)
		m := sign(v)
		go put(t, p.url, list, v, signedV[v], m)
		time.Sleep(time.Duration(rand.Int64N(int64(took))))
		p.kill()

		p = startServer(t, data)
		if left := tempFiles(t, data); len(left) > 0 {
			t.Errorf("round %d: temporary files left after a restart: %v", v, left)
		}
		_, body := get(t, p.url+"/v1/lists/"+list+"/latest")
		var latest rumorlist.Manifest
		json.Unmarshal(body, &latest)
		switch latest.Version {
		case v:
			landed++
		case v - 1:
			// The publish did not land: the previous version is served,
			// and the publisher's retry completes it.
			if c, err := put(t, p.url, list, v, signedV[v], m); c != 201 {
				t.Errorf("round %d: retry after the crash answered %d %v", v, c, err)
			}
		default:
			t.Fatalf("round %d: latest is version %d after a crash publishing %d", v, latest.Version, v)
		}
		if c, b := get(t, fmt.Sprintf("%s/v1/lists/%s/%d", p.url, list, v)); c != 200 || !bytes.Equal(b, signedV[v]) {
			t.Errorf("round %d: version %d answered %d, same bytes %v", v, v, c, bytes.Equal(b, signedV[v]))
		}
		if c, _ := get(t, fmt.Sprintf("%s/v1/lists/%s/deltas/%d-%d", p.url, list, v-1, v)); c != 200 {
			t.Errorf("round %d: the delta %d-%d answered %d: lost in the crash", v, v-1, v, c)
		}
		p.kill()
	}
	t.Logf("%d of %d publishes landed before the kill", landed, rounds)
}
