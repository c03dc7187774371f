package main

import (
	"archive/zip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree writes a minimal extension: files maps paths to contents.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodManifest = `{
  "icons": {"16": "icons/16.png"},
  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
  "content_scripts": [{"js": ["shared/messages.js", "content.js"]}],
  "action": {"default_popup": "popup/popup.html"},
  "options_ui": {"page": "options/options.html"},
  "browser_specific_settings": {"gecko": {"id": "x@example.invalid", "data_collection_permissions": {"required": ["none"]}}}
}`

func goodFiles() map[string]string {
	return map[string]string{
		"icons/16.png": "png", "bg.js": "", "shared/messages.js": "", "content.js": "",
		"popup/popup.html": `<link rel="stylesheet" href="popup.css"><script src="../shared/messages.js"></script><script type="module" src="popup.js"></script><a href="../privacy/privacy.html">`,
		"popup/popup.css":  "", "popup/popup.js": "",
		"options/options.html": `<script type="module" src="options.js"></script>`, "options/options.js": "",
		"privacy/privacy.html": `<script src="privacy.js"></script>`, "privacy/privacy.js": "",
	}
}

func TestStoreReady(t *testing.T) {
	tests := []struct {
		name    string
		target  string
		edit    func(m map[string]any, files map[string]string)
		wantErr string
	}{
		{name: "firefox ok", target: "firefox"},
		{name: "chrome ok", target: "chrome"},
		{name: "no data collection declared", target: "firefox", edit: func(m map[string]any, _ map[string]string) {
			delete(m["browser_specific_settings"].(map[string]any)["gecko"].(map[string]any), "data_collection_permissions")
		}, wantErr: "data_collection_permissions"},
		{name: "chrome does not need gecko settings", target: "chrome", edit: func(m map[string]any, _ map[string]string) {
			delete(m, "browser_specific_settings")
		}},
		{name: "no gecko id", target: "firefox", edit: func(m map[string]any, _ map[string]string) {
			delete(m["browser_specific_settings"].(map[string]any)["gecko"].(map[string]any), "id")
		}, wantErr: "gecko.id"},
		{name: "no privacy statement", target: "chrome", edit: func(_ map[string]any, f map[string]string) {
			delete(f, "privacy/privacy.html")
		}, wantErr: "privacy/privacy.html"},
		{name: "popup loads a missing script", target: "chrome", edit: func(_ map[string]any, f map[string]string) {
			delete(f, "popup/popup.js")
		}, wantErr: "popup/popup.js"},
		{name: "content script missing", target: "firefox", edit: func(_ map[string]any, f map[string]string) {
			delete(f, "shared/messages.js")
		}, wantErr: "shared/messages.js"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal([]byte(goodManifest), &m); err != nil {
				t.Fatal(err)
			}
			files := goodFiles()
			if tc.edit != nil {
				tc.edit(m, files)
			}
			err := storeReady(tree(t, files), tc.target, m)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one naming %q", err, tc.wantErr)
			}
		})
	}
}

// TestPermissionsPerBrowser: the offscreen permission (the document that
// keeps the core in Chromium) goes to the Chrome package only; Firefox has
// no offscreen documents and would warn about it.
func TestPermissionsPerBrowser(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal([]byte(goodManifest), &m); err != nil {
		t.Fatal(err)
	}
	m["permissions"] = []any{"storage", "offscreen"}
	files := goodFiles()
	for _, f := range []string{"core/core.wasm", "core/wasm_exec.js", "lists/default.rgl", "lists/publishers.pub"} {
		files[f] = "x"
	}
	raw, _ := json.Marshal(m)
	files["manifest.json"] = string(raw)
	src, out := tree(t, files), t.TempDir()
	if err := run(src, out); err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]string{"chrome": "storage offscreen", "firefox": "storage"} {
		zr, err := zip.OpenReader(filepath.Join(out, "rumorguard-"+target+".zip"))
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		f, err := zr.Open("manifest.json")
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Permissions []string }
		if err := json.NewDecoder(f).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got.Permissions, " ") != want {
			t.Errorf("%s permissions %v, want %s", target, got.Permissions, want)
		}
	}
}
