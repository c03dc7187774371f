// Package core is what the extension runs: it holds the list in use and its
// matcher, loads a new signed list only when it verifies and is newer, and
// scans batches of page text into compact results with UTF-16 spans.
//
// It is plain Go so it is tested natively; wasm/corejs binds it to
// JavaScript with a handful of calls that move whole batches across the
// boundary.
package core

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// Core holds one list and its matcher. The zero value has no list.
type Core struct {
	keys    rumorlist.Keyring
	list    *rumorlist.List
	matcher *match.Matcher
	opts    match.Options
	// indexTime is how long the last Compile took.
	indexTime time.Duration
	// sha is the SHA-256 of the encoded list in use, which its stored
	// index carries (see index_store.go).
	sha [32]byte
	// stored is set when the matcher came from a stored index and the list
	// itself is not decoded yet (see AttachList).
	stored *storedState
	// fams are the families of famsOf, the list they were computed for.
	fams   []int
	famsOf *rumorlist.List
	// srcKeys are the source keys of srcKeysOf (sourceKeysOf).
	srcKeys   string
	srcKeysOf *rumorlist.List
	// lastPage is the page Framing decided last (see framing.go).
	lastPage *pageDecision
}

// New returns a core that trusts the publisher keys in keyring (one
// "rumorguard-ed25519-public ID KEY" line each).
func New(keyring string) (*Core, error) {
	keys, err := rumorlist.ParseKeyring(keyring)
	if err != nil {
		return nil, fmt.Errorf("trusted keys: %w", err)
	}
	if len(keys) == 0 {
		return nil, errors.New("trusted keys: none given; the extension must pin at least one publisher key")
	}
	return &Core{keys: keys, opts: match.Default}, nil
}

// Info describes the list in use.
type Info struct {
	Name    string
	Version uint64
	Created int64
	Rumors  int
	// IndexMs is how long indexing the list took, in milliseconds: the part
	// of a cold start that grows with the list (benchmarks report it).
	IndexMs float64
	// ListSHA256 is the hex SHA-256 of the encoded list: what its stored
	// index must be of (LoadStoredIndex).
	ListSHA256 string
}

// Load verifies a signed list and, if it is newer than minVersion, makes it
// the list in use. On any error the list in use stays. minVersion 0 accepts
// any version (the first load, or the bundled list).
func (c *Core) Load(signed []byte, minVersion uint64) (Info, error) {
	l, raw, err := rumorlist.Open(signed, c.keys)
	if err != nil {
		return Info{}, err
	}
	return c.adopt(l, raw, minVersion)
}

// LoadForManifest loads a downloaded signed list only if it is the one the
// signed manifest describes (its size and its list's SHA-256), so a server
// cannot answer a manifest with another signed list, of another name, say.
func (c *Core) LoadForManifest(signed []byte, manifestJSON string, minVersion uint64) (Info, error) {
	m, err := c.VerifyManifest(manifestJSON, minVersion)
	if err != nil {
		return Info{}, err
	}
	l, raw, err := rumorlist.Open(signed, c.keys)
	if err != nil {
		return Info{}, err
	}
	if err := m.Matches(raw); err != nil {
		return Info{}, err
	}
	if len(signed) != m.SignedSize {
		return Info{}, fmt.Errorf("%w: %d signed bytes, manifest says %d", rumorlist.ErrManifestMismatch, len(signed), m.SignedSize)
	}
	return c.adopt(l, raw, minVersion)
}

// LoadManifested loads encoded list bytes that a signed manifest vouches
// for (their size and SHA-256): how a list rebuilt from a delta, or stored
// after one, is trusted. The manifest must be signed by a pinned key.
func (c *Core) LoadManifested(list []byte, manifestJSON string, minVersion uint64) (Info, error) {
	m, err := c.VerifyManifest(manifestJSON, minVersion)
	if err != nil {
		return Info{}, err
	}
	if err := m.Matches(list); err != nil {
		return Info{}, err
	}
	l, err := rumorlist.Decode(list)
	if err != nil {
		return Info{}, err
	}
	if l.Name != m.List || l.Version != m.Version {
		return Info{}, fmt.Errorf("%w: the list is %q version %d, the manifest says %q version %d", rumorlist.ErrManifestMismatch, l.Name, l.Version, m.List, m.Version)
	}
	return c.adopt(l, list, minVersion)
}

// VerifyManifest parses a manifest and checks it before anything it
// describes is downloaded or decoded: its version is in range and newer
// than minVersion (0: any), and it is signed by a pinned key.
func (c *Core) VerifyManifest(manifestJSON string, minVersion uint64) (*rumorlist.Manifest, error) {
	m, err := parseManifest(manifestJSON)
	if err != nil {
		return nil, err
	}
	if err := m.Verify(c.keys); err != nil {
		return nil, err
	}
	if minVersion > 0 && m.Version <= minVersion {
		return nil, fmt.Errorf("%w: the manifest is for version %d, in use %d", rumorlist.ErrDowngrade, m.Version, minVersion)
	}
	return m, nil
}

