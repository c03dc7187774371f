#include "textflag.h"

// func probeOneSlot(toks []textToken, content []int32, pass []passed, filter []uint64, n uint64, prev1, prev2 uint64) (int, uint64, uint64)
// R0 toks base, R1 content ptr, R2 content end, R3 pass ptr (next free), R4 filter base,
// R5 n, R6 prev1, R7 prev2, R8 np, R9 h, R10 j, R11 p, R12 mask
TEXT ·probeOneSlot(SB), NOSPLIT, $0-144
	MOVD toks_base+0(FP), R0
	MOVD content_base+24(FP), R1
	MOVD content_len+32(FP), R2
	MOVD pass_base+48(FP), R3
	MOVD filter_base+72(FP), R4
	MOVD n+96(FP), R5
	MOVD prev1+104(FP), R6
	MOVD prev2+112(FP), R7

	// R2 = content end pointer
	Get R1
	Get R2
	I64Const $2
	I64Shl
	I64Add
	Set R2
	I64Const $0
	Set R8

	Block
	Loop
		Get R1
		Get R2
		I64GeU
		BrIf $1

		// j = content[k]
		Get R1
		I32WrapI64
		I64Load32S $0
		Set R10
		// h = toks[j].Hash
		Get R0
		Get R10
		I64Const $4
		I64Shl
		I64Add
		I32WrapI64
		I64Load $8
		Set R9

		// pair with prev1
		Get R6
		I64Eqz
		Get R6
		Get R9
		I64Eq
		I32Or
		I32Eqz
		If
			// p = (prev1*C1 ^ h) * C2; p ^= p>>31; p |= uint32(p)==0
			Get R6
			I64Const $0x9E3779B97F4A7C15
			I64Mul
			Get R9
			I64Xor
			I64Const $0xbf58476d1ce4e5b9
			I64Mul
			Tee R11
			Get R11
			I64Const $31
			I64ShrU
			I64Xor
			Tee R11
			Get R11
			I32WrapI64
			I32Eqz
			I64ExtendI32U
			I64Or
			Set R11
			// pass[np] = {p, j}
			Get R3
			I32WrapI64
			Get R11
			I64Store $0
			Get R3
			I32WrapI64
			Get R10
			I64Store32 $8
			// mask
			I64Const $1
			Get R11
			I64Shl
			I64Const $1
			Get R11
			I64Const $6
			I64ShrU
			I64Shl
			I64Or
			I64Const $1
			Get R11
			I64Const $12
			I64ShrU
			I64Shl
			I64Or
			Set R12
			// word = filter[((p>>32)*n)>>32]; passes if word&mask == mask
			Get R4
			Get R11
			I64Const $32
			I64ShrU
			Get R5
			I64Mul
			I64Const $32
			I64ShrU
			I64Const $3
			I64Shl
			I64Add
			I32WrapI64
			I64Load $0
			Get R12
			I64And
			Get R12
			I64Eq
			I64ExtendI32U
			Tee R12
			I64Const $4
			I64Shl
			Get R3
			I64Add
			Set R3
			Get R8
			Get R12
			I64Add
			Set R8
		End

		// pair with prev2
		Get R7
		I64Eqz
		Get R7
		Get R9
		I64Eq
		I32Or
		I32Eqz
		If
			Get R7
			I64Const $0x9E3779B97F4A7C15
			I64Mul
			Get R9
			I64Xor
			I64Const $0xbf58476d1ce4e5b9
			I64Mul
			Tee R11
			Get R11
			I64Const $31
			I64ShrU
			I64Xor
			Tee R11
			Get R11
			I32WrapI64
			I32Eqz
			I64ExtendI32U
			I64Or
			Set R11
			Get R3
			I32WrapI64
			Get R11
			I64Store $0
			Get R3
			I32WrapI64
			Get R10
			I64Store32 $8
			I64Const $1
			Get R11
			I64Shl
			I64Const $1
			Get R11
			I64Const $6
			I64ShrU
			I64Shl
			I64Or
			I64Const $1
			Get R11
			I64Const $12
			I64ShrU
			I64Shl
			I64Or
			Set R12
			Get R4
			Get R11
			I64Const $32
			I64ShrU
			Get R5
			I64Mul
			I64Const $32
			I64ShrU
			I64Const $3
			I64Shl
			I64Add
			I32WrapI64
			I64Load $0
			Get R12
			I64And
			Get R12
			I64Eq
			I64ExtendI32U
			Tee R12
			I64Const $4
			I64Shl
			Get R3
			I64Add
			Set R3
			Get R8
			Get R12
			I64Add
			Set R8
		End

		Get R6
		Set R7
		Get R9
		Set R6
		Get R1
		I64Const $4
		I64Add
		Set R1
		Br $0
	End
	End

	MOVD R8, ret+120(FP)
	MOVD R6, ret1+128(FP)
	MOVD R7, ret2+136(FP)
	RET
