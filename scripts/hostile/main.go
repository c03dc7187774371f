// Command hostile plays the clients a list server must survive, against a
// running server, and prints what happened: slow bodies, an idle
// keep-alive, a flood of 404s. scripts/loadtest --hostile runs it.
//
//	go run ./scripts/hostile -url http://127.0.0.1:9900 [-log FILE] [-conns 50] [-flood 5s]
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:9900", "server to play against")
	logFile := flag.String("log", "", "the server's log file, to measure its growth under the flood")
	conns := flag.Int("conns", 50, "slow-body connections")
	wait := flag.Duration("wait", 70*time.Second, "give up waiting for the server to close a connection after this long")
	flood := flag.Duration("flood", 5*time.Second, "length of the 404 flood")
	pair := flag.String("pair", "", "instead: a second server on the same data as -url; publish to both at once and count lost publishes")
	keyFile := flag.String("key", "", "with -pair: a publisher key both servers trust")
	data := flag.String("data", "", "with -pair: the servers' data directory, to read latest as stored")
	rounds := flag.Int("rounds", 100, "with -pair: rounds of two concurrent publishes")
	flag.Parse()
	addr := strings.TrimPrefix(*url, "http://")
	if *pair != "" {
		if err := runPair(*url, *pair, *data, *keyFile, os.Getenv("RUMORGUARD_TOKEN"), *rounds); err != nil {
			fmt.Fprintln(os.Stderr, "hostile:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*url, addr, *logFile, *conns, *wait, *flood); err != nil {
		fmt.Fprintln(os.Stderr, "hostile:", err)
		os.Exit(1)
	}
}

func run(url, addr, logFile string, conns int, wait, flood time.Duration) error {
	base, err := healthLatency(url, 2*time.Second)
	if err != nil {
		return err
	}
	fmt.Printf("| /healthz alone | p50 %v, p99 %v (%d requests in 2 s) |\n", pct(base, .5), pct(base, .99), len(base))

	// Slow bodies: GET /healthz with a Content-Length, one byte a second.
	stop := make(chan struct{})
	closed := make(chan time.Duration, conns)
	start := time.Now()
	for range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		defer c.Close()
		go trickle(c, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", stop)
		go func() { closed <- closeTime(c, start, wait) }()
	}
	during, err := healthLatency(url, 5*time.Second)
	if err != nil {
		return fmt.Errorf("/healthz during the trickle: %w", err)
	}
	var times []time.Duration
	open := 0
	for range conns {
		if d := <-closed; d < 0 {
			open++
		} else {
			times = append(times, d)
		}
	}
	close(stop)
	fmt.Printf("| /healthz during %d slow bodies | p50 %v, p99 %v (%d requests in 5 s) |\n", conns, pct(during, .5), pct(during, .99), len(during))
	if len(times) > 0 {
		fmt.Printf("| %d slow bodies (1 byte/s) | %d closed, after %v (median) to %v (last); %d still open after %v |\n",
			conns, len(times), pct(times, .5), pct(times, 1), open, wait)
	} else {
		fmt.Printf("| %d slow bodies (1 byte/s) | none closed; all %d still open after %v |\n", conns, open, wait)
	}

	// An idle keep-alive.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if d := closeTime(c, time.Now(), wait); d < 0 {
		fmt.Printf("| idle keep-alive | still open after %v |\n", wait)
	} else {
		fmt.Printf("| idle keep-alive | closed after %v |\n", d)
	}
	c.Close()

	// A flood of 404s from 8 keep-alive clients.
	var size0 int64
	if logFile != "" {
		if fi, err := os.Stat(logFile); err == nil {
			size0 = fi.Size()
		}
	}
	var n atomic.Int64
	end := time.Now().Add(flood)
	tr := &http.Transport{MaxIdleConnsPerHost: 8}
	client := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(end); i++ {
				resp, err := client.Get(fmt.Sprintf("%s/nothing/%d/%d", url, w, i))
				if err != nil {
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	tr.CloseIdleConnections()
	if logFile != "" {
		time.Sleep(200 * time.Millisecond)
		fi, err := os.Stat(logFile)
		if err != nil {
			return err
		}
		fmt.Printf("| %v flood of 404s | %d requests; the log grew by %d bytes |\n", flood, n.Load(), fi.Size()-size0)
	} else {
		fmt.Printf("| %v flood of 404s | %d requests |\n", flood, n.Load())
	}
	return nil
}

// healthLatency times /healthz requests, one after another, for d.
func healthLatency(url string, d time.Duration) ([]time.Duration, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	var lat []time.Duration
	for end := time.Now().Add(d); time.Now().Before(end); {
		t0 := time.Now()
		resp, err := client.Get(url + "/healthz")
		if err != nil {
			return nil, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		lat = append(lat, time.Since(t0))
		time.Sleep(5 * time.Millisecond)
	}
	return lat, nil
}

// closeTime is how long after start the server closed c, or -1 if it was
// still open after wait.
func closeTime(c net.Conn, start time.Time, wait time.Duration) time.Duration {
	c.SetReadDeadline(start.Add(wait))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return -1
	}
	return time.Since(start).Round(time.Millisecond)
}

func trickle(c net.Conn, head string, stop <-chan struct{}) {
	if _, err := io.WriteString(c, head); err != nil {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if _, err := c.Write([]byte("x")); err != nil {
				return
			}
		}
	}
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))].Round(time.Microsecond)
}

