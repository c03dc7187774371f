package match

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"unsafe"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// A compiled index is stored so that a restarted extension worker loads it
// instead of compiling the list again: compiling 100,000 rumors takes over a
// second in wasm, loading them tens of milliseconds. The format is explicit
// and versioned, since it is read back from storage:
//
//	magic "RGIX", format u32, IndexVersion u32, compile fingerprint [8],
//	the list's SHA-256 [32], 4 zero bytes, payload length u64, payload
//	checksum u64 (Checksum), payload: ids, families, phrases, the bytes of all three,
//	patterns, filter, filter directory, pairs, posts
//
// all little-endian, every count before what it counts. An index of another
// list (SHA-256), of another IndexVersion, or compiled by code that builds a
// different index (the fingerprint) is refused with ErrStaleIndex, and the
// caller compiles the list again. Anything else wrong (truncated, a changed
// byte, counts that do not fit) is refused with ErrCorruptIndex before it is
// used, and the payload is never allocated beyond its own size times a small
// factor (see loadBudget).

// IndexVersion names the layout and meaning of a compiled index. Raise it
// whenever compiling builds a different index from the same list (hashing,
// pairing, pruning, chunking) or the Matcher gains a field: stored indexes
// of older versions are then refused and rebuilt. The fingerprint below
// catches a change that forgets to raise it, as long as the canonical list
// exercises the change.
const IndexVersion = 4 // 2: each rumor's family (fams); 3: eight-byte pair entries, a header before a pair's postings; 4: filter bits placed by the later word through a directory (fdir)

const (
	indexMagic  = "RGIX"
	indexFormat = 1
	headerSize  = 4 + 4 + 4 + 8 + 32 + 4 + 8 + 8 // a multiple of 8, so the payload is as aligned as the index
)

var (
	// ErrStaleIndex: the stored index is of another list or was compiled by
	// another version of the matcher; compile the list again.
	ErrStaleIndex = errors.New("the stored index is of another list or matcher version: compile the list again")
	// ErrCorruptIndex: the stored index is truncated or damaged; compile the
	// list again.
	ErrCorruptIndex = errors.New("the stored index is damaged: compile the list again")
)

// IndexInfo is what a stored index's header says.
type IndexInfo struct {
	Format, Version uint32
	Fingerprint     [8]byte
	ListSHA256      [32]byte
}

// AppendIndex appends the compiled index of m, for the list whose encoded
// bytes have SHA-256 listSHA, to dst. Options are not stored: they are
// thresholds given again to LoadIndex.
func (m *Matcher) AppendIndex(dst []byte, listSHA [32]byte) []byte {
	return m.appendIndex(dst, listSHA, indexFingerprint)
}

func (m *Matcher) appendIndex(dst []byte, listSHA [32]byte, fp [8]byte) []byte {
	dst = append(dst, indexMagic...)
	dst = binary.LittleEndian.AppendUint32(dst, indexFormat)
	dst = binary.LittleEndian.AppendUint32(dst, IndexVersion)
	dst = append(dst, fp[:]...)
	dst = append(dst, listSHA[:]...)
	dst = append(dst, make([]byte, 4+16)...) // padding; payload length and checksum, below
	body := len(dst)

	phrases := m.phraseTexts()
	u32 := func(v uint32) { dst = binary.LittleEndian.AppendUint32(dst, v) }
	u32(uint32(len(m.ids)))
	for _, s := range m.ids {
		u32(uint32(len(s)))
	}
	u32(uint32(len(m.fams)))
	for _, s := range m.fams {
		u32(uint32(len(s)))
	}
	u32(uint32(len(phrases)))
	for _, s := range phrases {
		u32(uint32(len(s)))
	}
	for _, s := range m.ids {
		dst = append(dst, s...)
	}
	for _, s := range m.fams {
		dst = append(dst, s...)
	}
	for _, s := range phrases {
		dst = append(dst, s...)
	}
	u32(uint32(len(m.patterns)))
	for _, p := range m.patterns {
		u32(uint32(p.rumor))
		u32(uint32(p.phrase))
		u32(uint32(p.from))
		u32(uint32(p.to))
		de := byte(0)
		if p.de {
			de = 1
		}
		dst = append(dst, de)
	}
	x := &m.idx
	dst = appendArray(dst, body, x.filter, binary.LittleEndian.AppendUint64)
	dst = appendArray(dst, body, x.fdir, binary.LittleEndian.AppendUint32)
	dst = appendArray(dst, body, x.pairs, func(b []byte, e pairEntry) []byte {
		return binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(b, e.key), e.v)
	})
	// Postings field by field: a posting's padding byte is written as 0.
	align := func() { dst = append(dst, make([]byte, (8-(len(dst)-body)%8)%8)...) }
	u32(uint32(len(x.posts)))
	align()
	for _, p := range x.posts {
		u32(p.pat)
		dst = binary.LittleEndian.AppendUint16(dst, p.pos)
		dst = append(dst, p.back, 0)
	}
	binary.LittleEndian.PutUint64(dst[body-16:], uint64(len(dst)-body))
	binary.LittleEndian.PutUint64(dst[body-8:], Checksum(dst[body:]))
	return dst
}

