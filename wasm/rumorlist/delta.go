package rumorlist

import (
	"errors"
	"fmt"
	"reflect"
)

// ErrDeltaBase: a delta made for another version than the one in use.
var ErrDeltaBase = errors.New("the delta does not apply to the list in use")

// MakeDelta returns the delta from one version of a list to another.
func MakeDelta(from, to *List) *Delta {
	d := &Delta{Format: DeltaFormat, List: to.Name, From: from.Version, To: to.Version, Created: to.Created, Publisher: to.Publisher,
		FactCheckers: to.FactCheckers}
	old := make(map[string]*Rumor, len(from.Rumors))
	for i := range from.Rumors {
		old[from.Rumors[i].ID] = &from.Rumors[i]
	}
	seen := make(map[string]bool, len(to.Rumors))
	for i := range to.Rumors {
		r := &to.Rumors[i]
		seen[r.ID] = true
		if o, ok := old[r.ID]; !ok || !reflect.DeepEqual(*o, *r) {
			d.Upserted = append(d.Upserted, *r)
		}
	}
	for _, r := range from.Rumors {
		if !seen[r.ID] {
			d.Removed = append(d.Removed, r.ID)
		}
	}
	return d
}

// Apply returns the list that d makes of base. base is not changed.
func (d *Delta) Apply(base *List) (*List, error) {
	if base.Name != d.List || base.Version != d.From || d.To <= d.From {
		return nil, fmt.Errorf("%w: it turns %q version %d into %d, the list in use is %q version %d",
			ErrDeltaBase, d.List, d.From, d.To, base.Name, base.Version)
	}
	gone := make(map[string]bool, len(d.Removed)+len(d.Upserted))
	for _, id := range d.Removed {
		gone[id] = true
	}
	for _, r := range d.Upserted {
		gone[r.ID] = true
	}
	out := &List{Format: base.Format, Name: base.Name, Version: d.To, Created: d.Created, Publisher: d.Publisher,
		FactCheckers: d.FactCheckers}
	for _, r := range base.Rumors {
		if !gone[r.ID] {
			out.Rumors = append(out.Rumors, r)
		}
	}
	out.Rumors = append(out.Rumors, d.Upserted...)
	out.Sort()
	return out, nil
}

// DecodeDelta parses a delta from untrusted bytes, with the same bounds as Decode.
func DecodeDelta(b []byte) (*Delta, error) {
	if err := checkBudget(b, deltaShape(), "delta"); err != nil {
		return nil, err
	}
	if err := checkBounds(b); err != nil {
		return nil, err
	}
	var d Delta
	rest, err := d.UnmarshalMsg(b)
	if err != nil {
		return nil, classify(err)
	}
	if len(rest) != 0 || d.Format != DeltaFormat {
		return nil, fmt.Errorf("%w: not a delta", ErrMalformed)
	}
	for _, v := range []uint64{d.From, d.To} {
		if err := CheckVersion(v); err != nil {
			return nil, fmt.Errorf("%w: delta: %w", ErrMalformed, err)
		}
	}
	return &d, nil
}
