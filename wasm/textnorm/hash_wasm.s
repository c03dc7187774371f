#include "textflag.h"

// classify the eight bytes at off of the block (R13) into bits sh..sh+7 of
// the word mask R6 (see classify in hash.go), and OR them into R10 for the
// ASCII test. R14, R15 and R11 are scratch.
#define CLASSIFY(off, sh) \
	Get R13; I32WrapI64; I64Load $off; Tee R14; \
	Get R10; I64Or; Set R10; \
	Get R14; I64Const $0x8080808080808080; I64Or; Tee R15; \
	I64Const $0x2020202020202020; I64Or; Tee R11; \
	I64Const $0x6161616161616161; I64Sub; \
	Get R11; I64Const $0x7b7b7b7b7b7b7b7b; I64Sub; I64Const $-1; I64Xor; I64And; \
	Get R15; I64Const $0x3030303030303030; I64Sub; \
	Get R15; I64Const $0x3a3a3a3a3a3a3a3a; I64Sub; I64Const $-1; I64Xor; I64And; \
	I64Or; \
	Get R14; I64Const $-1; I64Xor; I64And; \
	I64Const $0x8080808080808080; I64And; \
	I64Const $7; I64ShrU; I64Const $0x0102040810204080; I64Mul; I64Const $56; I64ShrU; \
	I64Const $sh; I64Shl; \
	Get R6; I64Or; Set R6

// GATHERHI puts the high bits of the eight bytes at off of the block (R13)
// into bits sh..sh+7 of R14.
#define GATHERHI(off, sh) \
	Get R13; I32WrapI64; I64Load $off; I64Const $0x8080808080808080; I64And; \
	I64Const $7; I64ShrU; I64Const $0x0102040810204080; I64Mul; I64Const $56; I64ShrU; \
	I64Const $sh; I64Shl; Get R14; I64Or; Set R14

// mix(h) of the value on the stack (see mix in hash.go); R15 is scratch.
#define MIX \
	I64Const $0xbf58476d1ce4e5b9; I64Mul; Tee R15; \
	Get R15; I64Const $31; I64ShrU; I64Xor