// phraseTexts lists each phrase's text once, by phrase number: the patterns
// of one long phrase share it.
func (m *Matcher) phraseTexts() []string {
	n := 0
	if len(m.patterns) > 0 {
		n = int(m.patterns[len(m.patterns)-1].phrase) + 1
	}
	out := make([]string, n)
	for _, p := range m.patterns {
		out[p.phrase] = p.text
	}
	return out
}

// ReadIndexInfo reads a stored index's header without loading it.
func ReadIndexInfo(b []byte) (IndexInfo, error) {
	var h IndexInfo
	if len(b) < headerSize || string(b[:4]) != indexMagic {
		return h, fmt.Errorf("%w: no index header", ErrCorruptIndex)
	}
	h.Format = binary.LittleEndian.Uint32(b[4:])
	h.Version = binary.LittleEndian.Uint32(b[8:])
	copy(h.Fingerprint[:], b[12:20])
	copy(h.ListSHA256[:], b[20:52])
	return h, nil
}

// LoadIndex makes a Matcher from an index AppendIndex stored for the list
// with SHA-256 listSHA, without compiling: ErrStaleIndex if it is of another
// list or matcher version, ErrCorruptIndex if it is damaged.
//
// The Matcher keeps using b where it can (its strings, and on
// little-endian machines its arrays, when b is eight-aligned as a fresh
// allocation is): b must not change afterwards. Copying tens of MB once
// more is what a cold worker can least afford.
func LoadIndex(b []byte, listSHA [32]byte, opts Options) (*Matcher, error) {
	return loadIndex(b, listSHA, opts, indexFingerprint)
}

// Loading allocates at most about three bytes per payload byte: every count
// is checked against the bytes left before anything is made, and the
// largest growth is a pattern (17 bytes stored, 40 in memory with its
// string header); the filter, pairs and postings are stored as they lie in
// memory.

// littleEndian: on little-endian machines (wasm, amd64, arm64) the filter,
// the pair table and the postings are stored exactly as they lie in memory,
// so loading them is one copy each instead of a loop over millions of
// entries: in a cold wasm worker, V8 runs such a loop in its baseline
// compiler, and decoding the 10,000-rumor index entry by entry took 0.3 s.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// appendArray appends the count of s, zeros up to the next eight-aligned
// offset from body (so a loaded index can use the stored bytes in place, see
// loadArray), then s: its memory on a little-endian machine, else each
// element through put.
func appendArray[T uint64 | uint32 | pairEntry](dst []byte, body int, s []T, put func([]byte, T) []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(s)))
	dst = append(dst, make([]byte, (8-(len(dst)-body)%8)%8)...)
	if littleEndian {
		return append(dst, asBytes(s)...)
	}
	for _, v := range s {
		dst = put(dst, v)
	}
	return dst
}

// asBytes is the memory of s, for the types whose stored form is their
// in-memory form on little-endian machines (see the sizes checked in
// init).
func asBytes[T uint64 | uint32 | pairEntry | posting](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}

func init() {
	// The stored layout is the in-memory layout only with these sizes and
	// offsets; a change of the structs must change the format.
	if unsafe.Sizeof(pairEntry{}) != 8 || unsafe.Offsetof(pairEntry{}.v) != 4 ||
		unsafe.Sizeof(posting{}) != 8 || unsafe.Offsetof(posting{}.pos) != 4 || unsafe.Offsetof(posting{}.back) != 6 {
		panic("match: pairEntry or posting changed its layout: update persist.go and raise IndexVersion")
	}
}

