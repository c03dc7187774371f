package listsrc

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// publisherAliases joins the names one publisher goes by: About.com's
// urban-legends pages moved to LiveAbout with the same texts, and Hoax-Wijzer
// writes its domain with and without the hyphen.
var publisherAliases = map[string]string{
	"liveabout":  "about",
	"hoaxwijzer": "hoax-wijzer",
}

// PublisherKey names who published a page, so the evaluation can leave out
// every phrase from that publisher, not only from that page: newsrooms copy
// their own quote across sections, sister sites and country domains. It is
// the registrable domain without its public suffix ("mimikama.org" and
// "mimikama.at" are one publisher, "france3-regions.francetvinfo.fr" is
// "francetvinfo"), which errs toward joining two publishers rather than
// letting one publisher's copy count as independent evidence. Blog hosts
// such as blogspot.com are public suffixes, so each blog stays its own.
func PublisherKey(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Hostname() == "" {
		return PageKey(s)
	}
	host := strings.ToLower(u.Hostname())
	site, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	suffix, _ := publicsuffix.PublicSuffix(site)
	name := strings.TrimSuffix(strings.TrimSuffix(site, suffix), ".")
	if a, ok := publisherAliases[name]; ok {
		return a
	}
	return name
}
