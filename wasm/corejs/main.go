//go:build js && wasm

// Command corejs is the Rumorguard core compiled to WebAssembly. It installs
// globalThis.rumorguardCore with a few batch calls and then waits:
//
//	init(keyring)            -> {ok, error}
//	load(bytes, minVersion[, manifestJSON])
//	                         -> {ok, name, version, created, rumors} or {ok:false, code, error};
//	                            with a manifest, only the signed list it describes loads
//	verifyManifest(manifestJSON, minVersion)     -> {ok, list, version, created, size, signedSize}
//	                            once its signature and version are checked, or as load
//	applyDelta(bytes, manifestJSON)              -> as load, plus list: the new list's bytes
//	loadManifested(list, manifestJSON, minVersion) -> as load, for a list kept with its manifest
//	scan(texts)              -> Uint8Array of little-endian int32, core.Fields per match;
//	                            texts is one string, the batch joined by "\u0000"
//	fieldNames               -> the name of each int32 of a match, in order, so
//	                            JavaScript decodes results by name, not position
//	framing(page, sections, earlier)
//	                         -> {ok, factCheck, score, reasons, quiet, earlier}: the page's
//	                            framing (fact-check or not), per match section whether it is
//	                            quiet, and per earlier mark of the page whether it is now
//	rumors()                 -> JSON of the rumors of the list in use
//	setSensitivity(s)        -> {ok, error}
//
// The stored index (wasm/core/index_store.go), so a restarted worker loads
// the list's index instead of verifying, decoding and indexing the list:
//
//	storedIndex()            -> {ok, index, notes: Uint8Array} of the list in use
//	                            (notes: core.StoredNotes, read by the extension itself)
//	loadStoredIndex(bytes, sha256, minVersion) -> as load; code "stale-index" or
//	                            "corrupt-index" when it must be rebuilt from the list
//	hasList()                -> whether the list itself is decoded
//	attachList(bytes)        -> {ok, error}: the list in use, for deltas and sensitivity
//	rumorsAt(indexes)        -> JSON of those rumors only (null each before attachList
//	                            after a stored index: the notes are then the extension's)
//	isSource(url)            -> whether url is a source of a rumor of the list
//
// Strings cross the boundary once per batch, results come back as one
// byte array: per-call overhead, not per-text overhead. A call that panics
// returns {ok:false, code:"panic", error} instead of ending the program.
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"syscall/js"
	"unsafe"

	"github.com/rumorguard/rumorguard/wasm/core"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

var (
	c     *core.Core
	buf   []int32
	texts []string
	out   []byte
)

func result(ok bool, err error) map[string]any {
	r := map[string]any{"ok": ok}
	if err != nil {
		r["error"] = err.Error()
		r["code"] = core.ErrorCode(err)
	}
	return r
}

func bytesOf(v js.Value) []byte {
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return b
}

var (
	encoder = js.Global().Get("TextEncoder").New()
	jsText  js.Value // kept between scans, zeroed after each
	goText  []byte
)

// keepTextBuffer is the largest batch whose buffers are kept for the next.
const keepTextBuffer = 4 << 20

// textArg returns the UTF-8 of the string v, in a buffer kept between
// calls: use it only until dropText. js.Value.String has
// TextEncoder.encode make a new array each call, which took 3.8-5.5 ms per
// MB in Chromium here (most of all when the text has a character past
// U+00FF, as most pages do), against 1.2-1.8 ms for encodeInto into an
// array kept between calls.
func textArg(v js.Value) string {
	if v.Type() != js.TypeString {
		return v.String()
	}
	w := 0
	for {
		if jsText.IsUndefined() {
			jsText = js.Global().Get("Uint8Array").New(1 << 20)
		}
		w = encoder.Call("encodeInto", v, jsText).Get("written").Int()
		// Less than four bytes left (a character takes at most four): the
		// text may not have fit.
		if n := jsText.Length(); w+4 <= n {
			break
		} else {
			jsText = js.Global().Get("Uint8Array").New(2 * n)
		}
	}
	if cap(goText) < w {
		goText = make([]byte, w)
	}
	goText = goText[:w]
	js.CopyBytesToGo(goText, jsText)
	jsText.Call("fill", 0, 0, w)
	if w > keepTextBuffer {
		jsText = js.Undefined()
	}
	// The text is read in place, not copied into a new string: with a
	// large list loaded the Go heap is large, so it collects rarely, and
	// each scan's 1 MB copy landed on memory the heap had to grow into
	// (node, 100,000 rumors: ~15% of the scan's CPU time in the copy, the
	// heap growth and the collector). The caller calls dropText when done.
	return unsafe.String(unsafe.SliceData(goText), len(goText))
}