func loadIndex(b []byte, listSHA [32]byte, opts Options, fp [8]byte) (*Matcher, error) {
	h, err := ReadIndexInfo(b)
	if err != nil {
		return nil, err
	}
	switch {
	case h.Format != indexFormat || h.Version != IndexVersion:
		return nil, fmt.Errorf("%w: format %d version %d, this matcher reads format %d version %d", ErrStaleIndex, h.Format, h.Version, indexFormat, IndexVersion)
	case h.Fingerprint != fp:
		return nil, fmt.Errorf("%w: compiled by a matcher that builds another index", ErrStaleIndex)
	case h.ListSHA256 != listSHA:
		return nil, fmt.Errorf("%w: of the list with SHA-256 %x, not %x", ErrStaleIndex, h.ListSHA256[:6], listSHA[:6])
	}
	if binary.LittleEndian.Uint32(b[headerSize-20:]) != 0 {
		return nil, fmt.Errorf("%w: header padding is not zero", ErrCorruptIndex)
	}
	n := binary.LittleEndian.Uint64(b[headerSize-16:])
	body := b[headerSize:]
	if n != uint64(len(body)) {
		return nil, fmt.Errorf("%w: %d payload bytes, the header says %d", ErrCorruptIndex, len(body), n)
	}
	if Checksum(body) != binary.LittleEndian.Uint64(b[headerSize-8:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorruptIndex)
	}
	if opts == (Options{}) {
		opts = Default
	}
	m := &Matcher{opts: opts}
	m.cuePairs = debunkPairHashes()
	r := reader{b: body}
	ids := r.lens(4)
	fams := r.lens(4)
	phraseLens := r.lens(4)
	var total uint64
	for _, l := range ids {
		total += uint64(l)
	}
	for _, l := range fams {
		total += uint64(l)
	}
	for _, l := range phraseLens {
		total += uint64(l)
	}
	// The strings stay in the stored bytes (see LoadIndex).
	strs := aliasString(r.take(total))
	if r.err != nil {
		return nil, r.err
	}
	m.ids = make([]string, len(ids))
	for i, l := range ids {
		m.ids[i], strs = strs[:l], strs[l:]
	}
	if len(fams) != len(ids) {
		return nil, fmt.Errorf("%w: %d families for %d rumors", ErrCorruptIndex, len(fams), len(ids))
	}
	m.fams = make([]string, len(fams))
	for i, l := range fams {
		m.fams[i], strs = strs[:l], strs[l:]
	}
	phrases := make([]string, len(phraseLens))
	for i, l := range phraseLens {
		phrases[i], strs = strs[:l], strs[l:]
	}
	np := r.count(17)
	src := r.take(uint64(np) * 17)
	m.patterns = make([]pattern, np)
	// Decoded from the bytes directly, not through reader: tens of
	// thousands of patterns, in a cold worker's baseline-compiled code.
	for i := range m.patterns {
		e := src[i*17 : i*17+17]
		p := pattern{rumor: int32(binary.LittleEndian.Uint32(e)), phrase: int32(binary.LittleEndian.Uint32(e[4:])),
			from: int32(binary.LittleEndian.Uint32(e[8:])), to: int32(binary.LittleEndian.Uint32(e[12:])), de: e[16] == 1}
		if p.rumor < 0 || int(p.rumor) >= len(m.ids) || p.phrase < 0 || int(p.phrase) >= len(phrases) ||
			p.from < 0 || p.to <= p.from || int(p.to) > len(phrases[p.phrase]) {
			r.fail("pattern %d out of range", i)
			break
		}
		p.text = phrases[p.phrase]
		m.patterns[i] = p
	}
	x := &m.idx
	x.filter = loadArray(&r, func(e []byte) uint64 { return binary.LittleEndian.Uint64(e) })
	x.fdir = loadArray(&r, func(e []byte) uint32 { return binary.LittleEndian.Uint32(e) })
	x.pairs = loadArray(&r, func(e []byte) pairEntry {
		return pairEntry{key: binary.LittleEndian.Uint32(e), v: binary.LittleEndian.Uint32(e[4:])}
	})
	x.posts = loadArray(&r, func(e []byte) posting {
		return posting{pat: binary.LittleEndian.Uint32(e), pos: binary.LittleEndian.Uint16(e[4:]), back: e[6]}
	})
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the index", ErrCorruptIndex, len(r.b))
	}
	if err := m.checkIndex(); err != nil {
		return nil, err
	}
	x.pshift = uint(64 - bits.Len(uint(len(x.pairs)-1)))
	m.pool.New = func() any { return &scanner{m: m, phrasePat: -1} }
	return m, nil
}

