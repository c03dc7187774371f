//go:build js && wasm

package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"syscall/js"

	"github.com/syumai/workers/cloudflare"
)

// R2Store keeps objects in a Cloudflare R2 bucket. Create and Swap use R2's
// conditional puts (onlyIf), so the guarantees hold across Worker instances:
// Create puts only if no object has the key, Swap only if the object's etag
// is still the one read.
type R2Store struct {
	bucket js.Value
}

// NewR2Store uses the R2 bucket bound to the Worker as binding.
func NewR2Store(binding string) (*R2Store, error) {
	b := cloudflare.GetBinding(binding)
	if b.IsUndefined() || b.IsNull() {
		return nil, fmt.Errorf("R2 binding %s is not configured (see server/wrangler.toml)", binding)
	}
	return &R2Store{bucket: b}, nil
}

// await waits for a JS promise.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var then, catch js.Func
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: errors.New(args[0].Call("toString").String())}
		return nil
	})
	defer then.Release()
	defer catch.Release()
	p.Call("then", then).Call("catch", catch)
	r := <-ch
	return r.v, r.err
}

func (s *R2Store) get(key string) (js.Value, []byte, error) {
	obj, err := await(s.bucket.Call("get", key))
	if err != nil {
		return js.Null(), nil, fmt.Errorf("r2 get %s: %w", key, err)
	}
	if obj.IsNull() || obj.IsUndefined() {
		return js.Null(), nil, ErrNotFound
	}
	buf, err := await(obj.Call("arrayBuffer"))
	if err != nil {
		return js.Null(), nil, fmt.Errorf("r2 read %s: %w", key, err)
	}
	u8 := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, u8.Get("length").Int())
	js.CopyBytesToGo(b, u8)
	return obj, b, nil
}

// Get implements Store.
func (s *R2Store) Get(_ context.Context, key string) ([]byte, error) {
	_, b, err := s.get(key)
	return b, err
}

func (s *R2Store) put(key string, value []byte, onlyIf map[string]any) (bool, error) {
	u8 := js.Global().Get("Uint8Array").New(len(value))
	js.CopyBytesToJS(u8, value)
	opts := map[string]any{"onlyIf": onlyIf}
	v, err := await(s.bucket.Call("put", key, u8, opts))
	if err != nil {
		return false, fmt.Errorf("r2 put %s: %w", key, err)
	}
	// R2 returns null when the onlyIf condition failed.
	return !v.IsNull() && !v.IsUndefined(), nil
}

// Create implements Store.
func (s *R2Store) Create(_ context.Context, key string, value []byte) error {
	ok, err := s.put(key, value, map[string]any{"etagDoesNotMatch": "*"})
	if err != nil {
		return err
	}
	if !ok {
		return ErrExists
	}
	return nil
}

// Swap implements Store.
func (s *R2Store) Swap(_ context.Context, key string, old, value []byte) error {
	obj, cur, err := s.get(key)
	var cond map[string]any
	switch {
	case errors.Is(err, ErrNotFound):
		if old != nil {
			return ErrConflict
		}
		cond = map[string]any{"etagDoesNotMatch": "*"}
	case err != nil:
		return err
	case old == nil || !bytes.Equal(cur, old):
		return ErrConflict
	default:
		cond = map[string]any{"etagMatches": obj.Get("etag").String()}
	}
	ok, err := s.put(key, value, cond)
	if err != nil {
		return err
	}
	if !ok {
		return ErrConflict
	}
	return nil
}

// List implements Store.
func (s *R2Store) List(_ context.Context, prefix string) ([]string, error) {
	var keys []string
	cursor := ""
	for {
		opts := map[string]any{"prefix": prefix}
		if cursor != "" {
			opts["cursor"] = cursor
		}
		res, err := await(s.bucket.Call("list", opts))
		if err != nil {
			return nil, fmt.Errorf("r2 list %s: %w", prefix, err)
		}
		objs := res.Get("objects")
		for i := 0; i < objs.Length(); i++ {
			keys = append(keys, objs.Index(i).Get("key").String())
		}
		if !res.Get("truncated").Truthy() {
			break
		}
		cursor = res.Get("cursor").String()
	}
	sort.Strings(keys)
	return keys, nil
}