// dropText zeroes the text textArg returned, which must not be used after:
// no page text is kept between batches, and no buffer of a rare huge batch
// is kept for good.
func dropText() {
	clear(goText)
	if len(goText) > keepTextBuffer {
		goText = nil
	}
}

// splitNUL splits the batch at NUL bytes. strings.Split counts the
// separators first: one pass instead of two over a batch.
func splitNUL(dst []string, s string) []string {
	for {
		i := indexNUL(s)
		if i < 0 {
			return append(dst, s)
		}
		dst = append(dst, s[:i])
		s = s[i+1:]
	}
}

// indexNUL is strings.IndexByte(s, 0), 64 bytes a turn while none is
// zero: Go's wasm IndexByte tests a byte a turn (~0.2 ms per MB in node,
// 2% of a scan of 1 MB at 1,000 rumors).
func indexNUL(s string) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	// hasZero is not zero when a byte of v is (it may mark bytes after the
	// first zero too, which does not matter here).
	hasZero := func(v uint64) uint64 { return (v - lo) &^ v & hi }
	i := 0
	for ; i+64 <= len(s); i += 64 {
		t := s[i : i+64]
		if hasZero(load64(t, 0))|hasZero(load64(t, 8))|hasZero(load64(t, 16))|hasZero(load64(t, 24))|
			hasZero(load64(t, 32))|hasZero(load64(t, 40))|hasZero(load64(t, 48))|hasZero(load64(t, 56)) != 0 {
			break
		}
	}
	if j := strings.IndexByte(s[i:], 0); j >= 0 {
		return i + j
	}
	return -1
}

// load64 reads eight bytes of s from i, little-endian; the compiler makes
// it one load.
func load64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// fieldNames names each core.Field* position, so the one definition of a
// result record (the constants in package core) is all JavaScript needs.
func fieldNames() []any {
	n := make([]any, core.Fields)
	n[core.FieldText] = "text"
	n[core.FieldRumor] = "rumor"
	n[core.FieldPhrase] = "phrase"
	n[core.FieldScore] = "score"
	n[core.FieldTier] = "tier"
	n[core.FieldStart] = "start"
	n[core.FieldEnd] = "end"
	n[core.FieldDebunked] = "debunked"
	for i, v := range n {
		if v == nil { // a field added to package core without a name here
			panic(fmt.Sprintf("corejs: core result field %d has no name", i))
		}
	}
	return n
}

func infoJS(info core.Info) map[string]any {
	return map[string]any{"ok": true, "name": info.Name, "version": float64(info.Version),
		"created": float64(info.Created), "rumors": info.Rumors, "indexMs": info.IndexMs, "sha256": info.ListSHA256}
}

// guard makes fn a JavaScript function that never ends the Go program: a
// panic (a bug, or an argument of the wrong type) becomes an error result
// {ok:false, code:"panic"}. Unrecovered, it would exit the program, and
// every later call, scans included, would fail until the extension
// restarted the core.
func guard(name string, fn func(args []js.Value) any) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) (res any) {
		defer func() {
			if r := recover(); r != nil {
				res = map[string]any{"ok": false, "code": "panic", "error": fmt.Sprintf("core %s failed: %v", name, r)}
			}
		}()
		return fn(args)
	})
}

// arg returns args[i], or undefined when the caller passed fewer.
func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// versionArg reads a minimum version: undefined or null for none (0),
// else a whole number in 0..rumorlist.MaxVersion.
func versionArg(v js.Value) (uint64, error) {
	if v.IsUndefined() || v.IsNull() {
		return 0, nil
	}
	if v.Type() != js.TypeNumber {
		return 0, fmt.Errorf("minimum version: want a number, got %s", v.Type())
	}
	f := v.Float()
	if f == 0 {
		return 0, nil
	}
	if f != math.Trunc(f) || f < 0 || f > rumorlist.MaxVersion {
		return 0, fmt.Errorf("minimum version %v: %w", f, rumorlist.ErrVersion)
	}
	return uint64(f), nil
}

var errNoInit = errors.New("call init first")