// checkIndex checks the shape of a loaded index. The entries of the pair
// table and the postings are not checked one by one: the checksum already
// says they are what AppendIndex wrote, and a loop over millions of them
// would cost a cold worker tens of milliseconds.
func (m *Matcher) checkIndex() error {
	x := &m.idx
	if len(m.patterns) == 0 {
		return fmt.Errorf("%w: no patterns", ErrCorruptIndex)
	}
	if len(x.filter) == 0 || len(x.pairs) == 0 || bits.OnesCount(uint(len(x.pairs))) != 1 {
		return fmt.Errorf("%w: the pair table has %d slots, not a power of two", ErrCorruptIndex, len(x.pairs))
	}
	return checkFilterDirectory(x.fdir, len(x.filter))
}

// checkFilterDirectory checks that the directory's slots split the filter
// as layFilter does: at most 1<<16 of them, from word 0, in order, up to
// its last word, which is
// left for the empty slots (see fword). Unlike the entries of the pair
// table they are checked one by one: the scan takes a slot's words as the
// difference of two of them, which a slot out of order wraps around to
// an index far out of the filter, and at most 1<<16 slots are a short loop.
func checkFilterDirectory(fdir []uint32, words int) error {
	if len(fdir) < 2 || len(fdir) > 1<<16+1 || fdir[0] != 0 || int(fdir[len(fdir)-1]) != words-1 {
		return fmt.Errorf("%w: the filter directory does not span the filter's %d words", ErrCorruptIndex, words)
	}
	for d := 1; d < len(fdir); d++ {
		if fdir[d] < fdir[d-1] {
			return fmt.Errorf("%w: filter directory slot %d out of order", ErrCorruptIndex, d)
		}
	}
	return nil
}

// loadArray reads a count, the padding to eight-alignment and that many
// elements of T as AppendIndex stored them: in place where the stored form
// is the in-memory form and aligned, decoded one by one otherwise.
func loadArray[T uint64 | uint32 | pairEntry | posting](r *reader, decode func([]byte) T) []T {
	size := int(unsafe.Sizeof(*new(T)))
	n := r.count(size)
	if pad := r.take(uint64((8 - r.off%8) % 8)); !bytes.Equal(pad, make([]byte, len(pad))) {
		r.fail("padding is not zero")
	}
	src := r.take(uint64(n * size))
	if r.err != nil || n == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(&src[0]))%8 == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&src[0])), n)
	}
	out := make([]T, n)
	for i := range out {
		out[i] = decode(src[i*size:])
	}
	return out
}

func aliasString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// reader reads a payload; its first error sticks and later reads return
// zeros, so decoding code checks once.
type reader struct {
	b   []byte
	off int // bytes read so far
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s", ErrCorruptIndex, fmt.Sprintf(format, args...))
		r.b = nil
	}
}

func (r *reader) take(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.fail("truncated: %d bytes wanted, %d left", n, len(r.b))
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	r.off += int(n)
	return out
}