// ApplyDelta applies a delta to the list in use and loads the result if the
// signed manifest vouches for it. It returns the new list's bytes, for the
// caller to keep with the manifest.
//
// A delta is unsigned, so nothing in it is trusted before the manifest is:
// the manifest's signature and version are checked first, a delta larger
// than the list it claims to build is refused (the full download would be
// smaller), the delta is decoded within the allocation budget, and the
// result is adopted only if its size and SHA-256 are the manifest's.
func (c *Core) ApplyDelta(delta []byte, manifestJSON string) (Info, []byte, error) {
	if c.list == nil {
		return Info{}, nil, errNoList("apply a delta")
	}
	m, err := c.VerifyManifest(manifestJSON, c.list.Version)
	if err != nil {
		return Info{}, nil, err
	}
	if len(delta) > m.Size {
		return Info{}, nil, fmt.Errorf("%w: the delta has %d bytes, more than the %d-byte list it would build: download the list instead",
			rumorlist.ErrMalformed, len(delta), m.Size)
	}
	d, err := rumorlist.DecodeDelta(delta)
	if err != nil {
		return Info{}, nil, err
	}
	if d.List != m.List || d.To != m.Version {
		return Info{}, nil, fmt.Errorf("%w: it makes %q version %d, the manifest is for %q version %d",
			rumorlist.ErrDeltaBase, d.List, d.To, m.List, m.Version)
	}
	l, err := d.Apply(c.list)
	if err != nil {
		return Info{}, nil, err
	}
	b, err := l.Encode(nil)
	if err != nil {
		return Info{}, nil, err
	}
	if err := m.Matches(b); err != nil {
		return Info{}, nil, err
	}
	info, err := c.adopt(l, b, c.list.Version)
	if err != nil {
		return Info{}, nil, err
	}
	return info, b, nil
}

func (c *Core) adopt(l *rumorlist.List, raw []byte, minVersion uint64) (Info, error) {
	if minVersion > 0 && l.Version <= minVersion {
		return Info{}, fmt.Errorf("%w: version %d, in use %d", rumorlist.ErrDowngrade, l.Version, minVersion)
	}
	t0 := time.Now()
	m, err := match.Compile(l, c.opts)
	if err != nil {
		return Info{}, err
	}
	c.list, c.matcher, c.indexTime = l, m, time.Since(t0)
	c.sha, c.stored = sha256.Sum256(raw), nil
	return c.Info(), nil
}

