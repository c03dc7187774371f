package textnorm

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// HashWord is the 64-bit hash of a normalized word that the matcher keys
// its vocabulary by. AppendHashes computes the same hash while it tokenizes, so
// the scanner never builds the word: eight bytes at a time are packed into
// a word and mixed with one multiply.
func HashWord(w []byte) uint64 {
	var z hasher
	// Eight bytes a turn, as eight adds would: the matcher hashes words of
	// candidate windows with it (joined contractions), ~1% of a scan at
	// 100,000 rumors in node byte by byte.
	for ; len(w) >= 8; w = w[8:] {
		z.addN(binary.LittleEndian.Uint64(w), 8)
	}
	if len(w) > 0 {
		var b [8]byte
		copy(b[:], w)
		z.addN(binary.LittleEndian.Uint64(b[:]), len(w))
	}
	return z.sum()
}

type hasher struct {
	h, x uint64
	k    uint // bits in x
	n    int  // bytes added
}

func mix(h uint64) uint64 {
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>31
}

func (z *hasher) add(c byte) {
	z.x |= uint64(c) << z.k
	z.k += 8
	z.n++
	if z.k == 64 {
		z.h = mix(z.h ^ z.x)
		z.x, z.k = 0, 0
	}
}

// addN adds the low r bytes of v (1 ≤ r ≤ 8), as r calls of add would.
func (z *hasher) addN(v uint64, r int) {
	if r < 8 {
		v &= 1<<(8*uint(r)) - 1
	}
	z.x |= v << z.k
	z.n += r
	k := z.k + 8*uint(r)
	if k >= 64 {
		z.h = mix(z.h ^ z.x)
		z.x = v >> (64 - z.k) // the bytes that did not fit; 0 when z.k is 0
		k -= 64
	}
	z.k = k
}

// wordRun looks at eight bytes of text at once and returns how many of them,
// from the first, are ASCII letters or digits, and those bytes lower-cased:
// most of a page's bytes are in such runs, and taking them eight at a time
// instead of one by one is the tokenizer's main speed-up.
func wordRun(v uint64) (folded uint64, n int) {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	V := v | hi // per byte: no borrow crosses bytes in the subtractions below
	// Setting 0x20 maps A-Z onto a-z and nothing else into a-z ('@' is '`',
	// '[' is '{'), so one range test finds letters of either case.
	L := V | lo*0x20
	letter := (L - lo*'a') &^ (L - lo*('z'+1))
	digit := (V - lo*'0') &^ (V - lo*('9'+1))
	m := (letter | digit) & hi &^ v
	return v | (letter&m)>>2, bits.TrailingZeros64(^m&hi) >> 3
}

// endsWord marks the bytes that end a word wherever they are: ASCII
// separators except '.', which may be inside an acronym ("A.I.").
var endsWord = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = asciiFold[c] == 0 && c != '.'
	}
	return t
}()

func load64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func (z *hasher) sum() uint64 {
	h := z.h
	if z.k > 0 {
		h = mix(h ^ z.x)
	}
	return finish(h, z.n)
}

// finish ends the hash of n bytes whose mixed state is h.
func finish(h uint64, n int) uint64 {
	h = (h ^ uint64(n)) * 0x9E3779B97F4A7C15
	h ^= h >> 29
	// 0 marks an empty slot in the matcher's table: 1 instead, without a
	// branch (^h & (h-1) has its top bit set only when h is 0).
	return h | (^h&(h-1))>>63
}

// Hashed is a token as the matcher's scan loop sees it: where it is and the
// HashWord of its normalized text.
type Hashed struct {
	Start, End int32
	Hash       uint64
}

