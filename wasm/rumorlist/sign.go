package rumorlist

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors of signature checking, each its own so a client can say exactly why
// it refused a list.
var (
	// ErrBadSignature: the bytes were changed after signing, or signed by a
	// different key than the one named.
	ErrBadSignature = errors.New("the list failed its signature check: it was modified or signed with another key")
	// ErrUnknownKey: signed by a key this client does not trust.
	ErrUnknownKey = errors.New("the list is signed by a key this client does not trust")
	// ErrManifestMismatch: the list does not match its signed manifest.
	ErrManifestMismatch = errors.New("the list does not match its signed manifest")
	// ErrDowngrade: a list whose version is not newer than the one in use.
	ErrDowngrade = errors.New("the list is not newer than the one in use")
)

// KeyID derives the id of a public key: "rg" and the first 8 bytes of its
// SHA-256 in hex. Ids are derived, never chosen, so one id cannot name two keys.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return "rg" + hex.EncodeToString(sum[:8])
}

// Keyring is the set of publisher keys a client or server trusts, by key id.
type Keyring map[string]ed25519.PublicKey

// Add trusts pub and returns its key id.
func (k Keyring) Add(pub ed25519.PublicKey) string {
	id := KeyID(pub)
	k[id] = pub
	return id
}

const pubPrefix = "rumorguard-ed25519-public"

// FormatPublicKey renders pub as one line: "rumorguard-ed25519-public ID BASE64".
func FormatPublicKey(pub ed25519.PublicKey) string {
	return pubPrefix + " " + KeyID(pub) + " " + base64.StdEncoding.EncodeToString(pub)
}

// ParsePublicKey reads a line written by FormatPublicKey and checks that the
// id belongs to the key.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	f := strings.Fields(s)
	if len(f) != 3 || f[0] != pubPrefix {
		return nil, fmt.Errorf("parse public key: want %q, got %q", pubPrefix+" ID BASE64", clip(s))
	}
	raw, err := base64.StdEncoding.DecodeString(f[2])
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("parse public key %s: not a base64 ed25519 public key", f[1])
	}
	pub := ed25519.PublicKey(raw)
	if KeyID(pub) != f[1] {
		return nil, fmt.Errorf("parse public key: id %s does not belong to this key (it is %s)", f[1], KeyID(pub))
	}
	return pub, nil
}

// ParseKeyring reads public keys, one per line; blank lines and # comments are skipped.
func ParseKeyring(text string) (Keyring, error) {
	k := Keyring{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pub, err := ParsePublicKey(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		k.Add(pub)
	}
	return k, nil
}

const privPrefix = "rumorguard-ed25519-private"

// FormatPrivateKey renders a private key for a 0600 file. It holds the seed,
// never printed by the tools.
func FormatPrivateKey(priv ed25519.PrivateKey) string {
	pub := priv.Public().(ed25519.PublicKey)
	return privPrefix + " " + KeyID(pub) + " " + base64.StdEncoding.EncodeToString(priv.Seed()) + "\n"
}

// ParsePrivateKey reads what FormatPrivateKey wrote.
func ParsePrivateKey(s string) (ed25519.PrivateKey, error) {
	f := strings.Fields(s)
	if len(f) != 3 || f[0] != privPrefix {
		return nil, errors.New("parse private key: not a Rumorguard private key file (make one with: rumorctl keygen)")
	}
	seed, err := base64.StdEncoding.DecodeString(f[2])
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errors.New("parse private key: the key data is damaged")
	}
	priv := ed25519.NewKeyFromSeed(seed)
	if KeyID(priv.Public().(ed25519.PublicKey)) != f[1] {
		return nil, errors.New("parse private key: the key id does not match the key")
	}
	return priv, nil
}

// Sign wraps encoded list bytes in a signed envelope.
func Sign(list []byte, priv ed25519.PrivateKey) ([]byte, error) {
	s := Signed{
		Format:    SignedFormat,
		KeyID:     KeyID(priv.Public().(ed25519.PublicKey)),
		Signature: ed25519.Sign(priv, list),
		List:      list,
	}
	return s.MarshalMsg(nil)
}

