// Command package zips the built extension for the stores: one zip for the
// Chrome Web Store (background.service_worker only) and one for Firefox
// Add-ons (background.scripts only), from the one source tree in extension/.
// Run scripts/build first; it puts the wasm core and the signed list in place.
//
//	go run ./scripts/package [-out dist]
package main

import (
	"archive/zip"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	out := flag.String("out", "dist", "output directory")
	src := flag.String("src", "extension", "extension source directory")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "package:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	for _, f := range []string{"core/core.wasm", "core/wasm_exec.js", "lists/default.rgl", "lists/publishers.pub"} {
		if _, err := os.Stat(filepath.Join(src, f)); err != nil {
			return fmt.Errorf("%s/%s is missing: run scripts/build first", src, f)
		}
	}
	raw, err := os.ReadFile(filepath.Join(src, "manifest.json"))
	if err != nil {
		return err
	}
	for _, target := range []string{"chrome", "firefox"} {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return fmt.Errorf("manifest.json: %w", err)
		}
		bg := m["background"].(map[string]any)
		if target == "chrome" {
			delete(bg, "scripts")
			delete(m, "browser_specific_settings")
		} else {
			delete(bg, "service_worker")
		}
		manifest, _ := json.MarshalIndent(m, "", "  ")
		path := filepath.Join(out, "rumorguard-"+target+".zip")
		if err := write(path, src, manifest); err != nil {
			return err
		}
		info, _ := os.Stat(path)
		fmt.Printf("%s: %d bytes\n", path, info.Size())
	}
	return nil
}

func write(path, src string, manifest []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var files []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel, _ := filepath.Rel(src, p)
		if rel != "manifest.json" {
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	add := func(name string, b []byte) error {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	}
	if err := add("manifest.json", manifest); err != nil {
		return err
	}
	for _, name := range files {
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		if err := add(name, b); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}
