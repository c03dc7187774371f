package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/listsrc"
)

// translate writes each collected phrase's translations into the list's
// other Apertium languages, through Spanish where needed, each counted as
// found on its phrase's page; -check passes on what it wrote and fails once
// a phrase changes, which validate then reports as stale.
func TestTranslate(t *testing.T) {
	const phrase = "An IT colleague has advised that a video will be launched tomorrow on WhatsApp called martinelli: do not open it, it hacks your phone and nothing will fix it."
	rumor := func(text string) string {
		return strings.Replace(goodRumor, "    - Every conversation. Every photo. Every voice message. Fed into AI.",
			"    - {text: \""+text+"\", from: 'https://example.org/post'}", 1)
	}
	dir := writeList(t, map[string]string{
		"list.yaml":              "name: t\npublisher: Test\nlanguages: [en, es, pt, nl]\nversion: 3\n",
		"rumors/good-rumor.yaml": rumor(phrase),
	})
	root := filepath.Join("..", "..")
	if code, _, stderr := rumorctl(t, "translate", "-root", root, dir); code != 0 {
		t.Fatalf("translate: exit %d: %s", code, stderr)
	}
	s, err := listsrc.LoadSources(dir)
	if err != nil {
		t.Fatal(err)
	}
	via := map[string][]string{}
	for _, o := range s.Origins["good-rumor"] {
		if o.Via == "" {
			continue
		}
		via[o.Lang] = append(via[o.Lang], o.Via)
		if o.From != "https://example.org/post" {
			t.Errorf("translation %q counts as found on %q, want the phrase's page", o.Text, o.From)
		}
		if o.Lang == "pt" && !strings.Contains(strings.ToLower(o.Text), "amanhã") {
			t.Errorf("Portuguese translation %q lacks amanhã (tomorrow)", o.Text)
		}
	}
	// Portuguese has a second route, through Catalan, whose translation is
	// kept unless it nearly repeats the first.
	if len(via) != 2 || !slices.Equal(via["es"], []string{"en>es"}) ||
		!slices.Equal(via["pt"], []string{"en>es>pt"}) && !slices.Equal(via["pt"], []string{"en>es>pt", "en>ca>pt"}) {
		t.Errorf("translations by language: %v, want es en>es, pt en>es>pt (and en>ca>pt) and no Dutch: Apertium has no pair", via)
	}
	if code, _, stderr := rumorctl(t, "translate", "-check", "-root", root, dir); code != 0 {
		t.Errorf("translate -check right after translate: exit %d: %s", code, stderr)
	}
	os.WriteFile(filepath.Join(dir, "rumors", "good-rumor.yaml"), []byte(rumor(strings.Replace(phrase, "tomorrow", "today", 1))), 0o644)
	if code, _, stderr := rumorctl(t, "translate", "-check", "-root", root, dir); code != exitFailed || !strings.Contains(stderr, "run `go run ./scripts/rumorctl translate`") {
		t.Errorf("translate -check after a phrase changed: exit %d: %s", code, stderr)
	}
	if code, _, stderr := rumorctl(t, "validate", dir); code != exitFailed || !strings.Contains(stderr, "translations.yaml") || !strings.Contains(stderr, "stale") {
		t.Errorf("validate after a phrase changed: exit %d: %s", code, stderr)
	}
}
