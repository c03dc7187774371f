package listsrc

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// domainRE is a lower-case host name of at least two labels, no scheme, path
// or port: what a fact-checker entry names.
var domainRE = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// loadFactCheckers reads factcheckers.yaml, a YAML list of {domain, name,
// source}. The file is optional; every entry needs a domain in host syntax and
// the http(s) URL of the public record that names it a fact-checker.
func loadFactCheckers(dir string, ps *Problems) []rumorlist.FactChecker {
	path := filepath.Join(dir, "factcheckers.yaml")
	root := parseOptional(path, ps)
	if root == nil {
		return nil
	}
	if root.Kind != yaml.SequenceNode {
		ps.add(path, root, "factcheckers", "want a list of entries (- domain: …, name: …, source: …)")
		return nil
	}
	var out []rumorlist.FactChecker
	seen := map[string]int{}
	for i, n := range root.Content {
		where := fmt.Sprintf("[%d]", i)
		f := fields(path, n, where, []string{"domain", "name", "source"}, ps)
		if f == nil {
			continue
		}
		domain, dn := scalar(path, f, "domain", where, true, ps, n)
		name, _ := scalar(path, f, "name", where, true, ps, n)
		source, sn := scalar(path, f, "source", where, true, ps, n)
		ok := true
		if domain != "" && !domainRE.MatchString(domain) {
			ps.add(path, dn, join(where, "domain"), fmt.Sprintf("%q is not a domain: write the host alone in lower case, without scheme, path or port (correctiv.org)", domain))
			ok = false
		}
		if prev, dup := seen[domain]; dup && domain != "" {
			ps.add(path, dn, join(where, "domain"), fmt.Sprintf("%q is also entry [%d]: keep one", domain, prev))
			ok = false
		}
		if source != "" {
			if u, err := url.Parse(source); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				ps.add(path, sn, join(where, "source"), fmt.Sprintf("%q is not an http(s) URL: give the address of the public record that names this publisher a fact-checker", source))
				ok = false
			}
		}
		if ok && domain != "" && name != "" && source != "" {
			seen[domain] = i
			out = append(out, rumorlist.FactChecker{Domain: domain, Name: strings.TrimSpace(name), Source: source})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Domain < out[j].Domain })
	return out
}