func (r *reader) u8() uint8 {
	if b := r.take(1); b != nil {
		return b[0]
	}
	return 0
}
func (r *reader) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}
func (r *reader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}
func (r *reader) u64() uint64 {
	if b := r.take(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// count reads a count of elements of size bytes each and refuses one that
// the bytes left cannot hold, so nothing is allocated for what is not there.
func (r *reader) count(size int) int {
	n := uint64(r.u32())
	if n*uint64(size) > uint64(len(r.b)) {
		r.fail("%d elements of %d bytes in %d bytes", n, size, len(r.b))
		return 0
	}
	return int(n)
}

// lens reads a count and that many uint32 lengths.
func (r *reader) lens(size int) []uint32 {
	out := make([]uint32, r.count(size))
	for i := range out {
		out[i] = r.u32()
	}
	return out
}

// Checksum is the 64-bit hash stored indexes carry of their payload (the
// core uses it for the part it stores too). It catches a truncated or
// damaged stored index: SHA-256 would cost much of what loading saves in a
// cold wasm worker. It is no defence against someone who can write the
// extension's storage, who could as well replace the list there.
//
// Four lanes of eight bytes each per step: in a cold worker V8 runs this
// loop in its baseline compiler, where each iteration's overhead, not its
// arithmetic, is the cost.
func Checksum(b []byte) uint64 {
	h := [4]uint64{uint64(len(b)) ^ 0x9E3779B97F4A7C15, 0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b}
	n := len(b) / 32 * 32
	if littleEndian && n > 0 && uintptr(unsafe.Pointer(&b[0]))%8 == 0 {
		w := unsafe.Slice((*uint64)(unsafe.Pointer(&b[0])), n/8)
		// In blocks, one call each: V8 optimizes a wasm function only for
		// its next call, so one call over 14 MB would run in the baseline
		// compiler to its end; with blocks, the first few tier it up.
		for len(w) > 0 {
			k := min(len(w), checksumBlock)
			checksumWords(&h, w[:k])
			w = w[k:]
		}
	} else {
		for i := 0; i < n; i += 32 {
			for l := range h {
				h[l] = bits.RotateLeft64((h[l]^binary.LittleEndian.Uint64(b[i+8*l:]))*0xbf58476d1ce4e5b9, 27)
			}
		}
	}
	var tail [32]byte
	copy(tail[:], b[n:])
	x := uint64(len(b))
	for l := range h {
		x = (x ^ h[l] ^ binary.LittleEndian.Uint64(tail[8*l:])) * 0x94d049bb133111eb
		x ^= x >> 31
	}
	return x
}

// checksumBlock is the words Checksum hashes per call (32 KB).
const checksumBlock = 4 << 10

// checksumWords mixes w, a multiple of four words, into the four lanes.
func checksumWords(h *[4]uint64, w []uint64) {
	for i := 0; i+3 < len(w); i += 4 {
		h[0] = bits.RotateLeft64((h[0]^w[i])*0xbf58476d1ce4e5b9, 27)
		h[1] = bits.RotateLeft64((h[1]^w[i+1])*0xbf58476d1ce4e5b9, 27)
		h[2] = bits.RotateLeft64((h[2]^w[i+2])*0xbf58476d1ce4e5b9, 27)
		h[3] = bits.RotateLeft64((h[3]^w[i+3])*0xbf58476d1ce4e5b9, 27)
	}
}

func debunkPairHashes() map[uint64]bool {
	out := make(map[uint64]bool, len(debunkPairs))
	for _, p := range debunkPairs {
		out[pairHash(textnorm.HashWord([]byte(p[0])), textnorm.HashWord([]byte(p[1])))] = true
	}
	return out
}

// compileFingerprint identifies what this build's Compile makes: the first
// bytes of the SHA-256 of the stored index of a small canonical list (words
// of several languages, names, numbers, acronyms in styled letters, a long
// phrase that is chunked, common pairs that are pruned). A change to
// hashing, pairing, pruning or layout changes it, so indexes stored by
// another build are refused even if IndexVersion was not raised.
//
// It is computed by the tests, not at run time: compiling the canonical list
// when a worker loads its stored index cost about 50 ms of a 100 ms start in
// wasm (the compiler's code runs nowhere else then). TestIndexFingerprint
// fails with the value to write into indexFingerprint whenever it changes.
func compileFingerprint() [8]byte {
	m, err := Compile(canonicalList(), Default)
	if err != nil {
		panic(fmt.Sprintf("match: compile the canonical list: %v", err))
	}
	sum := sha256.Sum256(m.appendIndex(nil, [32]byte{}, [8]byte{}))
	var fp [8]byte
	copy(fp[:], sum[:])
	return fp
}

func canonicalList() *rumorlist.List {
	long := bytes.Repeat([]byte("Every message and every photo will be read by Meta AI starting 16 December, "), 4)
	l := &rumorlist.List{Name: "canonical", Version: 1}
	phrases := []rumorlist.Phrases{
		{Lang: "en", Texts: []string{string(long), "Do not accept the friend request from Jayden K. Smith, he is a hacker",
			"Blue star tattoos soaked in 𝐋.𝐒.𝐃. are given to children at Ｕ．Ｓ． schools"}},
		{Lang: "nl", Texts: []string{"Vanaf morgen mag Instagram al je foto's gebruiken, deel dit bericht niet"}},
		{Lang: "de", Texts: []string{"Ab morgen darf Facebook alle Bilder nutzen, das ist kein Scherz"}},
	}
	for i := 0; i < 12; i++ { // shared pairs, so that pruning takes part
		l.Rumors = append(l.Rumors, rumorlist.Rumor{ID: fmt.Sprintf("r%d", i), Phrases: []rumorlist.Phrases{
			{Lang: "en", Texts: []string{fmt.Sprintf("long time came back to the city number %d with the new rules today", i)}}}})
	}
	l.Rumors = append(l.Rumors, rumorlist.Rumor{ID: "mixed", Phrases: phrases})
	return l
}

// indexFingerprint is compileFingerprint() of this build (see there).
var indexFingerprint = [8]byte{0x90, 0x50, 0x31, 0x32, 0xdd, 0x32, 0x2c, 0xdb}
