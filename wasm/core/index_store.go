package core

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unsafe"

	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// A restarted extension worker must not pay for the list's size: verifying,
// decoding and indexing 10,000 rumors took over a second in a cold worker,
// 100,000 rumors several. So once a list is verified and indexed, the
// extension keeps what the core needs to scan and to show notes, its
// "stored index", and loads that on the next start instead of the list:
//
//	magic "RGCS", format u32, payload length u64, checksum u64, then
//	name, version, created, the list's SHA-256, the number of rumors,
//	the rumors' source pages (for "is this page a source": sorted keys,
//	see sourceKeysOf),
//	and the matcher's own stored index (match.AppendIndex) to the end.
//
// The notes (each rumor as RumorsJSON writes it) are stored apart
// (StoredNotes): a page needs the notes of the rumors it matched, after its
// first scan, so the extension reads them beside the index and decodes only
// those, instead of copying tens of MB more into wasm memory before the
// first scan. The list itself is decoded only when something needs it (a
// delta, a new sensitivity): AttachList. Nothing here is trusted more than storage is:
// the stored index comes from the extension's own storage, written by the
// core after the list verified, and it is refused, not half used, if it is
// damaged, of another list or of another core.

const (
	storeMagic  = "RGCS"
	storeFormat = 3 // 2: fact-checking publishers and families in the header; 3: sources as sorted keys
	storeHeader = 4 + 4 + 8 + 8
)

// storedState is what a stored index gives the core in place of the list.
type storedState struct {
	info         Info
	sourceKeys   string   // the sources' pages, as sourceKeysOf gives them
	factCheckers []string // the list's fact-checking publishers' domains
	families     []int    // rumor i's family (rumorlist.List.Families)
}

func errNoList(what string) error {
	return fmt.Errorf("to %s the core needs the list itself: attach it first (attachList)", what)
}

// StoredIndex returns the stored index of the list in use, for the
// extension to keep and give to LoadStoredIndex on its next start.
func (c *Core) StoredIndex() ([]byte, error) {
	if c.list == nil || c.matcher == nil {
		return nil, errors.New("no list is indexed: load a list first")
	}
	l := c.list
	b := make([]byte, storeHeader, storeHeader+64)
	copy(b, storeMagic)
	binary.LittleEndian.PutUint32(b[4:], storeFormat)
	b = appendString(b, l.Name)
	b = binary.LittleEndian.AppendUint64(b, l.Version)
	b = binary.LittleEndian.AppendUint64(b, uint64(l.Created))
	b = append(b, c.sha[:]...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(l.Rumors)))
	b = appendString(b, c.sourceKeys())
	var fc strings.Builder
	for _, f := range l.FactCheckers {
		fc.WriteString(strings.ReplaceAll(f.Domain, "\n", ""))
		fc.WriteByte('\n')
	}
	b = appendString(b, fc.String())
	for _, f := range l.Families() {
		b = binary.LittleEndian.AppendUint32(b, uint32(f))
	}
	binary.LittleEndian.PutUint64(b[8:], uint64(len(b)-storeHeader))
	binary.LittleEndian.PutUint64(b[16:], match.Checksum(b[storeHeader:]))
	// The matcher's part starts eight-aligned, so its arrays load as one
	// copy each and its checksum reads words (see match.LoadIndex).
	b = append(b, make([]byte, pad8(len(b)))...)
	return c.matcher.AppendIndex(b, c.sha), nil
}

func pad8(n int) int { return (8 - n%8) % 8 }

