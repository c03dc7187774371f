// Command synthlist writes a signed list of the bundled rumors plus n
// synthetic ones (scripts/synth: a realistic list, synth.Varied, or with
// -dense the old one cut from one 600,000-word source), so a browser test can install a list of
// 10,000 or 100,000 rumors (and OUT.sha256, the SHA-256 of the encoded
// list, as the extension records it) and still find the bundled rumors' phrases on its
// fixture pages. The list is signed with the key given, which the extension
// built by scripts/build trusts when it is the development key.
//
//	go run ./scripts/benchmark/synthlist -n 10000 -version 7 -key .rumorguard/keys/publisher.key -out /tmp/l.rgl
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func main() {
	n := flag.Int("n", 10_000, "synthetic rumors to add to the bundled ones")
	version := flag.Uint64("version", 2, "the list's version")
	keyPath := flag.String("key", ".rumorguard/keys/publisher.key", "private key to sign with (rumorctl keygen)")
	out := flag.String("out", "", "where to write the signed list")
	dense := flag.Bool("dense", false, "the old dense synthetic list (synth.List) instead of the realistic one (synth.Varied)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "synthlist: -out is required")
		os.Exit(2)
	}
	if err := run(*n, *version, *keyPath, *out, *dense); err != nil {
		fmt.Fprintln(os.Stderr, "synthlist:", err)
		os.Exit(1)
	}
}

func run(n int, version uint64, keyPath, out string, dense bool) error {
	keyText, err := os.ReadFile(keyPath)
	if err != nil {
		return fmt.Errorf("read key (run scripts/build first): %w", err)
	}
	priv, err := rumorlist.ParsePrivateKey(string(keyText))
	if err != nil {
		return fmt.Errorf("key %s: %w", keyPath, err)
	}
	base, err := listsrc.Load("scripts/lists/default")
	if err != nil {
		return fmt.Errorf("bundled list: %w", err)
	}
	var l *rumorlist.List
	if dense {
		docs, err := corpus.Brown(corpus.BrownDir)
		if err != nil {
			return fmt.Errorf("Brown corpus (run scripts/setup): %w", err)
		}
		src, _ := synth.Split(docs)
		l = synth.List(n, src, 1)
	} else {
		v, err := synth.LoadVaried(".")
		if err != nil {
			return err
		}
		if l, err = v.List(n, 1); err != nil {
			return err
		}
	}
	l.Name, l.Version, l.Publisher = base.Name, version, base.Publisher
	l.Rumors = append(base.Rumors, l.Rumors...)
	enc, err := l.Encode(nil)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	signed, err := rumorlist.Sign(enc, priv)
	if err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	if err := os.WriteFile(out, signed, 0o644); err != nil {
		return err
	}
	// The extension keeps a list with the SHA-256 of its encoded bytes.
	sum := sha256.Sum256(enc)
	return os.WriteFile(out+".sha256", []byte(hex.EncodeToString(sum[:])), 0o644)
}