// runPair publishes version 2r-1 to one server and 2r to the other at once,
// for each round r, and counts rounds where a publish answered 201 but
// latest ends below it: a lost publish.
func runPair(a, b, data, keyFile, token string, rounds int) error {
	kb, err := os.ReadFile(keyFile)
	if err != nil {
		return err
	}
	key, err := rumorlist.ParsePrivateKey(string(kb))
	if err != nil {
		return err
	}
	publish := func(url string, v uint64) (int, error) {
		l := &rumorlist.List{Name: "pair", Version: v, Created: 1764892800, Rumors: []rumorlist.Rumor{{
			ID: "r", Verdict: rumorlist.VerdictFalse, Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{fmt.Sprintf("a claim in version %d", v)}}}}}}
		enc, err := l.Encode(nil)
		if err != nil {
			return 0, err
		}
		signed, err := rumorlist.Sign(enc, key)
		if err != nil {
			return 0, err
		}
		m, err := rumorlist.NewManifest(signed, key)
		if err != nil {
			return 0, err
		}
		mj, _ := json.Marshal(m)
		req, _ := http.NewRequest("PUT", fmt.Sprintf("%s/v1/lists/pair/%d", url, v), bytes.NewReader(signed))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Rumorguard-Manifest", base64.StdEncoding.EncodeToString(mj))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	lost := 0
	for r := 1; r <= rounds; r++ {
		v := uint64(2*r - 1)
		var codes [2]int
		var errs [2]error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); codes[0], errs[0] = publish(a, v) }()
		go func() { defer wg.Done(); codes[1], errs[1] = publish(b, v+1) }()
		wg.Wait()
		if err := errors.Join(errs[:]...); err != nil {
			return err
		}
		want := uint64(0)
		for i, c := range codes {
			if c == http.StatusCreated {
				want = max(want, v+uint64(i))
			}
		}
		// The servers cache latest for a second: read what is on disk.
		b, err := os.ReadFile(filepath.Join(data, "lists", "pair", "latest.json"))
		if err != nil {
			return err
		}
		var m rumorlist.Manifest
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		if m.Version < want {
			lost++
		}
	}
	fmt.Printf("| two servers on one data directory, %d rounds of two concurrent publishes | %d publishes answered 201 and then lost |\n", rounds, lost)
	return nil
}
