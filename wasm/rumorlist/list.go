// Package rumorlist defines the Rumorguard list format: the one schema that the
// core, the server and the maintainers' tools share.
//
// The schema is plain Go below; the MessagePack encoder and decoder are generated
// by msgp (go generate) into list_gen.go, so nobody hand-writes either. Every
// collection is a slice sorted by the builder, never a map, because map order is
// random and a list must encode to the same bytes from the same sources (its
// signature covers those bytes).
//
// Lists arrive from the network, so Decode never trusts a length header: it
// walks the message first and refuses any array or map that claims more
// elements than the remaining bytes could hold, and the generated decoder is
// bounded again by the msgp:limit directive below.
package rumorlist

//go:generate go tool msgp -io=false -tests=true

//msgp:limit arrays:67108864 maps:64

// List is one named, versioned rumor list.
type List struct {
	// Format is FormatVersion; a decoder refuses lists of a newer format.
	Format int `msg:"format"`
	// Name is the list's name, such as "default"; it is part of the download path.
	Name string `msg:"name"`
	// Version only grows: a client refuses a list whose version is not greater
	// than the one it has.
	Version uint64 `msg:"version"`
	// Created is when the list was built, in Unix seconds (UTC).
	Created int64 `msg:"created"`
	// Publisher names who maintains the list, shown in the extension's popup.
	Publisher string `msg:"publisher"`
	// Rumors are sorted by ID.
	Rumors []Rumor `msg:"rumors"`
	// FactCheckers are fact-checking publishers, sorted by domain: the
	// extension treats their pages as fact-checks (wasm/framing).
	FactCheckers []FactChecker `msg:"fact_checkers,omitempty"`
}

// FactChecker is one fact-checking publisher and where the list learned it is one.
type FactChecker struct {
	Domain string `msg:"domain"` // covers its subdomains: "correctiv.org"
	Name   string `msg:"name"`
	Source string `msg:"source"` // URL of the public record naming it (e.g. an IFCN signatory list)
}

// Rumor is one debunked claim and the phrases it circulates as.
type Rumor struct {
	// ID is a stable slug ("meta-dm-ai-training-2025"); it never changes once published.
	ID string `msg:"id"`
	// Family groups variants of one hoax, so the next mutation is caught by the
	// phrases of its relatives and shown with the same explanation.
	Family string `msg:"family"`
	// Verdict is one of the Verdict constants.
	Verdict string `msg:"verdict"`
	// Texts holds the claim and what is actually true, per language, sorted by language.
	Texts []Text `msg:"texts"`
	// Sources are the fact-checks that back the verdict.
	Sources []Source `msg:"sources"`
	// Phrases are the wordings the rumor circulates in, per language, sorted by language.
	Phrases []Phrases `msg:"phrases"`
	// MustMatch and MustNotMatch are examples the matcher is tested against
	// before a list is published.
	MustMatch    []Example `msg:"must_match"`
	MustNotMatch []Example `msg:"must_not_match"`
	// Updated is when this entry last changed, as YYYY-MM-DD.
	Updated string `msg:"updated"`
}

// Text is a rumor's claim and summary in one language.
type Text struct {
	Lang string `msg:"lang"` // BCP 47 primary language subtag: "en", "nl"
	// Claim states the rumor in one line, neutrally ("Meta will train its AI on your DMs from 16 December").
	Claim string `msg:"claim"`
	// Summary says what is actually true, in a few sentences.
	Summary string `msg:"summary"`
}

// Source is one published fact-check or primary source.
type Source struct {
	URL       string `msg:"url"`
	Publisher string `msg:"publisher"`
	Date      string `msg:"date"` // YYYY-MM-DD
	Lang      string `msg:"lang"`
	Title     string `msg:"title"`
}

// Phrases are the wordings of a rumor in one language, as they circulated.
type Phrases struct {
	Lang  string   `msg:"lang"`
	Texts []string `msg:"texts"`
}

// Example is a text that must (or must not) match its rumor.
type Example struct {
	Lang string `msg:"lang"`
	Text string `msg:"text"`
}

// SignedFormat tags a signed envelope, so other MessagePack data is never
// mistaken for a list.
const SignedFormat = "rumorguard-signed-list/1"

// Signed is what the server stores and clients download: the encoded list and
// an ed25519 signature over exactly those bytes.
type Signed struct {
	Format    string `msg:"format"`
	KeyID     string `msg:"key_id"`
	Signature []byte `msg:"sig"`
	List      []byte `msg:"list"`
}

// DeltaFormat tags a delta, so other MessagePack data is never mistaken for one.
const DeltaFormat = "rumorguard-delta/1"

// Delta turns version From of a list into version To: the rumors removed and
// the rumors added or changed, whole. The server computes deltas; a client
// applies one to the list it has and checks the result against the signed
// manifest of version To, so a delta needs no signature of its own.
type Delta struct {
	Format    string   `msg:"format"`
	List      string   `msg:"list"`
	From      uint64   `msg:"from"`
	To        uint64   `msg:"to"`
	Created   int64    `msg:"created"`
	Publisher string   `msg:"publisher"`
	Removed   []string `msg:"removed"`
	Upserted  []Rumor  `msg:"upserted"`
	// FactCheckers is the new list's whole set (it is small): a delta
	// rebuilds the list byte for byte, or its manifest's hash fails.
	FactCheckers []FactChecker `msg:"fact_checkers,omitempty"`
}
