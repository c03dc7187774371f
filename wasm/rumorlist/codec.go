package rumorlist

import (
	"errors"
	"fmt"
	"sort"

	"github.com/tinylib/msgp/msgp"
)

// FormatVersion is the list format this code writes and the newest it reads.
const FormatVersion = 1

// Verdicts a rumor can carry, from DESIGN.md.
const (
	VerdictFalse          = "false"
	VerdictMisleading     = "misleading"
	VerdictMissingContext = "missing-context"
	VerdictUnproven       = "unproven"
	VerdictTrue           = "true"
)

// Verdicts lists every valid verdict, in the order the tools show them.
var Verdicts = []string{VerdictFalse, VerdictMisleading, VerdictMissingContext, VerdictUnproven, VerdictTrue}

// ValidVerdict reports whether v is one of Verdicts.
func ValidVerdict(v string) bool {
	for _, x := range Verdicts {
		if v == x {
			return true
		}
	}
	return false
}

// Errors callers tell apart. Each message says what went wrong in words a
// maintainer or a popup can show.
var (
	// ErrTruncated: the bytes end before the message does (a cut-off download).
	ErrTruncated = errors.New("the list is truncated: download it again")
	// ErrMalformed: the bytes are not a Rumorguard list.
	ErrMalformed = errors.New("the bytes are not a valid Rumorguard list")
	// ErrNewerFormat: the list was written by a newer Rumorguard.
	ErrNewerFormat = errors.New("the list uses a newer format than this Rumorguard understands: update Rumorguard")
)

// maxDepth bounds nesting in the pre-walk; a list is four levels deep.
const maxDepth = 16

// Encode appends the MessagePack encoding of l to b. The encoding is
// deterministic: call Sort first so equal lists give equal bytes.
func (l *List) Encode(b []byte) ([]byte, error) {
	l.Format = FormatVersion
	return l.MarshalMsg(b)
}

// Sort puts every collection in canonical order: rumors by id, texts and
// phrases by language, examples by language then text. Phrase order within a
// language and source order are kept, because authors order them on purpose.
func (l *List) Sort() {
	sort.SliceStable(l.Rumors, func(i, j int) bool { return l.Rumors[i].ID < l.Rumors[j].ID })
	for i := range l.Rumors {
		r := &l.Rumors[i]
		sort.SliceStable(r.Texts, func(i, j int) bool { return r.Texts[i].Lang < r.Texts[j].Lang })
		sort.SliceStable(r.Phrases, func(i, j int) bool { return r.Phrases[i].Lang < r.Phrases[j].Lang })
		sortExamples(r.MustMatch)
		sortExamples(r.MustNotMatch)
	}
}

func sortExamples(e []Example) {
	sort.SliceStable(e, func(i, j int) bool {
		if e[i].Lang != e[j].Lang {
			return e[i].Lang < e[j].Lang
		}
		return e[i].Text < e[j].Text
	})
}

// Decode parses an encoded list from untrusted bytes. It never panics, and it
// allocates at most a small multiple of len(b): every length header is checked
// against the bytes that remain before anything is allocated for it.
func Decode(b []byte) (*List, error) {
	if err := checkBudget(b, listShape(), "list"); err != nil {
		return nil, err
	}
	if err := checkBounds(b); err != nil {
		return nil, err
	}
	var l List
	rest, err := l.UnmarshalMsg(b)
	if err != nil {
		return nil, classify(err)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%w: %d stray bytes after the list", ErrMalformed, len(rest))
	}
	if l.Format > FormatVersion {
		return nil, fmt.Errorf("%w (format %d, this build reads %d)", ErrNewerFormat, l.Format, FormatVersion)
	}
	if l.Format < 1 {
		return nil, fmt.Errorf("%w: format %d", ErrMalformed, l.Format)
	}
	if err := CheckVersion(l.Version); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return &l, nil
}

func classify(err error) error {
	if errors.Is(err, msgp.ErrShortBytes) {
		return ErrTruncated
	}
	return fmt.Errorf("%w: %v", ErrMalformed, err)
}

// checkBounds walks one MessagePack object and refuses any array or map whose
// element count exceeds the bytes left (every element takes at least one byte),
// so a 40-byte input cannot make the decoder allocate for 2^32 elements.
func checkBounds(b []byte) error {
	rest, err := walk(b, 0)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%w: %d stray bytes after the list", ErrMalformed, len(rest))
	}
	return nil
}

func walk(b []byte, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: nested too deeply", ErrMalformed)
	}
	if len(b) == 0 {
		return nil, ErrTruncated
	}
	switch msgp.NextType(b) {
	case msgp.ArrayType:
		n, rest, err := msgp.ReadArrayHeaderBytes(b)
		if err != nil {
			return nil, classify(err)
		}
		if uint64(n) > uint64(len(rest)) {
			return nil, fmt.Errorf("%w: an array claims %d elements but only %d bytes follow", ErrTruncated, n, len(rest))
		}
		for i := uint32(0); i < n; i++ {
			if rest, err = walk(rest, depth+1); err != nil {
				return nil, err
			}
		}
		return rest, nil
	case msgp.MapType:
		n, rest, err := msgp.ReadMapHeaderBytes(b)
		if err != nil {
			return nil, classify(err)
		}
		if uint64(n)*2 > uint64(len(rest)) {
			return nil, fmt.Errorf("%w: a map claims %d entries but only %d bytes follow", ErrTruncated, n, len(rest))
		}
		for i := uint64(0); i < uint64(n)*2; i++ {
			if rest, err = walk(rest, depth+1); err != nil {
				return nil, err
			}
		}
		return rest, nil
	case msgp.InvalidType:
		return nil, fmt.Errorf("%w: invalid type byte 0x%02x", ErrMalformed, b[0])
	default:
		rest, err := msgp.Skip(b)
		if err != nil {
			return nil, classify(err)
		}
		return rest, nil
	}
}
