package rumorlist

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ParseManifest reads a manifest's JSON. It is hand-written so the wasm
// core needs no encoding/json (56 KB of the gzipped binary), and it accepts
// exactly what encoding/json would decode into a Manifest, field for field:
// FuzzParseManifest compares the two. Unknown keys are skipped.
func ParseManifest(b []byte) (*Manifest, error) {
	p := &jsonParser{b: b}
	m := &Manifest{}
	p.ws()
	if !p.eat('{') {
		return nil, p.fail("want an object")
	}
	p.ws()
	if p.eat('}') {
		return m, p.end()
	}
	for {
		p.ws()
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.ws()
		if !p.eat(':') {
			return nil, p.fail("want ':'")
		}
		p.ws()
		// Keys match as in encoding/json: case-insensitively.
		for _, f := range manifestKeys {
			if strings.EqualFold(key, f) {
				key = f
				break
			}
		}
		switch key {
		case "list", "sha256", "key_id", "signature":
			s, err := p.str()
			if err != nil {
				return nil, err
			}
			switch key {
			case "list":
				m.List = s
			case "sha256":
				m.SHA256 = s
			case "key_id":
				m.KeyID = s
			case "signature":
				m.Signature = s
			}
		case "version", "created", "size", "signed_size":
			n, err := p.num()
			if err != nil {
				return nil, err
			}
			switch key {
			case "version":
				v, err := strconv.ParseUint(n, 10, 64)
				if err != nil {
					return nil, p.fail("version is not a whole number")
				}
				m.Version = v
			case "created":
				v, err := strconv.ParseInt(n, 10, 64)
				if err != nil {
					return nil, p.fail("created is not a whole number")
				}
				m.Created = v
			default:
				v, err := strconv.ParseInt(n, 10, 0)
				if err != nil {
					return nil, p.fail(key + " is not a whole number")
				}
				if key == "size" {
					m.Size = int(v)
				} else {
					m.SignedSize = int(v)
				}
			}
		default:
			if err := p.skip(0); err != nil {
				return nil, err
			}
		}
		p.ws()
		if p.eat('}') {
			return m, p.end()
		}
		if !p.eat(',') {
			return nil, p.fail("want ',' or '}'")
		}
	}
}

var manifestKeys = []string{"list", "version", "created", "size", "sha256", "signed_size", "key_id", "signature"}

type jsonParser struct {
	b []byte
	i int
}

var errManifestJSON = errors.New("manifest: not valid JSON")

func (p *jsonParser) fail(msg string) error {
	return fmt.Errorf("%w: %s at byte %d", errManifestJSON, msg, p.i)
}

func (p *jsonParser) ws() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

func (p *jsonParser) eat(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *jsonParser) end() error {
	p.ws()
	if p.i != len(p.b) {
		return p.fail("stray bytes after the object")
	}
	return nil
}

func (p *jsonParser) str() (string, error) {
	if !p.eat('"') {
		return "", p.fail("want a string")
	}
	var out []byte
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return string(out), nil
		case c < 0x20:
			return "", p.fail("control character in a string")
		case c == '\\':
			if p.i+1 >= len(p.b) {
				return "", p.fail("unfinished escape")
			}
			e := p.b[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", p.fail("bad \\u escape")
				}
				if utf16.IsSurrogate(r) {
					// A pair makes one rune; a lone half becomes U+FFFD, as in encoding/json.
					save := p.i
					if p.eat('\\') && p.eat('u') {
						if r2, ok := p.hex4(); ok {
							if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
								out = utf8.AppendRune(out, d)
								continue
							}
						}
					}
					p.i = save
					r = utf8.RuneError
				}
				out = utf8.AppendRune(out, r)
			default:
				return "", p.fail("bad escape")
			}
		default:
			// Invalid UTF-8 becomes U+FFFD, as in encoding/json.
			r, size := utf8.DecodeRune(p.b[p.i:])
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
			} else {
				out = append(out, p.b[p.i:p.i+size]...)
			}
			p.i += size
		}
	}
	return "", p.fail("unfinished string")
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.b) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.b[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(v), true
}

// num returns the text of a JSON number (its grammar checked).
func (p *jsonParser) num() (string, error) {
	start := p.i
	p.eat('-')
	switch {
	case p.eat('0'):
	case p.i < len(p.b) && p.b[p.i] >= '1' && p.b[p.i] <= '9':
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
		}
	default:
		return "", p.fail("want a number")
	}
	if p.eat('.') {
		if !p.digits() {
			return "", p.fail("bad fraction")
		}
	}
	if p.eat('e') || p.eat('E') {
		if !p.eat('+') {
			p.eat('-')
		}
		if !p.digits() {
			return "", p.fail("bad exponent")
		}
	}
	return string(p.b[start:p.i]), nil
}

func (p *jsonParser) digits() bool {
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}

// skip skips any JSON value.
func (p *jsonParser) skip(depth int) error {
	if depth > 32 {
		return p.fail("nested too deeply")
	}
	p.ws()
	if p.i >= len(p.b) {
		return p.fail("want a value")
	}
	switch c := p.b[p.i]; {
	case c == '"':
		_, err := p.str()
		return err
	case c == '{' || c == '[':
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		p.i++
		p.ws()
		if p.eat(closer) {
			return nil
		}
		for {
			if c == '{' {
				p.ws()
				if _, err := p.str(); err != nil {
					return err
				}
				p.ws()
				if !p.eat(':') {
					return p.fail("want ':'")
				}
			}
			if err := p.skip(depth + 1); err != nil {
				return err
			}
			p.ws()
			if p.eat(closer) {
				return nil
			}
			if !p.eat(',') {
				return p.fail("want ','")
			}
		}
	case c == 't':
		return p.word("true")
	case c == 'f':
		return p.word("false")
	case c == 'n':
		return p.word("null")
	default:
		_, err := p.num()
		return err
	}
}

func (p *jsonParser) word(w string) error {
	if p.i+len(w) <= len(p.b) && string(p.b[p.i:p.i+len(w)]) == w {
		p.i += len(w)
		return nil
	}
	return p.fail("want " + w)
}
