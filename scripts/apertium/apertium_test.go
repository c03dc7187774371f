package apertium

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestRoute(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     []string
		via      string
	}{
		{"en", "es", []string{"eng-spa"}, "en>es"},
		{"es", "it", []string{"spa-ita"}, "es>it"},
		{"en", "pt", []string{"eng-spa", "es-pt"}, "en>es>pt"},
		{"it", "fr", []string{"ita-spa", "es-fr"}, "it>es>fr"},
		{"nl", "es", nil, ""},
		{"es", "de", nil, ""},
		{"es", "es", nil, ""},
	} {
		got := Route(tc.from, tc.to)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Route(%s, %s) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
		if tc.via != "" && Via(tc.from, tc.to) != tc.via {
			t.Errorf("Via(%s, %s) = %q, want %q", tc.from, tc.to, Via(tc.from, tc.to), tc.via)
		}
	}
}

// Many texts go through one apertium run per step and come back one for
// one, in order; a text with several sentences and line breaks stays one
// text, and a hashtag or an address stays as written.
func TestTranslate(t *testing.T) {
	in := []string{
		"Mañana empieza la nueva regla de Facebook.",
		"No abras el vídeo.\nBorra el mensaje. Compártelo con tus contactos.",
		"Marca #90 y te roban la línea.",
		"Escribe a info@example.org ahora mismo.",
	}
	got, err := Translate(context.Background(), "es", "pt", slices.Clone(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"amanhã", "vídeo", "#90", "info@example.org"}
	if len(got) != len(in) {
		t.Fatalf("%d texts in, %d out: %q", len(in), len(got), got)
	}
	for i, w := range want {
		if !strings.Contains(strings.ToLower(got[i]), w) || strings.Contains(got[i], "\n") {
			t.Errorf("text %d: %q -> %q, want one line containing %q", i, in[i], got[i], w)
		}
	}
	two, err := Translate(context.Background(), "en", "it", []string{"Do not open the video, it hacks your phone."})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.ToLower(two[0]), "video") || strings.Contains(strings.ToLower(two[0]), "phone") {
		t.Errorf("en>es>it: %q, want Italian", two[0])
	}
	if _, err := Translate(context.Background(), "nl", "es", in); err == nil {
		t.Error("Dutch has no pair, but Translate did not say so")
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ src, out, want string }{
		{"Dial now.", "Marca #ahora.", "Marca ahora."},
		{"Dial now.", "(@abrir) el vídeo", "(abrir) el vídeo"},
		{"Dial #90 now.", "Marca #90 ahora.", "Marca #90 ahora."},
		{"Mail a@b.org", "Escribe a@b.org", "Escribe a@b.org"},
	} {
		if got := clean(tc.src, tc.out); got != tc.want {
			t.Errorf("clean(%q, %q) = %q, want %q", tc.src, tc.out, got, tc.want)
		}
	}
}

func ExampleTranslate() {
	out, err := Translate(context.Background(), "es", "pt", []string{"Mañana empieza la nueva regla de Facebook."})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out[0])
	// Output: Amanhã começa a nova regra de Facebook.
}

// scripts/setup installs what a translation needs.
func TestSetupInstallsPackages(t *testing.T) {
	b, err := os.ReadFile("../setup")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Packages {
		if !strings.Contains(string(b), " "+p+" ") && !strings.Contains(string(b), " "+p+";") {
			t.Errorf("scripts/setup does not install %s", p)
		}
	}
}
