#include "textflag.h"

// The filter probes of scan.go's probeFilterGo and probeOneSlotGo, as wasm
// loops over locals. Registers: R0 toks' base, R1 the next content word,
// R2 the end of content, R3 the next passed pair's place, R4 the filter's
// base, R5 n (the slot's filter words), R6 prev1, R7 prev2, R8 np, R9 h,
// R10 j, R11 p, R12 the probe's mask (and scratch), R13 fdir's base, R14
// ndir, R15 first (the slot's first filter word).

// PROBE probes the pair of the content word before (prev) and this one, as
// the Go loop does: the pair is written to pass in any case and counted only
// if every bit of its mask is set in its filter word.
#define PROBE(prev) \
	Get prev; I64Eqz; Get prev; Get R9; I64Eq; I32Or; I32Eqz; \
	If; \
	Get prev; I64Const $0x9E3779B97F4A7C15; I64Mul; Get R9; I64Xor; I64Const $0xbf58476d1ce4e5b9; I64Mul; Tee R11; \
	Get R11; I64Const $31; I64ShrU; I64Xor; Tee R11; \
	Get R11; I32WrapI64; I32Eqz; I64ExtendI32U; I64Or; Set R11; \
	Get R3; I32WrapI64; Get R11; I64Store $0; \
	Get R3; I32WrapI64; Get R10; I64Store32 $8; \
	I64Const $1; Get R11; I64Shl; \
	I64Const $1; Get R11; I64Const $6; I64ShrU; I64Shl; I64Or; \
	I64Const $1; Get R11; I64Const $12; I64ShrU; I64Shl; I64Or; Set R12; \
	Get R4; Get R11; I64Const $32; I64ShrU; Get R5; I64Mul; I64Const $32; I64ShrU; Get R15; I64Add; I64Const $3; I64Shl; I64Add; \
	I32WrapI64; I64Load $0; Get R12; I64And; Get R12; I64Eq; I64ExtendI32U; Tee R12; \
	I64Const $4; I64Shl; Get R3; I64Add; Set R3; \
	Get R8; Get R12; I64Add; Set R8; \
	End

// NEXTWORD loads this content word's token index into R10 and its hash into
// R9.
#define NEXTWORD \
	Get R1; I32WrapI64; I64Load32S $0; Set R10; \
	Get R0; Get R10; I64Const $4; I64Shl; I64Add; I32WrapI64; I64Load $8; Set R9

// ADVANCE shifts the last two content words and moves to the next.
#define ADVANCE \
	Get R6; Set R7; Get R9; Set R6; \
	Get R1; I64Const $4; I64Add; Set R1

// func probeOneSlot(toks []textToken, content []int32, pass []passed, filter []uint64, n uint64, prev1, prev2 uint64) (int, uint64, uint64)
TEXT ·probeOneSlot(SB), NOSPLIT, $0-144
	MOVD toks_base+0(FP), R0
	MOVD content_base+24(FP), R1
	MOVD content_len+32(FP), R2
	MOVD pass_base+48(FP), R3
	MOVD filter_base+72(FP), R4
	MOVD n+96(FP), R5
	MOVD prev1+104(FP), R6
	MOVD prev2+112(FP), R7
	Get R1
	Get R2
	I64Const $2
	I64Shl
	I64Add
	Set R2
	I64Const $0
	Set R8
	I64Const $0
	Set R15

	Block
	Loop
		Get R1
		Get R2
		I64GeU
		BrIf $1
		NEXTWORD
		PROBE(R6)
		PROBE(R7)
		ADVANCE
		Br $0
	End
	End

	MOVD R8, ret+120(FP)
	MOVD R6, ret1+128(FP)
	MOVD R7, ret2+136(FP)
	RET

