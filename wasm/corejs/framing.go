//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/rumorguard/rumorguard/wasm/core"
	"github.com/rumorguard/rumorguard/wasm/framing"
)

// framingJS decides a page and its match sections from the plain objects
// extension/content/signals.js builds (see its page() and section()):
//
//	page:     {url, lang, title, kicker, headline, lead, headings, body, meta[], types[], rating[]}
//	sections: [{prev, before, after, whole, quoteElement, rumor, block}]
//	earlier:  [{rumor, block, quiet}]  the page's marks framed before (optional)
//
// and returns {ok, factCheck, score, reasons[], quiet[], earlier[]}: earlier
// says, per earlier mark, whether it is quiet now. Missing or
// mistyped fields count as empty: a page's markup is never trusted to be
// well formed.
func framingJS(args []js.Value) any {
	page, sections := js.Undefined(), js.Undefined()
	if len(args) > 1 {
		sections = args[1]
	}
	if len(args) > 0 {
		page = args[0]
	}
	p := framing.Page{
		URL: str(page, "url"), Lang: str(page, "lang"), Title: str(page, "title"), Kicker: str(page, "kicker"),
		Headline: str(page, "headline"), Lead: str(page, "lead"), Headings: str(page, "headings"), Body: str(page, "body"),
		Meta: strs(page, "meta"), Types: strs(page, "types"), Rating: strs(page, "rating"),
	}
	var ss []framing.Section
	var at []framing.Place
	placed := true
	if isArray(sections) {
		for i, n := 0, min(sections.Length(), 1000); i < n; i++ {
			s := sections.Index(i)
			ss = append(ss, framing.SectionOf(str(s, "prev"), str(s, "before"), str(s, "after"), boolean(s, "whole"), boolean(s, "quoteElement")))
			r, rok := num(s, "rumor")
			b, bok := num(s, "block")
			placed = placed && rok && bok
			at = append(at, framing.Place{Rumor: r, Block: b})
		}
	}
	if !placed {
		at = nil
	}
	var earlier []core.Earlier
	if len(args) > 2 && isArray(args[2]) {
		for i, n := 0, min(args[2].Length(), 2000); i < n; i++ {
			e := args[2].Index(i)
			r, rok := num(e, "rumor")
			b, bok := num(e, "block")
			if rok && bok {
				earlier = append(earlier, core.Earlier{Place: framing.Place{Rumor: r, Block: b}, Quiet: boolean(e, "quiet")})
			} else {
				earlier = append(earlier, core.Earlier{Place: framing.Place{Rumor: -1, Block: -1 << 20}})
			}
		}
	}
	var f core.Framing
	if c != nil {
		f = c.FramingAfter(p, ss, at, earlier)
	} else {
		f = (&core.Core{}).FramingAfter(p, ss, at, earlier)
	}
	reasons := make([]any, len(f.Reasons))
	for i, r := range f.Reasons {
		reasons[i] = r
	}
	quiet := make([]any, len(f.Quiet))
	for i, q := range f.Quiet {
		quiet[i] = q
	}
	later := make([]any, len(f.Earlier))
	for i, q := range f.Earlier {
		later[i] = q
	}
	return map[string]any{"ok": true, "factCheck": f.FactCheck, "score": f.Score, "reasons": reasons, "quiet": quiet, "earlier": later}
}

func isObject(v js.Value) bool { return v.Type() == js.TypeObject }

func isArray(v js.Value) bool {
	return isObject(v) && js.Global().Get("Array").Call("isArray", v).Bool()
}

func str(v js.Value, k string) string {
	if !isObject(v) {
		return ""
	}
	if x := v.Get(k); x.Type() == js.TypeString {
		return x.String()
	}
	return ""
}

func num(v js.Value, k string) (int, bool) {
	if !isObject(v) || v.Get(k).Type() != js.TypeNumber {
		return 0, false
	}
	return v.Get(k).Int(), true
}

func boolean(v js.Value, k string) bool {
	return isObject(v) && v.Get(k).Type() == js.TypeBoolean && v.Get(k).Bool()
}

func strs(v js.Value, k string) []string {
	if !isObject(v) {
		return nil
	}
	a := v.Get(k)
	if !isArray(a) {
		return nil
	}
	var out []string
	for i, n := 0, min(a.Length(), 200); i < n; i++ {
		if x := a.Index(i); x.Type() == js.TypeString {
			out = append(out, x.String())
		}
	}
	return out
}