// func asciiBlocks(dst []Hashed, s string, i int) ([]Hashed, int, int)
//
// R1 dst len, R4 s len, R5 i, R6 the block's word mask, R7 word starts,
// R8 not-word mask, R9 a (word
// start), R10 e (word end; first the ASCII test), R11 1 when stopped at a
// word the Go walk must take (and the hash while hashing), R12 where the
// next Hashed goes, R13 the block's address, R14 R15 scratch; in a block R0
// its typographic separators' first bytes (typoSep in hash.go), R2 its
// typographic apostrophes' (typoDrop), R3 cut, the first byte of another
// character (64: none). dst's base and cap and s's base are read from the
// arguments when needed.
TEXT ·asciiBlocks(SB), NOSPLIT, $0-88
	MOVD dst_len+8(FP), R1
	MOVD s_len+32(FP), R4
	MOVD i+40(FP), R5
	I64Const $0
	Set R11

	Block // return
	Loop // block by block
		// while i+blockReach <= len(s) && cap-len >= blockWords
		Get R5
		I64Const $72
		I64Add
		Get R4
		I64GtU
		BrIf $1
		I64Load dst_cap+16(FP)
		Get R1
		I64Sub
		I64Const $32
		I64LtU
		BrIf $1

		I64Load s_base+24(FP)
		Get R5
		I64Add
		Set R13
		I64Const $0
		Set R6
		I64Const $0
		Set R10
		CLASSIFY(0, 0)
		CLASSIFY(8, 8)
		CLASSIFY(16, 16)
		CLASSIFY(24, 24)
		CLASSIFY(32, 32)
		CLASSIFY(40, 40)
		CLASSIFY(48, 48)
		CLASSIFY(56, 56)
		I64Const $0
		Set R0
		I64Const $0
		Set R2
		I64Const $64
		Set R3
		// Bytes over 0x7f: the typographic punctuation hashBlock takes
		// itself is taken here too (the same rules, see there); the first
		// other character, or one not whole in the block, is the cut.
		Get R10
		I64Const $0x8080808080808080
		I64And
		I64Eqz
		I32Eqz
		If
			I64Const $0
			Set R14
			GATHERHI(0, 0)
			GATHERHI(8, 8)
			GATHERHI(16, 16)
			GATHERHI(24, 24)
			GATHERHI(32, 32)
			GATHERHI(40, 40)
			GATHERHI(48, 48)
			GATHERHI(56, 56)
			Block
			Loop
				Get R14
				I64Eqz
				BrIf $1
				Get R14
				I64Ctz
				Tee R9
				I64Const $61
				I64GtU
				BrIf $1
				// The character's first three bytes, little-endian.
				Get R13
				Get R9
				I64Add
				I32WrapI64
				I64Load32U $0
				I64Const $0xffffff
				I64And
				Set R15
				// U+2018, U+2019: dropped (R10: 1 if so)
				Get R15
				I64Const $0x9880e2
				I64Eq
				Get R15
				I64Const $0x9980e2
				I64Eq
				I32Or
				I64ExtendI32U
				Set R10
				// U+00A0: a separator of two bytes (R8: 1 if so)
				Get R15
				I64Const $0xffff
				I64And
				I64Const $0xa0c2
				I64Eq
				I64ExtendI32U
				Set R8
				// U+2013, U+2014, U+201C, U+201D, U+2026, U+00A0: separators
				Get R15
				I64Const $0x9380e2
				I64Eq
				Get R15
				I64Const $0x9480e2
				I64Eq
				I32Or
				Get R15
				I64Const $0x9c80e2
				I64Eq
				I32Or
				Get R15
				I64Const $0x9d80e2
				I64Eq
				I32Or
				Get R15
				I64Const $0xa680e2
				I64Eq
				I32Or
				I64ExtendI32U
				Get R8
				I64Or
				Tee R15
				Get R10
				I64Or
				I64Eqz
				BrIf $1 // another character: the cut
				Get R0
				Get R15
				Get R9
				I64Shl
				I64Or
				Set R0
				Get R2
				Get R10
				Get R9
				I64Shl
				I64Or
				Set R2
				// special &^= (1<<n - 1) << p, n = 2 for U+00A0, else 3
				Get R14
				I64Const $7
				Get R8
				I64ShrU
				Get R9
				I64Shl
				I64Const $-1
				I64Xor
				I64And
				Set R14
				Br $0
			End
			End
			Get R14
			I64Ctz
			Set R3
		End

		// starts = word &^ (word << 1); nonWord = ^word
		Get R6
		Get R6
		I64Const $1
		I64Shl
		I64Const $-1
		I64Xor
		I64And
		Set R7
		Get R6
		I64Const $-1
		I64Xor
		Set R8
		I64Load dst_base+0(FP)
		Get R1
		I64Const $4
		I64Shl
		I64Add
		Set R12
		I64Const $0
		Set R11 // 1: a word the Go walk must take

		Block // words done or stopped
		Loop // word by word
			Get R7
			I64Eqz
			BrIf $1
			Get R7
			I64Ctz
			Set R9
			Get R8
			Get R9
			I64ShrU
			I64Ctz
			Get R9
			I64Add
			Tee R10
			Get R3
			I64GeU
			BrIf $1 // the word goes on past the block or the cut

			// The byte after the word: an apostrophe may join the word
			// ("don't"), a '.' an acronym ("A.I."): the Go walk decides.
			Get R13
			Get R10
			I64Add
			I32WrapI64
			I64Load8U $0
			Tee R14
			I64Const $39 // '\''
			I64Eq
			Get R14
			I64Const $96 // '`'
			I64Eq
			I32Or
			Get R2 // a typographic apostrophe
			Get R10
			I64ShrU
			I32WrapI64
			I32Const $1
			I32And
			I32Or
			If
				I64Const $1
				Set R11
				Br $2
			End
			Get R14
			I64Const $46 // '.'
			I64Eq
			If
				// isLetter(blk[e-1]) && (e < 2 || !isLetter(blk[e-2])),
				// without a branch: the byte before the block is in memory.
				Get R13
				Get R10
				I64Add
				I64Const $1
				I64Sub
				I32WrapI64
				I64Load8U $0
				I64Const $32
				I64Or
				I64Const $97
				I64Sub
				I64Const $26
				I64LtU
				Get R10
				I64Const $2
				I64LtU
				Get R13
				Get R10
				I64Add
				I64Const $2
				I64Sub
				I32WrapI64
				I64Load8U $0
				I64Const $32
				I64Or
				I64Const $97
				I64Sub
				I64Const $26
				I64GeU
				I32Or
				I32And
				If
					I64Const $1
					Set R11
					Br $3
				End
			End

			// The hash, eight bytes at a time (see HashWord): R14 is p,
			// R15 the state so far (scratch in MIX, so kept in R11 meanwhile).
			I64Const $0
			Set R11
			Get R9
			Set R14
			Block
			Loop
				Get R14
				I64Const $8
				I64Add
				Get R10
				I64GeU
				BrIf $1
				Get R11
				Get R13
				Get R14
				I64Add
				I32WrapI64
				I64Load $0
				I64Const $0x2020202020202020
				I64Or
				I64Xor
				MIX
				Set R11
				Get R14
				I64Const $8
				I64Add
				Set R14
				Br $0
			End
			End
			// The last one to eight bytes, masked to the word.
			Get R11
			Get R13
			Get R14
			I64Add
			I32WrapI64
			I64Load $0
			I64Const $0x2020202020202020
			I64Or
			I64Const $-1
			I64Const $64
			Get R10
			Get R14
			I64Sub
			I64Const $3
			I64Shl
			I64Sub
			I64ShrU
			I64And
			I64Xor
			MIX
			// finish(h, n): (h ^ n) * K; h ^= h >> 29; 0 becomes 1.
			Get R10
			Get R9
			I64Sub
			I64Xor
			I64Const $0x9E3779B97F4A7C15
			I64Mul
			Tee R15
			Get R15
			I64Const $29
			I64ShrU
			I64Xor
			Tee R15
			Get R15
			I64Const $-1
			I64Xor
			Get R15
			I64Const $1
			I64Sub
			I64And
			I64Const $63
			I64ShrU
			I64Or
			Set R15
			// Hashed{i+a, i+e, h}
			Get R12
			I32WrapI64
			Get R5
			Get R9
			I64Add
			I64Store32 $0
			Get R12
			I32WrapI64
			Get R5
			Get R10
			I64Add
			I64Store32 $4
			Get R12
			I32WrapI64
			Get R15
			I64Store $8
			Get R12
			I64Const $16
			I64Add
			Set R12
			Get R1
			I64Const $1
			I64Add
			Set R1
			I64Const $0
			Set R11
			// starts &= starts - 1
			Get R7
			Get R7
			I64Const $1
			I64Sub
			I64And
			Set R7
			Br $0
		End
		End

		// The next block starts after the words taken: at the first word
		// left (a word that goes on past the block, or one the Go walk
		// takes), or after the block.
		Get R7
		I64Ctz
		Tee R14
		Get R3
		Get R14
		Get R3
		I64LtU
		Select
		Get R5
		I64Add
		Set R14
		// Stopped at a word the Go walk must take, or at the cut: it
		// takes the next word, or leaves it to the byte-wise walk.
		Get R3
		I64Const $64
		I64LtU
		I64ExtendI32U
		Get R11
		I64Or
		Set R11
		Get R11
		I64Eqz
		I32Eqz
		If
			Get R14
			Set R5
			Br $2
		End
		Get R14
		Get R5
		I64Eq
		BrIf $1 // a word longer than the block
		Get R14
		Set R5
		Br $0
	End
	End

	MOVD dst_base+0(FP), R0
	MOVD dst_cap+16(FP), R2
	MOVD R0, ret_base+48(FP)
	MOVD R1, ret_len+56(FP)
	MOVD R2, ret_cap+64(FP)
	MOVD R5, ret1+72(FP)
	MOVD R11, ret2+80(FP)
	RET
