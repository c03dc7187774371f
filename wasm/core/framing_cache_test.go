package core

import (
	"reflect"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/framing"
)

// samePage must see a change in every field of framing.Page: a field it
// missed would hand one page another page's decision. This fails when Page
// gains a field samePage does not compare.
func TestSamePageSeesEveryField(t *testing.T) {
	base := framing.Page{Meta: []string{"a"}, Types: []string{"b"}, Rating: []string{"c"}}
	if !samePage(base, base) {
		t.Fatal("a page differs from itself")
	}
	typ := reflect.TypeOf(base)
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		p := base
		v := reflect.ValueOf(&p).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString("changed")
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Slice:
			v.Set(reflect.ValueOf([]string{"changed"}))
		default:
			t.Fatalf("framing.Page.%s is a %s: teach samePage and this test about it", f.Name, v.Kind())
		}
		if samePage(base, p) {
			t.Errorf("samePage misses a change of %s", f.Name)
		}
	}
}

// The cached page decision is the decision: the same page asked again, with
// other sections, decides as a core that never saw it; the Reasons it hands
// out are the caller's own.
func TestFramingCachesThePageOnly(t *testing.T) {
	page := framing.Page{URL: "https://example.org/a", Lang: "en", Title: "Fact check: no, it is not true",
		Headline: "Fact check: no, it is not true", Lead: "The viral message is false.", Body: "A message says something. It is false."}
	quoted := []framing.Section{framing.SectionOf("", "The message says: ", ". This is false.", false, false)}
	spread := []framing.Section{framing.SectionOf("", "Share this now! ", " Send it to everyone!", false, false)}
	tests := []struct {
		name     string
		sections []framing.Section
	}{{"first", quoted}, {"same page, other section", spread}, {"same page, both", append(append([]framing.Section{}, quoted...), spread...)}}
	c := &Core{}
	for _, tt := range tests {
		got := c.Framing(page, tt.sections, nil)
		want := (&Core{}).Framing(page, tt.sections, nil)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, a fresh core decides %+v", tt.name, got, want)
		}
		if len(got.Reasons) > 0 {
			got.Reasons[0] = "changed by the caller"
		}
	}
	other := page
	other.Title, other.Headline, other.Lead = "Council news", "The council met", "Roads and schools."
	if got, want := c.Framing(other, quoted, nil), (&Core{}).Framing(other, quoted, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("another page: %+v, a fresh core decides %+v", got, want)
	}
}