func main() {
	api := map[string]any{
		"init": guard("init", func(args []js.Value) any {
			cc, err := core.New(arg(args, 0).String())
			if err != nil {
				return result(false, err)
			}
			c = cc
			return result(true, nil)
		}),
		"load": guard("load", func(args []js.Value) any {
			if c == nil {
				return result(false, errNoInit)
			}
			min, err := versionArg(arg(args, 1))
			if err != nil {
				return result(false, err)
			}
			var info core.Info
			if m := arg(args, 2); m.Type() == js.TypeString {
				info, err = c.LoadForManifest(bytesOf(arg(args, 0)), m.String(), min)
			} else {
				info, err = c.Load(bytesOf(arg(args, 0)), min)
			}
			if err != nil {
				return result(false, err)
			}
			return infoJS(info)
		}),
		"loadManifested": guard("loadManifested", func(args []js.Value) any {
			if c == nil {
				return result(false, errNoInit)
			}
			min, err := versionArg(arg(args, 2))
			if err != nil {
				return result(false, err)
			}
			info, err := c.LoadManifested(bytesOf(arg(args, 0)), arg(args, 1).String(), min)
			if err != nil {
				return result(false, err)
			}
			return infoJS(info)
		}),
		"verifyManifest": guard("verifyManifest", func(args []js.Value) any {
			if c == nil {
				return result(false, errNoInit)
			}
			min, err := versionArg(arg(args, 1))
			if err != nil {
				return result(false, err)
			}
			m, err := c.VerifyManifest(arg(args, 0).String(), min)
			if err != nil {
				return result(false, err)
			}
			return map[string]any{"ok": true, "list": m.List, "version": float64(m.Version), "created": float64(m.Created),
				"size": m.Size, "signedSize": m.SignedSize}
		}),
		"applyDelta": guard("applyDelta", func(args []js.Value) any {
			if c == nil {
				return result(false, errNoInit)
			}
			info, list, err := c.ApplyDelta(bytesOf(arg(args, 0)), arg(args, 1).String())
			if err != nil {
				return result(false, err)
			}
			r := infoJS(info)
			u8 := js.Global().Get("Uint8Array").New(len(list))
			js.CopyBytesToJS(u8, list)
			r["list"] = u8
			return r
		}),
		"scan": guard("scan", func(args []js.Value) any {
			if c == nil {
				return js.Global().Get("Uint8Array").New(0)
			}
			texts = splitNUL(texts[:0], textArg(arg(args, 0)))
			defer dropText()
			buf = c.ScanBatch(texts, buf[:0])
			clear(texts) // keep no page text alive between batches
			out = out[:0]
			for _, v := range buf {
				out = binary.LittleEndian.AppendUint32(out, uint32(v))
			}
			a := js.Global().Get("Uint8Array").New(len(out))
			js.CopyBytesToJS(a, out)
			return a
		}),
		"framing": guard("framing", func(args []js.Value) any {
			return framingJS(args)
		}),
		"rumors": guard("rumors", func([]js.Value) any {
			if c == nil {
				return "[]"
			}
			return c.RumorsJSON()
		}),
		"setSensitivity": guard("setSensitivity", func(args []js.Value) any {
			if c == nil {
				return result(false, errNoInit)
			}
			err := c.SetSensitivity(arg(args, 0).String())
			return result(err == nil, err)
		}),
		"fields":     core.Fields,
		"fieldNames": fieldNames(),
		"storedIndex": guard("storedIndex", func([]js.Value) any {
			if c == nil {
				return result(false, errNoInit)
			}
			b, err := c.StoredIndex()
			if err != nil {
				return result(false, err)
			}
			notes, err := c.StoredNotes()
			if err != nil {
				return result(false, err)
			}
			r := map[string]any{"ok": true}
			for k, v := range map[string][]byte{"index": b, "notes": notes} {
				u8 := js.Global().Get("Uint8Array").New(len(v))
				js.CopyBytesToJS(u8, v)
				r[k] = u8
			}
			return r
		}),
		"loadStoredIndex": guard("loadStoredIndex", func(args []js.Value) any {
			if c == nil {
				return result(false, errNoInit)
			}
			min, err := versionArg(arg(args, 2))
			if err != nil {
				return result(false, err)
			}
			info, err := c.LoadStoredIndex(bytesOf(arg(args, 0)), arg(args, 1).String(), min)
			if err != nil {
				return result(false, err)
			}
			return infoJS(info)
		}),
		"hasList": guard("hasList", func([]js.Value) any { return c != nil && c.HasList() }),
		"attachList": guard("attachList", func(args []js.Value) any {
			if c == nil {
				return result(false, errNoInit)
			}
			err := c.AttachList(bytesOf(arg(args, 0)))
			return result(err == nil, err)
		}),
		"rumorsAt": guard("rumorsAt", func(args []js.Value) any {
			if c == nil {
				return "[]"
			}
			a := arg(args, 0)
			idx := make([]int, a.Length())
			for i := range idx {
				idx[i] = a.Index(i).Int()
			}
			return c.RumorsAt(idx)
		}),
		"isSource": guard("isSource", func(args []js.Value) any {
			return c != nil && c.IsSource(arg(args, 0).String())
		}),
	}
	js.Global().Set("rumorguardCore", js.ValueOf(api))
	if cb := js.Global().Get("rumorguardCoreReady"); cb.Type() == js.TypeFunction {
		cb.Invoke()
	}
	select {}
}
