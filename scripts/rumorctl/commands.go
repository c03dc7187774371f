package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func loadSources(dir string) (*rumorlist.List, error) {
	l, err := listsrc.Load(dir)
	if err != nil {
		return nil, sourcesError(dir, err)
	}
	return l, nil
}

// sourcesError makes the problems of a list directory a failure that lists
// them all; other errors stay as they are.
func sourcesError(dir string, err error) error {
	var ps listsrc.Problems
	if errors.As(err, &ps) {
		return failure{fmt.Errorf("%v\n%d problem(s) in %s", ps, len(ps), dir)}
	}
	return err
}

// parseSources parses the flags and loads the list sources named by the
// one optional argument (the bundled list by default).
func parseSources(fs *flag.FlagSet, args []string) (*rumorlist.List, string, error) {
	if err := parse(fs, args); err != nil {
		return nil, "", err
	}
	dir, err := dirArg(fs)
	if err != nil {
		return nil, "", err
	}
	l, err := loadSources(dir)
	return l, dir, err
}

func runValidate(args []string, stdout, stderr io.Writer) error {
	l, dir, err := parseSources(flags("validate", stderr), args)
	if err != nil {
		return err
	}
	if err := rumorlist.CheckVersion(l.Version); err != nil {
		return failure{fmt.Errorf("%s: %w", filepath.Join(dir, "list.yaml"), err)}
	}
	src, err := listsrc.LoadSources(dir)
	if err != nil {
		return err
	}
	groups := 0
	for _, g := range src.Equivalents {
		groups += len(g)
	}
	fmt.Fprintf(stdout, "%s: list %q version %d, %d rumors, %d wild texts, %d on-topic negatives, %d groups of equivalents, no problems\n",
		dir, l.Name, l.Version, len(l.Rumors), len(src.Wild), len(src.Negatives), groups)
	return nil
}

func runTest(args []string, stdout, stderr io.Writer) error {
	fs := flags("test", stderr)
	withCorpus := fs.Bool("corpus", false, "also scan the background corpus (installed by scripts/setup); nothing may match")
	root := fs.String("root", ".", "repository root, where the corpus is installed")
	l, _, err := parseSources(fs, args)
	if err != nil {
		return err
	}
	m, err := match.Compile(l, match.Options{})
	if err != nil {
		return err
	}
	var fails, siblings []string
	examples := 0
	// A text noted only as a sibling of its rumor is found: one post gets
	// one note per family, and the sibling whose phrases cover more of the
	// text keeps it (chains of one family share whole paragraphs). Said,
	// so a maintainer sees which lines the family shares.
	fam := families(l)
	check := func(r rumorlist.Rumor, i int, text, what string, fail string) {
		if found(m.Scan(text), i, match.Matches) {
			return
		}
		for _, id := range slices.Sorted(maps.Keys(notedAs(m, fam, r.ID, text))) {
			if id != r.ID {
				siblings = append(siblings, fmt.Sprintf("%s: %s noted as its sibling %s, whose phrases cover more of it: %q", r.ID, what, id, clip(text, 100)))
				return
			}
		}
		fails = append(fails, fail)
	}
	for i, r := range l.Rumors {
		for _, e := range r.MustMatch {
			examples++
			check(r, i, e.Text, "must-match example", fmt.Sprintf("%s: must match but does not: %q", r.ID, e.Text))
		}
		// A phrase the matcher cannot find even as it is written protects
		// nobody: usually a fragment cut mid-sentence, or too few content
		// words to reach the warning tier.
		for _, ps := range r.Phrases {
			for _, t := range ps.Texts {
				check(r, i, t, "phrase ("+ps.Lang+")", fmt.Sprintf("%s: phrase (%s) is not found even verbatim: make it a whole sentence with at least six content words, or remove it: %q", r.ID, ps.Lang, t))
			}
		}
		for _, e := range r.MustNotMatch {
			examples++
			for _, x := range m.Scan(e.Text) {
				fails = append(fails, fmt.Sprintf("%s: must not match, but %s %s (score %.2f) on %q", r.ID, x.Tier, x.ID, x.Score, e.Text[x.Start:x.End]))
			}
		}
	}
	fmt.Fprintf(stdout, "%d rumors, %d examples\n", len(l.Rumors), examples)
	for _, x := range siblings {
		fmt.Fprintln(stdout, x)
	}
	if *withCorpus {
		docs, err := corpus.Load(*root)
		if err != nil {
			return err
		}
		words := 0
		for _, d := range docs {
			words += len(strings.Fields(d.Text))
			for _, x := range m.Scan(d.Text) {
				fails = append(fails, fmt.Sprintf("%s: fires on ordinary text %s (%s, score %.2f): %q", x.ID, d.Name, x.Tier, x.Score, d.Text[x.Start:x.End]))
			}
		}
		fmt.Fprintf(stdout, "background corpus: %d documents, %d words\n", len(docs), words)
	}
	if len(fails) > 0 {
		return failure{fmt.Errorf("%s\n%d failure(s)", strings.Join(fails, "\n"), len(fails))}
	}
	fmt.Fprintln(stdout, "all pass")
	return nil
}

