package rumorlist

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/tinylib/msgp/msgp"
)

// The generated decoder allocates a slice for an array header before it
// reads a single element, and a one-byte empty map decodes into a whole zero
// struct: 184 bytes for a Rumor. Counting elements against the bytes left
// (checkBounds) therefore still lets a crafted input allocate about 184 times
// its size. Before anything is decoded, the input is walked once more with
// the schema in hand, adding up what the decoder would allocate: each array
// costs its length times the size of its Go element type, each string or
// byte string its length. An input whose cost exceeds its budget is refused
// having allocated nothing.
const (
	// allocPerByte is the budget per input byte. A real list costs about
	// one byte per byte (its strings dominate) plus its slice headers: 1.2
	// for the bundled list, 1.4 for synthetic ones, 2.3 at most for one of
	// only empty fields (each struct then still carries its keys). A
	// crafted one costs up to 184.
	allocPerByte = 4
	// allocSlack covers small inputs, whose fixed costs dominate.
	allocSlack = 64 << 10
	// maxAlloc caps what one decode may allocate whatever its size. Lists
	// that clients download are at most 16 MiB; the benchmarks' largest,
	// 100,000 rumors in 55 MB, needs 80 MB.
	maxAlloc = 256 << 20
)

// allocBudget is what decoding n bytes may allocate.
func allocBudget(n int) int {
	return min(allocPerByte*n+allocSlack, maxAlloc)
}

// shape is what the generated decoder allocates for one Go type.
type shape struct {
	kind   reflect.Kind
	size   int               // bytes of one element of this type in a slice
	elem   *shape            // slices
	fields map[string]*shape // structs, by msg tag
}

// shapeOf derives the shape from the Go type, so a field added to the
// schema is budgeted without anyone remembering to.
func shapeOf(t reflect.Type) *shape {
	s := &shape{kind: t.Kind(), size: int(t.Size())}
	switch t.Kind() {
	case reflect.Slice:
		if t.Elem().Kind() != reflect.Uint8 {
			s.elem = shapeOf(t.Elem())
		}
	case reflect.Struct:
		s.fields = map[string]*shape{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("msg"), ",")
			if name == "" {
				name = f.Name
			}
			s.fields[name] = shapeOf(f.Type)
		}
	}
	return s
}

// The shapes are derived on first use, not at init: a worker that starts
// from a stored index decodes no list, and reflection over the schema cost
// it about 20 ms of its start in wasm.
var (
	listShape   = sync.OnceValue(func() *shape { return shapeOf(reflect.TypeOf(List{})) })
	deltaShape  = sync.OnceValue(func() *shape { return shapeOf(reflect.TypeOf(Delta{})) })
	signedShape = sync.OnceValue(func() *shape { return shapeOf(reflect.TypeOf(Signed{})) })
)

// checkBudget refuses b if decoding it as sh would allocate more than
// allocBudget(len(b)). It runs before checkBounds and stops as soon as the
// budget is spent, so a crafted input is refused after a fraction of it is
// read; its own depth is the schema's (values outside it are skipped by
// msgp.Skip, which bounds its recursion).
func checkBudget(b []byte, sh *shape, what string) error {
	budget := allocBudget(len(b))
	w := costWalker{left: budget}
	if _, err := w.walk(b, sh); err != nil {
		return err
	}
	if w.left < 0 {
		return fmt.Errorf("%w: decoding these %d bytes as a %s would allocate more than the %d bytes allowed for them (a real %s needs under %d per byte): the file is damaged or hostile, get it from its publisher again",
			ErrMalformed, len(b), what, budget, what, allocPerByte)
	}
	return nil
}

type costWalker struct{ left int }

// walk charges what decoding the value at the front of b as sh allocates
// and returns the bytes after it. It stops early once the budget is spent.
func (w *costWalker) walk(b []byte, sh *shape) ([]byte, error) {
	if sh == nil || w.left < 0 {
		return w.skip(b)
	}
	switch {
	case sh.fields != nil && msgp.NextType(b) == msgp.MapType:
		n, rest, err := msgp.ReadMapHeaderBytes(b)
		if err != nil {
			return nil, classify(err)
		}
		if uint64(n)*2 > uint64(len(rest)) {
			return nil, fmt.Errorf("%w: a map claims %d entries but only %d bytes follow", ErrTruncated, n, len(rest))
		}
		for i := uint32(0); i < n && w.left >= 0; i++ {
			var key []byte
			if key, rest, err = msgp.ReadMapKeyZC(rest); err != nil {
				return nil, classify(err)
			}
			if rest, err = w.walk(rest, sh.fields[string(key)]); err != nil {
				return nil, err
			}
		}
		return rest, nil
	case sh.elem != nil && msgp.NextType(b) == msgp.ArrayType:
		n, rest, err := msgp.ReadArrayHeaderBytes(b)
		if err != nil {
			return nil, classify(err)
		}
		if uint64(n) > uint64(len(rest)) {
			return nil, fmt.Errorf("%w: an array claims %d elements but only %d bytes follow", ErrTruncated, n, len(rest))
		}
		w.left -= int(n) * sh.elem.size
		for i := uint32(0); i < n && w.left >= 0; i++ {
			if rest, err = w.walk(rest, sh.elem); err != nil {
				return nil, err
			}
		}
		return rest, nil
	case sh.kind == reflect.String || sh.kind == reflect.Slice:
		// Strings and byte strings are copied out of the input.
		rest, err := w.skip(b)
		if err != nil {
			return nil, err
		}
		w.left -= len(b) - len(rest)
		return rest, nil
	}
	// Numbers allocate nothing; a value of the wrong type fails to decode
	// before it allocates.
	return w.skip(b)
}

func (w *costWalker) skip(b []byte) ([]byte, error) {
	rest, err := msgp.Skip(b)
	if err != nil {
		return nil, classify(err)
	}
	return rest, nil
}
