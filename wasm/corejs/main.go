//go:build js && wasm

// Command corejs is the Rumorguard core compiled to WebAssembly. It installs
// globalThis.rumorguardCore with a few batch calls and then waits:
//
//	init(keyring)            -> {ok, error}
//	load(bytes, minVersion)  -> {ok, name, version, created, rumors} or {ok:false, code, error}
//	applyDelta(bytes, manifestJSON)              -> as load, plus list: the new list's bytes
//	loadManifested(list, manifestJSON, minVersion) -> as load, for a list kept with its manifest
//	scan(texts)              -> Uint8Array of little-endian int32, core.Fields per match;
//	                            texts is one string, the batch joined by "\u0000"
//	fieldNames               -> the name of each int32 of a match, in order, so
//	                            JavaScript decodes results by name, not position
//	framed(text)             -> whether text (title, headings) frames a page as a fact-check
//	rumors()                 -> JSON of the rumors of the list in use
//	setSensitivity(s)        -> {ok, error}
//
// Strings cross the boundary once per batch, results come back as one
// byte array: per-call overhead, not per-text overhead.
package main

import (
	"encoding/binary"
	"fmt"
	"strings"
	"syscall/js"

	"github.com/rumorguard/rumorguard/wasm/core"
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

// splitNUL splits the batch at NUL bytes. strings.Split counts the
// separators first, and counting is a plain loop in Go's wasm code while
// IndexByte has an assembly version: one pass instead of two over a batch.
func splitNUL(dst []string, s string) []string {
	for {
		i := strings.IndexByte(s, 0)
		if i < 0 {
			return append(dst, s)
		}
		dst = append(dst, s[:i])
		s = s[i+1:]
	}
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
		"created": float64(info.Created), "rumors": info.Rumors, "indexMs": info.IndexMs}
}

func main() {
	api := map[string]any{
		"init": js.FuncOf(func(_ js.Value, args []js.Value) any {
			cc, err := core.New(args[0].String())
			if err != nil {
				return result(false, err)
			}
			c = cc
			return result(true, nil)
		}),
		"load": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if c == nil {
				return map[string]any{"ok": false, "code": "error", "error": "call init first"}
			}
			min := uint64(0)
			if len(args) > 1 && args[1].Type() == js.TypeNumber {
				min = uint64(args[1].Float())
			}
			info, err := c.Load(bytesOf(args[0]), min)
			if err != nil {
				return result(false, err)
			}
			return infoJS(info)
		}),
		"loadManifested": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if c == nil {
				return map[string]any{"ok": false, "code": "error", "error": "call init first"}
			}
			min := uint64(0)
			if len(args) > 2 && args[2].Type() == js.TypeNumber {
				min = uint64(args[2].Float())
			}
			info, err := c.LoadManifested(bytesOf(args[0]), args[1].String(), min)
			if err != nil {
				return result(false, err)
			}
			return infoJS(info)
		}),
		"applyDelta": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if c == nil {
				return map[string]any{"ok": false, "code": "error", "error": "call init first"}
			}
			info, list, err := c.ApplyDelta(bytesOf(args[0]), args[1].String())
			if err != nil {
				return result(false, err)
			}
			r := infoJS(info)
			u8 := js.Global().Get("Uint8Array").New(len(list))
			js.CopyBytesToJS(u8, list)
			r["list"] = u8
			return r
		}),
		"scan": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if c == nil {
				return js.Global().Get("Uint8Array").New(0)
			}
			texts = splitNUL(texts[:0], args[0].String())
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
		"framed": js.FuncOf(func(_ js.Value, args []js.Value) any {
			return c != nil && c.Framed(args[0].String())
		}),
		"rumors": js.FuncOf(func(js.Value, []js.Value) any {
			if c == nil {
				return "[]"
			}
			return c.RumorsJSON()
		}),
		"setSensitivity": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if c == nil {
				return result(false, nil)
			}
			err := c.SetSensitivity(args[0].String())
			return result(err == nil, err)
		}),
		"fields":     core.Fields,
		"fieldNames": fieldNames(),
	}
	js.Global().Set("rumorguardCore", js.ValueOf(api))
	if cb := js.Global().Get("rumorguardCoreReady"); cb.Type() == js.TypeFunction {
		cb.Invoke()
	}
	select {}
}
