package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func runToken(args []string, stdout, stderr io.Writer) error {
	fs := flags("token", stderr)
	hashes := fs.String("hashes", "", "append the new token's SHA-256 to this file (the server's -tokens file)")
	out := fs.String("out", "", "write the token itself to this file (mode 0600) instead of printing it")
	if err := parse(fs, args); err != nil {
		return err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	token := "rgt_" + base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(token))
	hash := hex.EncodeToString(sum[:])
	if *hashes != "" {
		f, err := os.OpenFile(*hashes, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(f, "%s # added %s\n", hash, time.Now().UTC().Format(time.RFC3339))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	if *out != "" {
		if err := writeAtomic(*out, []byte(token+"\n"), 0o600); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "token written to %s; its hash: %s\n", *out, hash)
		return nil
	}
	fmt.Fprintf(stdout, "token (shown once, keep it secret): %s\nhash (give this to the server): %s\n", token, hash)
	return nil
}

// publishToken reads the token from $RUMORGUARD_TOKEN or a file, never from
// a flag: flags land in shell history and process lists.
func publishToken(file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(b)), nil
	}
	if t := os.Getenv("RUMORGUARD_TOKEN"); t != "" {
		return t, nil
	}
	return "", usageError{"no token: set RUMORGUARD_TOKEN or pass -token-file FILE"}
}

func runPublish(args []string, stdout, stderr io.Writer) error {
	fs := flags("publish", stderr)
	server := fs.String("server", "", "list server URL, e.g. http://127.0.0.1:9900")
	tokenFile := fs.String("token-file", "", "file holding the publish token (default: $RUMORGUARD_TOKEN)")
	keysPath := fs.String("keys", "", "public keys to verify the list with before uploading")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *server == "" || fs.NArg() != 1 {
		return usageError{"give -server and one signed list (its manifest is read from SIGNED.manifest.json)"}
	}
	base, err := url.Parse(strings.TrimRight(*server, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") {
		return usageError{fmt.Sprintf("-server %q is not an http(s) URL", *server)}
	}
	token, err := publishToken(*tokenFile)
	if err != nil {
		return err
	}
	signed, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	mjson, err := os.ReadFile(fs.Arg(0) + ".manifest.json")
	if err != nil {
		return fmt.Errorf("manifest: %w (rumorctl sign writes it)", err)
	}
	var m rumorlist.Manifest
	if err := json.Unmarshal(mjson, &m); err != nil {
		return failure{fmt.Errorf("manifest %s.manifest.json: %w", fs.Arg(0), err)}
	}
	// Refuse locally what the server would refuse.
	if err := rumorlist.CheckVersion(m.Version); err != nil {
		return failure{fmt.Errorf("manifest %s.manifest.json: %w", fs.Arg(0), err)}
	}
	env, err := rumorlist.OpenEnvelope(signed)
	if err != nil {
		return failure{err}
	}
	if *keysPath != "" {
		keys, _, err := readKeyring(*keysPath)
		if err != nil {
			return err
		}
		if _, _, err := rumorlist.Open(signed, keys); err != nil {
			return failure{err}
		}
		if err := m.Verify(keys); err != nil {
			return failure{err}
		}
	}
	if err := m.Matches(env.List); err != nil || m.SignedSize != len(signed) {
		return failure{fmt.Errorf("the manifest does not describe %s: sign it again", fs.Arg(0))}
	}
	client := &http.Client{Timeout: 60 * time.Second}
	listURL := fmt.Sprintf("%s/v1/lists/%s", base, m.List)
	if resp, err := client.Get(listURL + "/latest"); err == nil {
		var cur rumorlist.Manifest
		// The same version with the same bytes goes on: the server confirms
		// (200) a publish that succeeded although its answer was lost.
		if resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&cur) == nil &&
			(cur.Version > m.Version || cur.Version == m.Version && cur.SHA256 != m.SHA256) {
			resp.Body.Close()
			return failure{fmt.Errorf("the server already has version %d of %q; this list is version %d: raise version in list.yaml and build again", cur.Version, m.List, m.Version)}
		}
		resp.Body.Close()
	}
	req, err := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/%d", listURL, m.Version), bytes.NewReader(signed))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/vnd.rumorguard.list")
	req.Header.Set("Rumorguard-Manifest", base64.StdEncoding.EncodeToString(mjson))
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	fmt.Fprintf(stdout, "%s %s: %s\n", req.Method, req.URL, resp.Status)
	fmt.Fprintf(stdout, "%s\n", bytes.TrimSpace(body))
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return failure{fmt.Errorf("the server refused the list (%s)", resp.Status)}
	}
	return nil
}