func parseManifest(s string) (*rumorlist.Manifest, error) {
	m, err := rumorlist.ParseManifest([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", rumorlist.ErrMalformed, err)
	}
	return m, nil
}

// SetSensitivity picks the thresholds: "stricter", "default" or "looser".
// It recompiles the list in use. A core holding only a stored index cannot
// recompile it and says so, but keeps the thresholds for the next list or
// stored index it loads.
func (c *Core) SetSensitivity(s string) error {
	switch s {
	case "stricter":
		c.opts = match.Stricter
	case "looser":
		c.opts = match.Looser
	case "default", "":
		c.opts = match.Default
	default:
		return fmt.Errorf("sensitivity %q: use stricter, default or looser", s)
	}
	if c.list == nil {
		if c.stored != nil {
			return errNoList("change the sensitivity")
		}
		return nil
	}
	m, err := match.Compile(c.list, c.opts)
	if err != nil {
		return err
	}
	c.matcher = m
	return nil
}

// Info returns the list in use, or a zero Info.
func (c *Core) Info() Info {
	if c.list == nil {
		if c.stored != nil {
			return c.stored.info
		}
		return Info{}
	}
	return Info{Name: c.list.Name, Version: c.list.Version, Created: c.list.Created, Rumors: len(c.list.Rumors),
		IndexMs: float64(c.indexTime.Microseconds()) / 1000, ListSHA256: hex.EncodeToString(c.sha[:])}
}

// Fields of one result in ScanBatch's flat output.
const (
	FieldText = iota // index of the text in the batch
	FieldRumor
	FieldPhrase
	FieldScore // score × 1000
	FieldTier  // 1 resembles, 2 matches
	FieldStart // UTF-16 offsets into the text
	FieldEnd
	FieldDebunked // 1 if words around it frame the rumor as false
	Fields
)

// ScanBatch scans each text and appends Fields int32s per match to out.
// Spans are UTF-16 code unit offsets, as JavaScript strings count.
func (c *Core) ScanBatch(texts []string, out []int32) []int32 {
	if c.matcher == nil {
		return out
	}
	for i, t := range texts {
		ms := c.matcher.Scan(t)
		if len(ms) == 0 {
			continue
		}
		conv := utf16Offsets{text: t}
		for _, m := range ms {
			deb := int32(0)
			if m.Debunked {
				deb = 1
			}
			out = append(out, int32(i), int32(m.Rumor), int32(m.Phrase), int32(m.Score*1000+0.5), int32(m.Tier),
				int32(conv.at(m.Start)), int32(conv.at(m.End)), deb)
		}
	}
	return out
}

// utf16Offsets converts byte offsets, at rune boundaries, to UTF-16 offsets
// in one walk per text: matches come sorted by start, and an end that lies
// past the next match's start is walked back from, a match's length at
// most. (It walked again from the text's start: with overlapping matches in
// a 1 MB text of curly quotes and apostrophes, 17% of a scan's time in
// Chromium at 1,000 rumors.)
type utf16Offsets struct {
	text      string
	byteAt, u int
}

func (c *utf16Offsets) at(b int) int {
	for c.byteAt > b {
		r, size := utf8.DecodeLastRuneInString(c.text[:c.byteAt])
		c.byteAt -= size
		c.u--
		if r >= 0x10000 {
			c.u--
		}
	}
	for c.byteAt < b {
		// ASCII 64 and then eight bytes at a time: pages are mostly ASCII,
		// and a match near the end of a long text would otherwise cost a
		// walk rune by rune. In Go's wasm code each turn of the loop is a
		// jump through the function's jump table: the walk to the end of
		// 1 MB took ~0.5 ms in node eight bytes a turn.
		if c.byteAt+64 <= b {
			t := c.text[c.byteAt : c.byteAt+64]
			if (load64(t, 0)|load64(t, 8)|load64(t, 16)|load64(t, 24)|load64(t, 32)|load64(t, 40)|load64(t, 48)|load64(t, 56))&0x8080808080808080 == 0 {
				c.byteAt += 64
				c.u += 64
				continue
			}
		}
		if c.byteAt+8 <= b {
			if load64(c.text[c.byteAt:c.byteAt+8], 0)&0x8080808080808080 == 0 {
				c.byteAt += 8
				c.u += 8
				continue
			}
		}
		if c.text[c.byteAt] < utf8.RuneSelf {
			c.byteAt++
			c.u++
			continue
		}
		r, size := utf8.DecodeRuneInString(c.text[c.byteAt:])
		c.byteAt += size
		c.u++
		if r >= 0x10000 {
			c.u++
		}
	}
	return c.u
}

// load64 reads eight bytes of s from i, little-endian; the compiler makes
// it one load.
func load64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// RumorsJSON renders the list's rumors for notes and the popup: id, family,
// verdict, texts, sources. Hand-written, so the wasm binary needs neither
// reflection nor encoding/json. After LoadStoredIndex, until AttachList,
// the notes are the extension's (StoredNotes) and this is "[]".
func (c *Core) RumorsJSON() string {
	if c.list == nil { // none, or only a stored index: see StoredNotes
		return "[]"
	}
	var b strings.Builder
	b.WriteByte('[')
	for i := range c.list.Rumors {
		if i > 0 {
			b.WriteByte(',')
		}
		appendRumorJSON(&b, &c.list.Rumors[i])
	}
	b.WriteByte(']')
	return b.String()
}

// appendRumorJSON writes one rumor as RumorsJSON lists it.
func appendRumorJSON(b *strings.Builder, r *rumorlist.Rumor) {
	b.WriteString(`{"id":`)
	jsonString(b, r.ID)
	b.WriteString(`,"family":`)
	jsonString(b, r.Family)
	b.WriteString(`,"verdict":`)
	jsonString(b, r.Verdict)
	b.WriteString(`,"updated":`)
	jsonString(b, r.Updated)
	b.WriteString(`,"texts":{`)
	for k, t := range r.Texts {
		if k > 0 {
			b.WriteByte(',')
		}
		jsonString(b, t.Lang)
		b.WriteString(`:{"claim":`)
		jsonString(b, t.Claim)
		b.WriteString(`,"summary":`)
		jsonString(b, t.Summary)
		b.WriteByte('}')
	}
	b.WriteString(`},"sources":[`)
	for k, s := range r.Sources {
		if k > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"url":`)
		jsonString(b, s.URL)
		b.WriteString(`,"publisher":`)
		jsonString(b, s.Publisher)
		b.WriteString(`,"date":`)
		jsonString(b, s.Date)
		b.WriteString(`,"lang":`)
		jsonString(b, s.Lang)
		b.WriteString(`,"title":`)
		jsonString(b, s.Title)
		b.WriteByte('}')
	}
	b.WriteString("]}")
}

func jsonString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b.WriteString(`\u`)
			h := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(h)) + h)
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// ErrorCode names an error for the extension, which words it for people.
func ErrorCode(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, rumorlist.ErrBadSignature):
		return "bad-signature"
	case errors.Is(err, rumorlist.ErrUnknownKey):
		return "unknown-key"
	case errors.Is(err, rumorlist.ErrTruncated):
		return "truncated"
	case errors.Is(err, rumorlist.ErrDowngrade):
		return "downgrade"
	case errors.Is(err, rumorlist.ErrNewerFormat):
		return "newer-format"
	case errors.Is(err, rumorlist.ErrManifestMismatch):
		return "manifest-mismatch"
	case errors.Is(err, rumorlist.ErrDeltaBase):
		return "delta-base"
	case errors.Is(err, rumorlist.ErrVersion):
		return "version"
	case errors.Is(err, rumorlist.ErrMalformed):
		return "malformed"
	case errors.Is(err, match.ErrStaleIndex):
		return "stale-index"
	case errors.Is(err, match.ErrCorruptIndex):
		return "corrupt-index"
	}
	return "error"
}