func found(ms []match.Match, rumor int, tier match.Tier) bool {
	for _, x := range ms {
		if x.Rumor == rumor && x.Tier >= tier {
			return true
		}
	}
	return false
}

func runBuild(args []string, stdout, stderr io.Writer) error {
	fs := flags("build", stderr)
	out := fs.String("out", "", "where to write the encoded list")
	version := fs.Uint64("version", 0, "override the version in list.yaml")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"-out is required"}
	}
	dir, err := dirArg(fs)
	if err != nil {
		return err
	}
	l, err := loadSources(dir)
	if err != nil {
		return err
	}
	if *version != 0 {
		if err := rumorlist.CheckVersion(*version); err != nil {
			return usageError{"-version: " + err.Error()}
		}
		l.Version = *version
	}
	// Clients compare versions as JavaScript numbers: one above 2^53−1
	// would be refused everywhere, and would leave no higher one to publish.
	if err := rumorlist.CheckVersion(l.Version); err != nil {
		return failure{fmt.Errorf("%s: %w", filepath.Join(dir, "list.yaml"), err)}
	}
	b, err := l.Encode(nil)
	if err != nil {
		return err
	}
	if err := writeAtomic(*out, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built %s: list %q version %d, %d rumors, %d bytes\n", *out, l.Name, l.Version, len(l.Rumors), len(b))
	return nil
}