// hashWords appends to dst the ASCII words of s from i, which must not be
// inside a word, and returns where it stopped: near the end of s, at dst's
// capacity, or at a byte or word it leaves to AppendHashes (non-ASCII, an
// apostrophe, a '.' that may be inside an acronym). Most page text is such
// words. hashBlocks takes them 64 bytes at a time while at least
// blockReach bytes are left; the loop here, word by word, takes the rest up
// to the end and the words the blocks leave. It makes no calls, not even
// append's: Go's wasm code pays for call sites in a loop, and taking this
// walk out of AppendHashes, which calls the rune decoder and the folding
// table, made it about a quarter faster under node (the commit that added
// it has the numbers).
func hashWords(dst []Hashed, s string, i int) ([]Hashed, int) {
	dst, i = hashBlocks(dst, s, i)
	for i+8 <= len(s) && len(dst) < cap(dst) {
		c := s[i]
		if c >= utf8.RuneSelf {
			return dst, i
		}
		if asciiFold[c] == 0 {
			i++ // a separator between words ('.' too: no word is in progress)
			continue
		}
		if asciiFold[c] == 1 {
			return dst, i // an apostrophe: it may sit inside a word
		}
		// A word: eight bytes at a time while they are all letters or digits.
		var z hasher
		j := i
		v, n := wordRun(load64(s, j))
		for n == 8 && j+16 <= len(s) {
			z.addN(v, 8)
			j += 8
			v, n = wordRun(load64(s, j))
		}
		if n == 8 {
			return dst, i // near the end of s: the byte-wise walk finishes
		}
		e := j + n // the byte after the word
		if b := s[e]; !endsWord[b] && !(b == '.' && !(isASCIILetter(s[e-1]) && (e < 2 || !isASCIILetter(s[e-2])))) {
			return dst, i // the word may go on past s[e] ("don't", "A.I.", "privé")
		}
		var h uint64
		if z.n == 0 { // a word of under eight bytes, most words: hashed straight
			w := hasher{x: v & (1<<(8*uint(n)) - 1), k: 8 * uint(n), n: n}
			h = w.sum()
		} else {
			z.addN(v, n)
			h = z.sum()
		}
		dst = dst[:len(dst)+1]
		dst[len(dst)-1] = Hashed{int32(i), int32(e), h}
		i = e + 1
	}
	return dst, i
}