func appendString(b []byte, s string) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// alias is b as a string without a copy: the stored index's bytes are kept
// for as long as the list is in use, and copying tens of MB again is what a
// cold worker can least afford.
func alias(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// LoadStoredIndex makes the list a stored index describes the list in use,
// without the list: its matcher is loaded, not compiled. listSHA256 (hex)
// is the list the extension keeps, as Info.ListSHA256 gave it when the list
// loaded; minVersion works as in Load. A stored index of another list, of
// another core or matcher version, or a damaged one, is refused
// (match.ErrStaleIndex, match.ErrCorruptIndex): load the list instead, and
// store its index again. On any error the list in use stays. The core keeps
// using b (see match.LoadIndex): it must not change afterwards.
func (c *Core) LoadStoredIndex(b []byte, listSHA256 string, minVersion uint64) (Info, error) {
	t0 := time.Now()
	if len(b) < storeHeader || string(b[:4]) != storeMagic {
		return Info{}, fmt.Errorf("%w: no stored index header", match.ErrCorruptIndex)
	}
	if f := binary.LittleEndian.Uint32(b[4:]); f != storeFormat {
		return Info{}, fmt.Errorf("%w: stored index format %d, this core reads %d", match.ErrStaleIndex, f, storeFormat)
	}
	n := binary.LittleEndian.Uint64(b[8:])
	if n > uint64(len(b)-storeHeader-8) {
		return Info{}, fmt.Errorf("%w: truncated", match.ErrCorruptIndex)
	}
	head, rest := b[storeHeader:storeHeader+n], b[storeHeader+n:]
	pad := pad8(storeHeader + int(n))
	if !bytes.Equal(rest[:pad], make([]byte, pad)) {
		return Info{}, fmt.Errorf("%w: padding is not zero", match.ErrCorruptIndex)
	}
	rest = rest[pad:]
	if match.Checksum(head) != binary.LittleEndian.Uint64(b[16:]) {
		return Info{}, fmt.Errorf("%w: checksum mismatch", match.ErrCorruptIndex)
	}
	r := byteReader{b: head}
	st := &storedState{}
	st.info.Name = string(r.bytes())
	st.info.Version = r.u64()
	st.info.Created = int64(r.u64())
	var sha [32]byte
	copy(sha[:], r.take(32))
	if want, err := hex.DecodeString(listSHA256); r.err == nil && (err != nil || !bytes.Equal(want, sha[:])) {
		return Info{}, fmt.Errorf("%w: of the list with SHA-256 %x, not %.12s", match.ErrStaleIndex, sha[:6], listSHA256)
	}
	nr := int(r.u32())
	if st.sourceKeys = alias(r.take(uint64(r.u32()))); st.sourceKeys != "" && (len(st.sourceKeys) < 2 ||
		st.sourceKeys[0] != '\n' || st.sourceKeys[len(st.sourceKeys)-1] != '\n') {
		r.fail("source keys not enclosed in line breaks")
	}
	if fc := string(r.take(uint64(r.u32()))); fc != "" {
		st.factCheckers = strings.Split(strings.TrimSuffix(fc, "\n"), "\n")
	}
	if r.err == nil && uint64(len(r.b)) < 4*uint64(nr) {
		r.fail("%d families for %d rumors", len(r.b)/4, nr)
	}
	if r.err == nil {
		st.families = make([]int, nr)
		for i := range st.families {
			if st.families[i] = int(r.u32()); st.families[i] > nr {
				r.fail("family %d of %d rumors", st.families[i], nr)
			}
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail("%d bytes after the sources", len(r.b))
	}
	if r.err != nil {
		return Info{}, r.err
	}
	if err := rumorlist.CheckVersion(st.info.Version); err != nil {
		return Info{}, fmt.Errorf("%w: %v", match.ErrCorruptIndex, err)
	}
	if minVersion > 0 && st.info.Version <= minVersion {
		return Info{}, fmt.Errorf("%w: version %d, in use %d", rumorlist.ErrDowngrade, st.info.Version, minVersion)
	}
	m, err := match.LoadIndex(rest, sha, c.opts)
	if err != nil {
		return Info{}, err
	}
	if m.Rumors() != nr {
		return Info{}, fmt.Errorf("%w: the matcher knows %d rumors, the header %d", match.ErrCorruptIndex, m.Rumors(), nr)
	}
	st.info.Rumors = nr
	st.info.ListSHA256 = hex.EncodeToString(sha[:])
	c.list, c.matcher, c.sha, c.stored = nil, m, sha, st
	c.indexTime = time.Since(t0)
	st.info.IndexMs = float64(c.indexTime.Microseconds()) / 1000
	return st.info, nil
}

// HasList reports whether the list in use is decoded, as AttachList makes
// it; after LoadStoredIndex it is not, and deltas and a new sensitivity
// need it.
func (c *Core) HasList() bool { return c.list != nil }

// AttachList decodes the list in use from bytes the extension kept with its
// stored index: the encoded list (as a delta makes it) or the signed list
// (whose signature is checked). Either must be the list the stored index
// was made from (its SHA-256); the matcher is not touched.
func (c *Core) AttachList(b []byte) error {
	if c.list != nil {
		return nil
	}
	if c.stored == nil {
		return errors.New("no list in use to attach: load a list")
	}
	raw := b
	if sha256.Sum256(b) != c.sha {
		l, r, err := rumorlist.Open(b, c.keys)
		if err != nil {
			return err
		}
		if sha256.Sum256(r) != c.sha {
			return fmt.Errorf("%w: the list given is not the one in use", rumorlist.ErrManifestMismatch)
		}
		c.list, c.stored = l, nil
		return nil
	}
	l, err := rumorlist.Decode(raw)
	if err != nil {
		return err
	}
	c.list, c.stored = l, nil
	return nil
}

// StoredNotes returns the notes of the list in use, for the extension to
// keep beside its stored index: "RGCN", format u32, the number of rumors n
// u32, n+1 offsets u32, then the rumors' JSON (as RumorsJSON writes each),
// rumor i's from offset i to offset i+1, all little-endian.
func (c *Core) StoredNotes() ([]byte, error) {
	if c.list == nil {
		return nil, errors.New("no list is decoded: load or attach the list first")
	}
	n := len(c.list.Rumors)
	b := make([]byte, 12+4*(n+1))
	copy(b, "RGCN")
	binary.LittleEndian.PutUint32(b[4:], storeFormat)
	binary.LittleEndian.PutUint32(b[8:], uint32(n))
	var js strings.Builder
	for i := range c.list.Rumors {
		binary.LittleEndian.PutUint32(b[12+4*i:], uint32(js.Len()))
		appendRumorJSON(&js, &c.list.Rumors[i])
	}
	binary.LittleEndian.PutUint32(b[12+4*n:], uint32(js.Len()))
	return append(b, js.String()...), nil
}

// RumorsAt returns, as a JSON array, the rumors at the given indexes of the
// list in use (null for an index out of range): what a note needs, without
// the whole list. After LoadStoredIndex the notes are the extension's
// (StoredNotes) until the list is attached: every entry is null.
func (c *Core) RumorsAt(idx []int) string {
	var b strings.Builder
	b.WriteByte('[')
	for k, i := range idx {
		if k > 0 {
			b.WriteByte(',')
		}
		switch {
		case c.list != nil && i >= 0 && i < len(c.list.Rumors):
			appendRumorJSON(&b, &c.list.Rumors[i])
		default:
			b.WriteString("null")
		}
	}
	b.WriteByte(']')
	return b.String()
}

// byteReader reads the stored index's header; its first error sticks.
type byteReader struct {
	b   []byte
	err error
}

func (r *byteReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s", match.ErrCorruptIndex, fmt.Sprintf(format, args...))
		r.b = nil
	}
}

func (r *byteReader) take(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.fail("truncated: %d bytes wanted, %d left", n, len(r.b))
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *byteReader) u32() uint32 {
	b := r.take(4)
	if len(b) < 4 {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func (r *byteReader) u64() uint64 {
	b := r.take(8)
	if len(b) < 8 {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

func (r *byteReader) bytes() []byte { return bytes.Clone(r.take(uint64(r.u32()))) }