func runKeygen(args []string, stdout, stderr io.Writer) error {
	fs := flags("keygen", stderr)
	out := fs.String("out", "", "path prefix: writes PREFIX.key and PREFIX.pub")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"-out is required"}
	}
	if _, err := os.Stat(*out + ".key"); err == nil {
		return fmt.Errorf("%s.key exists: refusing to overwrite a key (move it away first)", *out)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(*out+".key", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(rumorlist.FormatPrivateKey(priv)); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(*out+".pub", []byte(rumorlist.FormatPublicKey(pub)+"\n"), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "key %s: private key in %s.key (keep it secret), public key in %s.pub\n", rumorlist.KeyID(pub), *out, *out)
	return nil
}

func readPrivateKey(path string) (ed25519.PrivateKey, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s is readable by others (mode %v): chmod 600 %s", path, info.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return rumorlist.ParsePrivateKey(string(b))
}

func runSign(args []string, stdout, stderr io.Writer) error {
	fs := flags("sign", stderr)
	keyPath := fs.String("key", "", "private key file (from rumorctl keygen)")
	in := fs.String("in", "", "encoded list (from rumorctl build)")
	out := fs.String("out", "", "signed list to write; the manifest goes to OUT.manifest.json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *keyPath == "" || *in == "" || *out == "" {
		return usageError{"-key, -in and -out are required"}
	}
	priv, err := readPrivateKey(*keyPath)
	if err != nil {
		return err
	}
	list, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	if _, err := rumorlist.Decode(list); err != nil {
		return failure{fmt.Errorf("%s: %w", *in, err)}
	}
	signed, err := rumorlist.Sign(list, priv)
	if err != nil {
		return err
	}
	m, err := rumorlist.NewManifest(signed, priv)
	if err != nil {
		return err
	}
	mj, _ := json.MarshalIndent(m, "", "  ")
	if err := writeAtomic(*out, signed, 0o644); err != nil {
		return err
	}
	if err := writeAtomic(*out+".manifest.json", append(mj, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "signed %s with key %s: list %q version %d, sha256 %s\n", *out, m.KeyID, m.List, m.Version, m.SHA256)
	return nil
}

func readKeyring(path string) (rumorlist.Keyring, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	k, err := rumorlist.ParseKeyring(string(b))
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	if len(k) == 0 {
		return nil, "", fmt.Errorf("%s: no public keys", path)
	}
	return k, string(b), nil
}

func runVerify(args []string, stdout, stderr io.Writer) error {
	fs := flags("verify", stderr)
	keysPath := fs.String("keys", "", "trusted public keys, one per line")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *keysPath == "" || fs.NArg() != 1 {
		return usageError{"give -keys and one signed list"}
	}
	keys, _, err := readKeyring(*keysPath)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	l, raw, err := rumorlist.Open(b, keys)
	if err != nil {
		return failure{fmt.Errorf("%s: %w", fs.Arg(0), err)}
	}
	fmt.Fprintf(stdout, "%s: good signature; list %q version %d, %d rumors, %d bytes\n", fs.Arg(0), l.Name, l.Version, len(l.Rumors), len(raw))
	return nil
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := flags("check", stderr)
	listPath := fs.String("list", DefaultList, "list sources (a directory) or a signed list")
	keysPath := fs.String("keys", "", "public keys to verify a signed -list with")
	if err := parse(fs, args); err != nil {
		return err
	}
	var l *rumorlist.List
	if info, err := os.Stat(*listPath); err != nil {
		return fmt.Errorf("list %s: %w", *listPath, err)
	} else if info.IsDir() {
		if l, err = loadSources(*listPath); err != nil {
			return err
		}
	} else {
		if *keysPath == "" {
			return usageError{"a signed -list needs -keys to verify it"}
		}
		keys, _, err := readKeyring(*keysPath)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(*listPath)
		if err != nil {
			return err
		}
		if l, _, err = rumorlist.Open(b, keys); err != nil {
			return failure{fmt.Errorf("%s: %w", *listPath, err)}
		}
	}
	m, err := match.Compile(l, match.Options{})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	scan := func(name string, r io.Reader) error {
		b, err := io.ReadAll(r)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		text := string(b)
		for _, x := range m.Scan(text) {
			if err := enc.Encode(checkResult{File: name, Rumor: x.ID, Score: round3(x.Score), Start: x.Start, End: x.End,
				Text: text[x.Start:x.End], Tier: x.Tier.String(), Debunked: x.Debunked}); err != nil {
				return err
			}
		}
		return nil
	}
	if fs.NArg() == 0 {
		return scan("-", os.Stdin)
	}
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		err = scan(name, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// checkResult is one line of rumorctl check's output (DESIGN.md).
type checkResult struct {
	File     string  `json:"file"`
	Rumor    string  `json:"rumor"`
	Score    float64 `json:"score"`
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Text     string  `json:"text"`
	Tier     string  `json:"tier"`
	Debunked bool    `json:"debunked"`
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// writeAtomic writes via a temporary file and rename, so a crash never leaves
// half a list behind.
func writeAtomic(path string, b []byte, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
