//go:build !js

// Command server distributes signed, versioned rumor lists. Natively it is a
// plain Go server with a file store; built for js/wasm it is a Cloudflare
// Worker with R2 (main_js.go). Both serve the same handler (server/api).
//
//	go run ./server [-addr 127.0.0.1:9900] [-data DIR] [-keys FILE] [-tokens FILE] [-seed DIR]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/rumorguard/rumorguard/server/api"
	"github.com/rumorguard/rumorguard/server/store"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

type listKeys map[string]string

func (l listKeys) String() string { return fmt.Sprint(map[string]string(l)) }
func (l listKeys) Set(v string) error {
	name, file, ok := strings.Cut(v, "=")
	if !ok {
		return errors.New("want NAME=FILE")
	}
	l[name] = file
	return nil
}

func run(args []string) error {
	port := os.Getenv("PORT")
	if port == "" {
		port = "9900"
	}
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:"+port, "listen address (default port: $PORT or 9900)")
	data := fs.String("data", ".rumorguard/server-data", "data directory")
	keysFile := fs.String("keys", ".rumorguard/lists/publishers.pub", "publisher keys trusted for every list")
	tokensFile := fs.String("tokens", ".rumorguard/server-tokens", "file of SHA-256 hashes of publish tokens (also: $RUMORGUARD_TOKEN_HASHES)")
	seed := fs.String("seed", ".rumorguard/lists", "directory with default.rgl and default.rgl.manifest.json, published on first start")
	maxBytes := fs.Int64("max-list-bytes", 16<<20, "largest list accepted")
	var t timeouts
	fs.DurationVar(&t.readHeader, "read-header-timeout", 10*time.Second, "time a client has to send a request's headers")
	fs.DurationVar(&t.read, "read-timeout", 10*time.Second, "time a client has to send a whole request (a publish gets more: see -min-upload-rate)")
	fs.DurationVar(&t.write, "write-timeout", 0, "time to send a response (default: -read-timeout plus -max-list-bytes at -min-upload-rate)")
	fs.DurationVar(&t.idle, "idle-timeout", 30*time.Second, "how long an idle keep-alive connection stays open")
	fs.Int64Var(&t.minRate, "min-upload-rate", 64<<10, "slowest link served, bytes/s: an authorized publish may take -max-list-bytes at this rate, a download as long")
	var logLevel slog.Level
	fs.TextVar(&logLevel, "log-level", slog.LevelInfo, "debug logs every request; info (the default) samples refusals, one line a second per status")
	perList := listKeys{}
	fs.Var(perList, "list-keys", "NAME=FILE: keys trusted for list NAME instead of -keys (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel}))

	keysText, err := os.ReadFile(*keysFile)
	if err != nil {
		return fmt.Errorf("publisher keys: %w (run scripts/build, or pass -keys)", err)
	}
	keys, err := rumorlist.ParseKeyring(string(keysText))
	if err != nil {
		return fmt.Errorf("publisher keys %s: %w", *keysFile, err)
	}
	if *maxBytes <= 0 || t.minRate <= 0 {
		return errors.New("-max-list-bytes and -min-upload-rate must be positive")
	}
	t.transfer = time.Duration(float64(*maxBytes) / float64(t.minRate) * float64(time.Second))
	if t.write == 0 {
		t.write = t.read + t.transfer
	}
	cfg := api.Config{Keys: keys, ListKeys: map[string]rumorlist.Keyring{}, MaxListBytes: *maxBytes, Log: log,
		BeforeUpload: t.extendForUpload}
	for name, file := range perList {
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		if cfg.ListKeys[name], err = rumorlist.ParseKeyring(string(b)); err != nil {
			return fmt.Errorf("keys of list %s: %w", name, err)
		}
	}
	hashes := os.Getenv("RUMORGUARD_TOKEN_HASHES")
	if b, err := os.ReadFile(*tokensFile); err == nil {
		hashes += "\n" + string(b)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if cfg.TokenHashes, err = parseTokenHashes(hashes); err != nil {
		return err
	}
	if len(cfg.TokenHashes) == 0 {
		log.Warn("no publish tokens configured: publishing is refused (rumorctl token -hashes " + *tokensFile + ")")
	}
	st, err := store.NewFileStore(*data)
	if err != nil {
		return err
	}
	unlock, err := st.Lock()
	if err != nil {
		return err
	}
	defer unlock()
	// Holding the lock, what a crash left is ours to finish.
	if n, err := st.CleanTemp(); err != nil {
		return err
	} else if n > 0 {
		log.Info("removed temporary files left by a crash", "files", n)
	}
	cfg.Store = st
	if err := seedDefault(st, *seed, keys, log); err != nil {
		return err
	}
	if err := api.Repair(context.Background(), cfg); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: api.New(cfg), ReadHeaderTimeout: t.readHeader, ReadTimeout: t.read,
		WriteTimeout: t.write, IdleTimeout: t.idle}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "addr", "http://"+ln.Addr().String(), "data", *data,
		"read_header_timeout", t.readHeader.String(), "read_timeout", t.read.String(), "upload_timeout", (t.read + t.transfer).String(),
		"write_timeout", t.write.String(), "idle_timeout", t.idle.String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// timeouts bound how long a client may hold a connection. Every request
// gets -read-timeout to arrive whole: requests other than a publish carry
// no body worth waiting for, so a client trickling one (even to /healthz
// with a Content-Length) is cut then. An authorized publish gets transfer
// more, the largest list at the slowest upload rate served (16 MiB at
// 64 KiB/s: 256 s), and a response as long again to be sent, since the
// write deadline runs from the end of the headers. A download of the
// largest list gets transfer too (the default -write-timeout). Idle
// keep-alives go after -idle-timeout.
type timeouts struct {
	readHeader, read, write, idle time.Duration
	minRate                       int64
	transfer                      time.Duration
}

func (t timeouts) extendForUpload(w http.ResponseWriter, _ *http.Request) {
	rc := http.NewResponseController(w)
	// Errors mean the connection cannot take deadlines (not a net.Conn):
	// then there were none to extend.
	rc.SetReadDeadline(time.Now().Add(t.read + t.transfer))
	rc.SetWriteDeadline(time.Now().Add(t.read + t.transfer + t.write))
}

func seedDefault(st store.Store, dir string, keys rumorlist.Keyring, log *slog.Logger) error {
	signed, err := os.ReadFile(filepath.Join(dir, "default.rgl"))
	if errors.Is(err, os.ErrNotExist) {
		log.Warn("no bundled list to seed (run scripts/build)", "dir", dir)
		return nil
	}
	if err != nil {
		return err
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "default.rgl.manifest.json"))
	if err != nil {
		return err
	}
	seeded, err := api.Seed(context.Background(), st, signed, manifest, keys)
	if err != nil {
		return err
	}
	if seeded {
		log.Info("seeded the bundled list", "list", "default")
	}
	return nil
}