// Open checks a signed envelope against the trusted keys and decodes the list
// inside. It returns the list and the exact bytes that were signed.
func Open(signed []byte, keys Keyring) (*List, []byte, error) {
	env, err := OpenEnvelope(signed)
	if err != nil {
		return nil, nil, err
	}
	pub, ok := keys[env.KeyID]
	if !ok {
		return nil, nil, fmt.Errorf("%w (key %s)", ErrUnknownKey, clip(env.KeyID))
	}
	if !ed25519.Verify(pub, env.List, env.Signature) {
		return nil, nil, fmt.Errorf("%w (key %s)", ErrBadSignature, env.KeyID)
	}
	l, err := Decode(env.List)
	if err != nil {
		// Signed but undecodable: a publisher bug, not tampering.
		return nil, nil, fmt.Errorf("signed list: %w", err)
	}
	return l, env.List, nil
}

// OpenEnvelope parses the envelope without checking the signature.
func OpenEnvelope(signed []byte) (*Signed, error) {
	if err := checkBudget(signed, signedShape(), "signed list"); err != nil {
		return nil, err
	}
	if err := checkBounds(signed); err != nil {
		return nil, err
	}
	var env Signed
	rest, err := env.UnmarshalMsg(signed)
	if err != nil {
		return nil, classify(err)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%w: %d stray bytes after the signed list", ErrMalformed, len(rest))
	}
	if env.Format != SignedFormat {
		return nil, fmt.Errorf("%w: not a signed list (format %q)", ErrMalformed, clip(env.Format))
	}
	if len(env.Signature) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: signature has %d bytes, want %d", ErrBadSignature, len(env.Signature), ed25519.SignatureSize)
	}
	return &env, nil
}

// Manifest describes one published version. The server serves it as
// /v1/lists/{name}/latest; its signature lets a client trust a list it
// rebuilt from a delta by comparing sizes and hashes.
type Manifest struct {
	List       string `json:"list"`
	Version    uint64 `json:"version"`
	Created    int64  `json:"created"`
	Size       int    `json:"size"`        // bytes of the encoded list
	SHA256     string `json:"sha256"`      // hex SHA-256 of the encoded list
	SignedSize int    `json:"signed_size"` // bytes of the signed envelope (the download)
	KeyID      string `json:"key_id"`
	Signature  string `json:"signature"` // base64 ed25519 over SigningBytes
}

// SigningBytes is the canonical text a manifest signature covers. It is
// line-based, not JSON, so no JSON library's choices can change it.
func (m *Manifest) SigningBytes() []byte {
	var b bytes.Buffer
	b.WriteString("rumorguard-manifest/1\n")
	b.WriteString("list=" + m.List + "\n")
	b.WriteString("version=" + strconv.FormatUint(m.Version, 10) + "\n")
	b.WriteString("created=" + strconv.FormatInt(m.Created, 10) + "\n")
	b.WriteString("size=" + strconv.Itoa(m.Size) + "\n")
	b.WriteString("sha256=" + m.SHA256 + "\n")
	b.WriteString("signed_size=" + strconv.Itoa(m.SignedSize) + "\n")
	b.WriteString("key_id=" + m.KeyID + "\n")
	return b.Bytes()
}

// NewManifest signs a manifest for a signed envelope.
func NewManifest(signed []byte, priv ed25519.PrivateKey) (*Manifest, error) {
	env, err := OpenEnvelope(signed)
	if err != nil {
		return nil, err
	}
	l, err := Decode(env.List)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(env.List)
	m := &Manifest{
		List: l.Name, Version: l.Version, Created: l.Created,
		Size: len(env.List), SHA256: hex.EncodeToString(sum[:]), SignedSize: len(signed),
		KeyID: KeyID(priv.Public().(ed25519.PublicKey)),
	}
	m.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, m.SigningBytes()))
	return m, nil
}

// Verify checks the manifest's version and its signature against the
// trusted keys.
func (m *Manifest) Verify(keys Keyring) error {
	if err := CheckVersion(m.Version); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	pub, ok := keys[m.KeyID]
	if !ok {
		return fmt.Errorf("manifest: %w (key %s)", ErrUnknownKey, clip(m.KeyID))
	}
	sig, err := base64.StdEncoding.DecodeString(m.Signature)
	if err != nil || !ed25519.Verify(pub, m.SigningBytes(), sig) {
		return fmt.Errorf("manifest: %w", ErrBadSignature)
	}
	return nil
}

// Matches reports whether list bytes are the ones the manifest describes.
func (m *Manifest) Matches(list []byte) error {
	if len(list) != m.Size {
		return fmt.Errorf("%w: %d bytes, manifest says %d", ErrManifestMismatch, len(list), m.Size)
	}
	sum := sha256.Sum256(list)
	if hex.EncodeToString(sum[:]) != m.SHA256 {
		return fmt.Errorf("%w: sha256 differs", ErrManifestMismatch)
	}
	return nil
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
