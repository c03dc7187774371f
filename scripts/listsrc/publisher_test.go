package listsrc

import "testing"

func TestPublisherKey(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"https://www.mimikama.org/x", "https://mimikama.at/y"},
		{"https://www.francetvinfo.fr/a", "https://france3-regions.francetvinfo.fr/b"},
		{"https://hoax-slayer.com/a", "https://www.hoax-slayer.net/b"},
		{"https://g1.globo.com/a", "https://oglobo.globo.com/b"},
		{"https://www.bbc.co.uk/news/a", "https://bbc.co.uk/b"},
		{"https://urbanlegends.about.com/od/x", "https://www.liveabout.com/y"},
		{"https://www.hoaxwijzer.be/a", "https://hoax-wijzer.be/b"},
	} {
		if PublisherKey(c.a) != PublisherKey(c.b) {
			t.Errorf("%s and %s: publishers %q and %q, want one", c.a, c.b, PublisherKey(c.a), PublisherKey(c.b))
		}
	}
	for _, c := range []struct{ a, b string }{
		{"https://runolfr.blogspot.com/a", "https://boringest.blogspot.com/b"},
		{"https://www.snopes.com/a", "https://www.politifact.com/b"},
		{"https://www.bbc.co.uk/a", "https://www.itv.co.uk/b"},
	} {
		if PublisherKey(c.a) == PublisherKey(c.b) {
			t.Errorf("%s and %s: both publisher %q, want two", c.a, c.b, PublisherKey(c.a))
		}
	}
}