// func probeFilter(toks []textToken, content []int32, pass []passed, filter []uint64, fdir []uint32, prev1, prev2 uint64) (int, uint64, uint64)
TEXT ·probeFilter(SB), NOSPLIT, $0-160
	MOVD toks_base+0(FP), R0
	MOVD content_base+24(FP), R1
	MOVD content_len+32(FP), R2
	MOVD pass_base+48(FP), R3
	MOVD filter_base+72(FP), R4
	MOVD fdir_base+96(FP), R13
	MOVD fdir_len+104(FP), R14
	MOVD prev1+120(FP), R6
	MOVD prev2+128(FP), R7
	Get R1
	Get R2
	I64Const $2
	I64Shl
	I64Add
	Set R2
	I64Const $0
	Set R8
	Get R14
	I64Const $1
	I64Sub
	Set R14

	Block
	Loop
		Get R1
		Get R2
		I64GeU
		BrIf $1
		NEXTWORD
		// The word's directory slot d = (h>>48 * ndir) >> 16: its filter
		// words are fdir[d] (first) up to fdir[d+1].
		Get R9
		I64Const $48
		I64ShrU
		Get R14
		I64Mul
		I64Const $16
		I64ShrU
		I64Const $2
		I64Shl
		Get R13
		I64Add
		Tee R12
		I32WrapI64
		I64Load32U $0
		Set R15
		Get R12
		I32WrapI64
		I64Load32U $4
		Get R15
		I64Sub
		Set R5
		PROBE(R6)
		PROBE(R7)
		ADVANCE
		Br $0
	End
	End

	MOVD R8, ret+136(FP)
	MOVD R6, ret1+144(FP)
	MOVD R7, ret2+152(FP)
	RET

// func contentWords(toks []textToken, from, to int, keys []uint64, flags []uint8, mul, shift uint64, content []int32) int
// R0 the next token's hash, R1 its end, R2 keys' base, R3 flags' base, R4
// mul, R5 shift, R6 the next content slot, R7 j, R8 h, R9 k, R10 nc.
TEXT ·contentWords(SB), NOSPLIT, $0-136
	MOVD toks_base+0(FP), R0
	MOVD from+24(FP), R7
	MOVD to+32(FP), R1
	MOVD keys_base+40(FP), R2
	MOVD flags_base+64(FP), R3
	MOVD mul+88(FP), R4
	MOVD shift+96(FP), R5
	MOVD content_base+104(FP), R6
	// R0: the address of toks[from].Hash; R1: of toks[to].Hash
	Get R1
	I64Const $4
	I64Shl
	Get R0
	I64Add
	I64Const $8
	I64Add
	Set R1
	Get R7
	I64Const $4
	I64Shl
	Get R0
	I64Add
	I64Const $8
	I64Add
	Set R0
	I64Const $0
	Set R10

	Block
	Loop
		Get R0
		Get R1
		I64GeU
		BrIf $1
		Get R0
		I32WrapI64
		I64Load $0
		Tee R8
		Get R4
		I64Mul
		Get R5
		I64ShrU
		I64Const $1
		I64Shl
		Set R9
		// content[nc] = j
		Get R6
		Get R10
		I64Const $2
		I64Shl
		I64Add
		I32WrapI64
		Get R7
		I64Store32 $0
		// stop = (keys[k] == h && flags[k]) | (keys[k+1] == h && flags[k+1])
		Get R2
		Get R9
		I64Const $3
		I64Shl
		I64Add
		I32WrapI64
		I64Load $0
		Get R8
		I64Eq
		Get R3
		Get R9
		I64Add
		I32WrapI64
		I32Load8U $0
		I32And
		Get R2
		Get R9
		I64Const $3
		I64Shl
		I64Add
		I32WrapI64
		I64Load $8
		Get R8
		I64Eq
		Get R3
		Get R9
		I64Add
		I32WrapI64
		I32Load8U $1
		I32And
		I32Or
		// nc += stop&1 ^ 1
		I32Const $1
		I32And
		I32Const $1
		I32Xor
		I64ExtendI32U
		Get R10
		I64Add
		Set R10
		Get R7
		I64Const $1
		I64Add
		Set R7
		Get R0
		I64Const $16
		I64Add
		Set R0
		Br $0
	End
	End

	MOVD R10, ret+128(FP)
	RET
