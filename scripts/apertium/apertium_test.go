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
	got, err := Translate(context.Background(), "es", "pt", slices.Clone(in), nil)
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
	two, err := Translate(context.Background(), "en", "it", []string{"Do not open the video, it hacks your phone."}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.ToLower(two[0]), "video") || strings.Contains(strings.ToLower(two[0]), "phone") {
		t.Errorf("en>es>it: %q, want Italian", two[0])
	}
	if _, err := Translate(context.Background(), "nl", "es", in, nil); err == nil {
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
	out, err := Translate(context.Background(), "es", "pt", []string{"Mañana empieza la nueva regla de Facebook."}, nil)
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

// A kept name comes back as written where the text capitalizes it, however
// Apertium would translate it, and the same word in lower case still
// translates: "meta" is Spanish for "goal" (which this Apertium renders as
// "dip").
func TestTranslateKeepsNames(t *testing.T) {
	in := []string{
		"Adiós Meta AI. No doy permiso a META ni a Messenger para usar mis fotos.",
		"Nuestra meta es avisar a todos los contactos de Messenger.",
		"Si recibes un mensaje para actualizar a Whatsapp Gold, no hagas clic.",
	}
	keep := []string{"Meta", "Messenger", "WhatsApp Gold"}
	got, err := Translate(context.Background(), "es", "en", slices.Clone(in), keep)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]string{{"Meta AI", "META", "Messenger"}, {"Messenger"}, {"Whatsapp Gold"}} {
		for _, w := range want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%q -> %q, want it to contain %q", in[i], got[i], w)
			}
		}
		if i == 1 && strings.Contains(got[i], "meta") {
			t.Errorf("%q -> %q: the lower-case word was kept", in[i], got[i])
		}
		if strings.Contains(strings.ToLower(got[i]), "qzx") {
			t.Errorf("%q -> %q: a placeholder was left", in[i], got[i])
		}
	}
	// Without the names Apertium's dictionary wins: what the list keeps them for.
	plain, err := Translate(context.Background(), "es", "en", slices.Clone(in[:1]), nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain[0], "Meta AI") && strings.Contains(plain[0], "Messenger") {
		t.Errorf("without kept names %q -> %q: Apertium no longer translates the names, so this test shows nothing", in[0], plain[0])
	}
}

func TestProtectRestore(t *testing.T) {
	names := keepPattern([]string{"Meta", "WhatsApp Gold", "Channel 13 News"})
	for _, tc := range []struct {
		in, masked string
		kept       []string
	}{
		{"Goodbye Meta AI", "Goodbye Qzxkeepa AI", []string{"Meta"}},
		{"META, Meta and meta", "Qzxkeepa, Qzxkeepb and meta", []string{"META", "Meta"}},
		{"Metaverse and Meta.", "Metaverse and Qzxkeepa.", []string{"Meta"}},
		{"Update to WhatsApp Gold now (Channel 13 News said)", "Update to Qzxkeepa now (Qzxkeepb said)", []string{"WhatsApp Gold", "Channel 13 News"}},
		{"Meta Meta", "Qzxkeepa Qzxkeepb", []string{"Meta", "Meta"}},
		{"nothing to keep", "nothing to keep", nil},
	} {
		masked, kept := protect(tc.in, names)
		if masked != tc.masked || !slices.Equal(kept, tc.kept) {
			t.Errorf("protect(%q) = %q, %q; want %q, %q", tc.in, masked, kept, tc.masked, tc.kept)
		}
		if back := restore(masked, kept); back != tc.in {
			t.Errorf("restore(%q) = %q, want %q", masked, back, tc.in)
		}
	}
	// Placeholders count on past z; one Apertium dropped stays missing,
	// and case it changed does not matter.
	if p := placeholderFor(27); p != "Qzxkeepbb" {
		t.Errorf("placeholderFor(27) = %q", p)
	}
	if got := restore("QZXKEEPB y qzxkeepa", []string{"Meta", "Messenger"}); got != "Messenger y Meta" {
		t.Errorf("restore = %q", got)
	}
}

// The Spanish (or Catalan) Apertium writes from English addresses the
// reader as the circulated chains of the route's last language do: tú in
// Spanish and Italian, você in Portuguese, vous in French (vosotros, as
// before). Both routes to Italian, Portuguese and French are checked.
func TestAddressForms(t *testing.T) {
	in := []string{"Do not open it, it will hack your phone. If you receive it, you must share this with your friends."}
	it := []string{"tuo telefono", "tuoi amici"}
	pt := []string{"seu telefone", "seus amigos"}
	fr := []string{"votre téléphone", "vos amis"}
	for _, tc := range []struct {
		via       string
		want, not []string
	}{
		{"en>es", []string{"tu teléfono", "tus amigos", "tienes"}, []string{"vuestr", "tenéis"}},
		{"en>es>it", it, []string{"vostr"}},
		{"en>ca>it", it, []string{"vostr"}},
		{"en>es>pt", pt, []string{"voss", "teu"}},
		{"en>ca>pt", pt, []string{"voss", "teu"}},
		{"en>es>fr", fr, []string{"ton téléphone"}},
		{"en>ca>fr", fr, []string{"ton téléphone"}},
	} {
		got, err := TranslateVia(context.Background(), tc.via, in, nil)
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(got[0])
		for _, w := range tc.want {
			if !strings.Contains(low, w) {
				t.Errorf("%s: %q, want %q in it", tc.via, got[0], w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(low, n) {
				t.Errorf("%s: %q, want no %q", tc.via, got[0], n)
			}
		}
	}
	for pivot, forms := range addressRules {
		for form, rules := range forms {
			for _, r := range rules {
				if strings.Contains(r, "|") {
					t.Errorf("rule %q of %s %s has a |, which Apertium's mode runner splits the pipeline at", r, pivot, form)
				}
			}
		}
	}
}

// The second route, through Catalan, exists between the languages that have
// a Catalan pair and not where Spanish is an end.
func TestCatalanRoute(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     []string
	}{
		{"en", "fr", []string{"en>es>fr", "en>ca>fr"}},
		{"pt", "it", []string{"pt>es>it", "pt>ca>it"}},
		{"fr", "en", []string{"fr>es>en", "fr>ca>en"}},
		{"en", "es", []string{"en>es"}},
		{"es", "pt", []string{"es>pt"}},
		{"nl", "fr", nil},
		{"en", "ca", nil},
	} {
		if got := Vias(tc.from, tc.to); !slices.Equal(got, tc.want) {
			t.Errorf("Vias(%s, %s) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
	if _, err := TranslateVia(context.Background(), "en>nl>fr", []string{"Do not open it."}, nil); err == nil {
		t.Error("en>nl>fr has no pair, but TranslateVia did not say so")
	}
}