// AppendHashes appends to dst the span and HashWord of every token of s, the
// tokens Each yields, without materializing them: the matcher's hot loop.
// Filling a slice rather than calling back per token lets the caller's loop
// stay free of calls. Offsets are int32, so s must be shorter than 2 GB.
// The two walks must agree; FuzzNormalize checks that they do.
func (t *Tokenizer) AppendHashes(dst []Hashed, s string) []Hashed {
	var z hasher
	start, end := -1, -1
	// After a run shorter than eight bytes the next byte is not a letter or
	// digit: go straight to the byte-wise path for it.
	tryRun := true
	resume := 0
	for i := 0; i < len(s); {
		if z.n == 0 && i >= resume {
			// Between words: plain ASCII words go through hashWords, a loop
			// without calls; the walk below takes what it leaves, at least
			// one byte before hashWords is tried again.
			if cap(dst)-len(dst) < 2*blockWords {
				dst = slices.Grow(dst, len(s)/8+2*blockWords)
			}
			dst, i = hashWords(dst, s, i)
			resume = i + 1
			if i >= len(s) {
				break
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if z.n == 0 && asciiFold[c] <= 1 {
				i++ // a separator (or a dropped byte) between words
				continue
			}
			if tryRun && i+8 <= len(s) {
				// Letters and digits eight at a time here too: the word
				// hashWords left, or one that goes on after an apostrophe or
				// a non-ASCII letter.
				if v, n := wordRun(load64(s, i)); n > 0 {
					if z.n == 0 {
						start = i
					}
					z.addN(v, n)
					i += n
					end = i
					tryRun = n == 8
					continue
				}
			}
			tryRun = true
			switch f := asciiFold[c]; f {
			case 0:
				if z.n > 0 && !(c == '.' && t.inAcronym(s, i, 1)) {
					dst = append(dst, Hashed{int32(start), int32(end), z.sum()})
					z = hasher{}
				}
			case 1:
			default:
				if z.n == 0 {
					start = i
				}
				z.add(f)
				end = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		f := t.fold(r)
		switch f.class {
		case classWord:
			if z.n == 0 {
				start = i
			}
			for k := 0; k < len(f.s); k++ {
				z.add(f.s[k])
			}
			end = i + size
		case classSep, classOwn:
			if z.n > 0 && !(f.class == classSep && isDot(r) && t.inAcronym(s, i, size)) {
				dst = append(dst, Hashed{int32(start), int32(end), z.sum()})
				z = hasher{}
			}
			if f.class == classOwn {
				var o hasher
				for k := 0; k < len(f.s); k++ {
					o.add(f.s[k])
				}
				dst = append(dst, Hashed{int32(i), int32(i + size), o.sum()})
			}
		}
		i += size
	}
	if z.n > 0 {
		dst = append(dst, Hashed{int32(start), int32(end), z.sum()})
	}
	return dst
}

// blockReach is how far past a block's start hashBlock reads: a word that
// ends inside the block is loaded eight bytes at a time from its start.
// blockWords is the most words a block can hold.
const (
	blockReach = 64 + 8
	blockWords = 32
)

// gather packs the high bit of each byte of m into eight bits, byte k's to
// bit k: the products of the shifted bits and the constant land on distinct
// bits, so no carry disturbs the top byte.
func gather(m uint64) uint64 { return (m >> 7) * 0x0102040810204080 >> 56 }

// classify returns a bit per byte of v (byte k to bit k), set for an ASCII
// letter or digit.
func classify(v uint64) uint64 {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	V := v | hi
	L := V | lo*0x20
	alnum := ((L - lo*'a') &^ (L - lo*('z'+1))) | ((V - lo*'0') &^ (V - lo*('9'+1)))
	return gather(alnum &^ v & hi)
}

// hashBlocks appends the words of s from i (not inside a word), 64 bytes
// at a time while s has blockReach bytes left and dst room for a block's
// words, and returns where it stopped: in one call, since a call in Go's
// wasm code passes its arguments and results through memory. Each block
// gives the words that lie whole in it and the next block starts after them. It classifies the block's bytes into bit masks first,
// eight at a time, and then takes each word from its start and end bits, so
// the number of branches follows the words, not the bytes or the length of
// each word: Go's wasm code sends every taken branch through the function's
// jump table, and a word-by-word walk took one for every byte class it
// tested. Everything from the first non-ASCII byte on is left to the
// byte-wise walk, and so is a word that ends at a byte that may continue it
// (an apostrophe, a dot after a letter that follows a non-letter: "don't",
// "A.I.").
func hashBlocks(dst []Hashed, s string, i int) ([]Hashed, int) {
	for {
		// The wasm build takes plain ASCII blocks in hand-written wasm
		// first (asciiBlocks); the rest, and every block of other builds,
		// one block at a time here.
		words := blockWords
		if fastBlocks {
			var oneWord int
			dst, i, oneWord = asciiBlocks(dst, s, i)
			if oneWord == 1 {
				// A word at an apostrophe or a dot: this walk takes it,
				// and the wasm loop what follows (a block here costs
				// about three there).
				words = 1
			}
		}
		var q int
		if dst, q = hashBlock(dst, s, i, words); q == i {
			return dst, i
		}
		i = q
	}
}

// hashBlock is one block of hashBlocks: it returns the words that lie whole in
// the 64 bytes of s from i, at most words of them, and where the next block
// starts, or i when it took nothing.
func hashBlock(dst []Hashed, s string, i, words int) ([]Hashed, int) {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	if i+blockReach <= len(s) && cap(dst)-len(dst) >= blockWords {
		// Offsets into blk are below 64 and its length is constant, so the
		// compiler drops the bounds checks of the loads below.
		blk := s[i : i+blockReach]
		// Unrolled: a loop's every turn is a taken branch, see above.
		word := classify(load64(blk, 0)) | classify(load64(blk, 8))<<8 |
			classify(load64(blk, 16))<<16 | classify(load64(blk, 24))<<24 |
			classify(load64(blk, 32))<<32 | classify(load64(blk, 40))<<40 |
			classify(load64(blk, 48))<<48 | classify(load64(blk, 56))<<56
		var special uint64
		if ascii := load64(blk, 0) | load64(blk, 8) | load64(blk, 16) | load64(blk, 24) |
			load64(blk, 32) | load64(blk, 40) | load64(blk, 48) | load64(blk, 56); ascii&hi != 0 {
			special = gather(load64(blk, 0)&hi) | gather(load64(blk, 8)&hi)<<8 |
				gather(load64(blk, 16)&hi)<<16 | gather(load64(blk, 24)&hi)<<24 |
				gather(load64(blk, 32)&hi)<<32 | gather(load64(blk, 40)&hi)<<40 |
				gather(load64(blk, 48)&hi)<<48 | gather(load64(blk, 56)&hi)<<56
		}
		// Typographic punctuation, common on pages, the block walk takes
		// itself, as Each folds it: the apostrophes U+2018 and U+2019 are
		// dropped (typoDrop marks their first byte); the double quotes
		// U+201C and U+201D, the dashes U+2013 and U+2014, the ellipsis
		// U+2026 and the no-break space U+00A0 separate words (typoSep).
		// The first other non-ASCII byte, or a character not whole in the
		// block, is where the byte-wise walk takes over. Written inline: as
		// a call it slowed ASCII text by ~5% in wasm.
		var typoSep, typoDrop uint64
		for special != 0 {
			p := bits.TrailingZeros64(special) & 63
			if p > 61 {
				break
			}
			n := uint(3)
			if b0, b1, b2 := blk[p], blk[p+1], blk[p+2]; b0 == 0xE2 && b1 == 0x80 && (b2 == 0x98 || b2 == 0x99) {
				typoDrop |= 1 << uint(p)
			} else if b0 == 0xE2 && b1 == 0x80 && (b2 == 0x93 || b2 == 0x94 || b2 == 0x9C || b2 == 0x9D || b2 == 0xA6) {
				typoSep |= 1 << uint(p)
			} else if b0 == 0xC2 && b1 == 0xA0 {
				typoSep |= 1 << uint(p)
				n = 2
			} else {
				break
			}
			special &^= (1<<n - 1) << uint(p)
		}
		cut := bits.TrailingZeros64(special) // 64 when there is none
		starts := word &^ (word << 1)
		nonWord := ^word
		// The words are written through an array pointer: one bounds check
		// per block, not one per word. A block holds at most 32 words.
		out := (*[blockWords]Hashed)(dst[len(dst) : len(dst)+blockWords])
		nw := 0
		for starts != 0 {
			a := bits.TrailingZeros64(starts) & 63
			// 64 or more when the word goes on past the block.
			e := a + bits.TrailingZeros64(nonWord>>uint(a))
			if e >= cut {
				break
			}
			e &= 63
			// Before a one-byte word at the block's start is a byte that is
			// not a letter (i is not inside a word).
			if b := blk[e]; !endsWord[b] && (b != '.' || isASCIILetter(blk[e-1]) && (e < 2 || !isASCIILetter(blk[e-2]))) && typoSep>>uint(e)&1 == 0 {
				if b == '.' {
					cut = a // the byte-wise walk takes this word and what follows
					break
				}
				// An apostrophe: the word may go on after it ("don't").
				h, end, next := joinWord(blk, word, typoDrop, cut, a, e)
				if next < 0 {
					cut = a
					break
				}
				out[nw&(blockWords-1)] = Hashed{int32(i + a), int32(i + end), h}
				nw++
				starts &^= 1<<uint(next) - 1
				if nw == words {
					break
				}
				continue
			}
			n := e - a
			var h uint64
			if n <= 8 {
				// Letters get 0x20 set, which lower-cases A-Z and leaves a-z
				// and digits as they are; the shift is below 64, and the mask
				// tells the compiler so.
				h = finish(mix((load64(blk, a)|lo*0x20)&(^uint64(0)>>(uint(64-8*n)&63))), n)
			} else {
				var z hasher
				p := a
				for ; p+8 < e; p += 8 {
					z.addN(load64(blk, p&63)|lo*0x20, 8)
				}
				z.addN(load64(blk, p&63)|lo*0x20, e-p)
				h = z.sum()
			}
			out[nw&(blockWords-1)] = Hashed{int32(i + a), int32(i + e), h}
			nw++
			starts &= starts - 1
			if nw == words {
				break
			}
		}
		// The next block starts at the first word left: one that goes on
		// past the block (i when it is longer than the block) or one the
		// byte-wise walk must take.
		return dst[:len(dst)+nw], i + min(bits.TrailingZeros64(starts), cut)
	}
	return dst, i
}

// joinWord hashes the word of blk from a whose first run of letters and
// digits ends at an apostrophe at e (ASCII, or typographic: typoDrop has a
// bit at the first byte of each in blk): dropped bytes do not split a word, so
// a run that follows them joins it ("don't" is "dont"). It returns the hash,
// where the word ends (after its last letter or digit) and where the walk
// goes on, or next < 0 when the byte-wise walk must decide (the word reaches
// cut or a dot that may join an acronym).
func joinWord(blk string, word, typoDrop uint64, cut, a, e int) (h uint64, end, next int) {
	const lo = 0x0101010101010101
	var z hasher
	p, j := a, e
	for {
		for ; p+8 < j; p += 8 {
			z.addN(load64(blk, p&63)|lo*0x20, 8)
		}
		z.addN(load64(blk, p&63)|lo*0x20, j-p)
		end = j
		for j < cut {
			if blk[j] == '\'' || blk[j] == '`' {
				j++
			} else if typoDrop>>uint(j)&1 != 0 {
				j += 3
			} else {
				break
			}
		}
		if j >= cut {
			return 0, 0, -1
		}
		if word>>uint(j)&1 == 0 {
			break
		}
		p = j
		j += bits.TrailingZeros64(^word >> uint(j))
		if j >= cut {
			return 0, 0, -1
		}
	}
	if b := blk[j]; b == '.' && j == end && isASCIILetter(blk[j-1]) && !isASCIILetter(blk[j-2]) {
		return 0, 0, -1
	}
	return z.sum(), end, j
}
