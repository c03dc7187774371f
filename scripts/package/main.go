// Command package zips the built extension for the stores: one zip for the
// Chrome Web Store (background.service_worker only) and one for Firefox
// Add-ons (background.scripts only), from the one source tree in extension/.
// Run scripts/build first; it puts the wasm core and the signed list in place.
// Before zipping it checks what the stores refuse or users would hit: files
// the manifest or an extension page names but the tree lacks, Firefox's
// data_collection_permissions, and the privacy statement.
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
	pathpkg "path"
	"path/filepath"
	"regexp"
	"slices"
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
			// Firefox has no offscreen documents: its event page runs the core itself.
			perms, _ := m["permissions"].([]any)
			m["permissions"] = slices.DeleteFunc(perms, func(p any) bool { return p == "offscreen" })
		}
		if err := storeReady(src, target, m); err != nil {
			return fmt.Errorf("%s package: %w", target, err)
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

// privacyPage is the privacy statement shipped inside the extension; options
// and the popup link to it, and store listings point to it.
const privacyPage = "privacy/privacy.html"

// storeReady checks one target's manifest m against the tree in src.
func storeReady(src, target string, m map[string]any) error {
	var missing []string
	need := func(rel string) {
		if rel == "" || strings.Contains(rel, "://") {
			return
		}
		if _, err := os.Stat(filepath.Join(src, filepath.FromSlash(strings.TrimPrefix(rel, "/")))); err != nil {
			missing = append(missing, rel)
		}
	}
	str := func(v any) string { s, _ := v.(string); return s }
	obj := func(v any) map[string]any { o, _ := v.(map[string]any); return o }
	list := func(v any) []any { l, _ := v.([]any); return l }
	for _, v := range obj(m["icons"]) {
		need(str(v))
	}
	bg := obj(m["background"])
	need(str(bg["service_worker"]))
	for _, v := range list(bg["scripts"]) {
		need(str(v))
	}
	for _, cs := range list(m["content_scripts"]) {
		for _, v := range list(obj(cs)["js"]) {
			need(str(v))
		}
		for _, v := range list(obj(cs)["css"]) {
			need(str(v))
		}
	}
	pages := []string{str(obj(m["action"])["default_popup"]), str(obj(m["options_ui"])["page"]), privacyPage}
	for _, p := range pages {
		need(p)
	}
	// What the extension's own pages load.
	for _, p := range pages {
		html, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(p)))
		if err != nil {
			continue // reported as missing above
		}
		for _, ref := range pageRefs(string(html)) {
			need(pathpkg.Join(pathpkg.Dir(p), ref))
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("missing in %s: %s (run scripts/build, or fix the reference)", src, strings.Join(missing, ", "))
	}
	if target == "firefox" {
		gecko := obj(obj(m["browser_specific_settings"])["gecko"])
		if str(gecko["id"]) == "" {
			return fmt.Errorf("manifest.json: browser_specific_settings.gecko.id is required by addons.mozilla.org")
		}
		if len(list(obj(gecko["data_collection_permissions"])["required"])) == 0 {
			return fmt.Errorf(`manifest.json: declare browser_specific_settings.gecko.data_collection_permissions.required (["none"] when nothing is collected); addons.mozilla.org requires it`)
		}
	}
	return nil
}

var refAttr = regexp.MustCompile(`<(?:script|link|img)\b[^>]*?\s(?:src|href)="([^"#?]+)"`)

// pageRefs returns the local files an extension page loads (scripts,
// stylesheets, images); links to other pages are not followed.
func pageRefs(html string) []string {
	var out []string
	for _, m := range refAttr.FindAllStringSubmatch(html, -1) {
		if !strings.Contains(m[1], ":") {
			out = append(out, m[1])
		}
	}
	return out
}
