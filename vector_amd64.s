//go:build !purego

#include "textflag.h"

// The encoding rule: every instruction here that touches an X or Y register
// is VEX-encoded (a V mnemonic, such as VMOVQ, never MOVQ or MOVOU), and each
// routine that writes a Y register ends with VZEROUPPER on every path out.
// A legacy-SSE instruction run while the upper halves of the Y registers
// hold data costs a state transition on Intel cores (tens of cycles each
// time, or a false dependency and a merge on every such instruction),
// though not on AMD Zen, so a mistake shows only on some machines. CI
// disassembles these routines with GNU objdump and fails if any
// instruction with an XMM or YMM operand lacks the VEX form (see
// .ci/check-vex).

// SPLAT(c, x, y) fills every byte of y with the byte c, through AX and x
// (y's lower half).
#define SPLAT(c, x, y) \
	MOVQ $(c*0x0101010101010101), AX; \
	VMOVQ AX, x; \
	VPBROADCASTQ x, y

// STOPS sets out to 0xFF in each byte of x that equals the same byte of a,
// b or c, and to 0 in the others; t1 and t2 are clobbered.
#define STOPS(x, a, b, c, t1, t2, out) \
	VPCMPEQB x, a, t1; \
	VPCMPEQB x, b, t2; \
	VPCMPEQB x, c, out; \
	VPOR t1, t2, t2; \
	VPOR t2, out, out

// FIND32 jumps to found, with the stops' bit mask in AX, if the 32 bytes
// at addr hold a stop.
#define FIND32(addr) \
	VMOVDQU addr, Y0; \
	STOPS(Y0, Y1, Y2, Y3, Y4, Y5, Y6); \
	VPMOVMSKB Y6, AX; \
	TESTL AX, AX; \
	JNZ found

// FIND16 is FIND32 for 16 bytes.
#define FIND16(addr) \
	VMOVDQU addr, X0; \
	STOPS(X0, X1, X2, X3, X4, X5, X6); \
	VPMOVMSKB X6, AX; \
	TESTL AX, AX; \
	JNZ found

// func indexStopAVX2(s string) int
//
// The index of the first '&', '%' or '+' of s, or -1. Every load lies
// within s: past the 64- and 32-byte loops, the last 32 bytes are checked
// once more, overlapping bytes already known to hold no stop, and strings
// shorter than 32 bytes are read 16 bytes at a time the same way, or byte
// by byte below 16.
TEXT ·indexStopAVX2(SB), NOSPLIT, $0-24
	MOVQ s_base+0(FP), SI
	MOVQ s_len+8(FP), BX
	MOVQ SI, DI                // start of s
	LEAQ (SI)(BX*1), DX        // end of s
	SPLAT(0x26, X1, Y1) // '&'
	SPLAT(0x25, X2, Y2) // '%'
	SPLAT(0x2B, X3, Y3) // '+'
	CMPQ BX, $32
	JB   short
	LEAQ -64(DX), R8           // the 64-byte loop runs while SI <= R8

loop64:
	CMPQ SI, R8
	JA   loop32start
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y7
	STOPS(Y0, Y1, Y2, Y3, Y4, Y5, Y6)    // stops in the first 32 bytes
	STOPS(Y7, Y1, Y2, Y3, Y8, Y9, Y10)   // and in the next 32
	VPOR Y6, Y10, Y11
	VPTEST Y11, Y11
	JNZ  found64
	ADDQ $64, SI
	JMP  loop64

found64:
	VPMOVMSKB Y6, AX
	TESTL AX, AX
	JNZ  found
	VPMOVMSKB Y10, AX
	ADDQ $32, SI
	JMP  found

loop32start:
	LEAQ -32(DX), R8           // start of the last 32 bytes
	CMPQ SI, R8
	JA   last32
	FIND32((SI))
	ADDQ $32, SI

last32:
	CMPQ SI, DX
	JEQ  none
	MOVQ R8, SI
	FIND32((SI))
	JMP  none

short:
	CMPQ BX, $16
	JB   bytewise
	FIND16((SI))
	LEAQ -16(DX), SI           // the last 16 bytes
	FIND16((SI))
	JMP  none

bytewise:
	VZEROUPPER
bytewiseloop:
	CMPQ SI, DX
	JAE  notfound
	MOVBLZX (SI), AX
	CMPB AL, $0x26
	JEQ  bytefound
	CMPB AL, $0x25
	JEQ  bytefound
	CMPB AL, $0x2B
	JEQ  bytefound
	INCQ SI
	JMP  bytewiseloop

bytefound:
	SUBQ DI, SI
	MOVQ SI, ret+16(FP)
	RET

found:
	VZEROUPPER
	BSFL AX, AX
	ADDQ SI, AX
	SUBQ DI, AX
	MOVQ AX, ret+16(FP)
	RET

none:
	VZEROUPPER
notfound:
	MOVQ $-1, ret+16(FP)
	RET

// func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL subleaf+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET

// func asciiAsm(s string, vector bool) bool
//
// Whether no byte of s has its high bit set, for s of any length. With
// vector, s of 32 bytes or more is read with AVX2, 128 bytes per step and
// then 32; after those loops the last 32 bytes are read once more,
// overlapping bytes already checked, so that every load lies within s.
// Shorter strings, and every string without vector, are read with
// general-purpose registers only: up to 31 bytes with at most four 8-byte
// loads, the first and last overlapping the others (two 4-byte loads below
// 8 bytes, three single bytes below 4), longer ones 32 bytes per step and
// then the last 32 the same way.
TEXT ·asciiAsm(SB), NOSPLIT, $0-25
	MOVQ s_base+0(FP), SI
	MOVQ s_len+8(FP), BX
	MOVQ $0x8080808080808080, R9
	CMPQ BX, $8
	JB   below8
	CMPQ BX, $32
	JB   below32
	CMPB vector+16(FP), $0
	JEQ  words
	LEAQ (SI)(BX*1), DX        // end of s
	LEAQ -128(DX), R8          // the 128-byte loop runs while SI <= R8

loop128:
	CMPQ SI, R8
	JA   loop32start
	VMOVDQU (SI), Y0
	VPOR 32(SI), Y0, Y0
	VMOVDQU 64(SI), Y1
	VPOR 96(SI), Y1, Y1
	VPOR Y0, Y1, Y1
	VPMOVMSKB Y1, AX
	TESTL AX, AX
	JNZ  highY
	ADDQ $128, SI
	JMP  loop128

loop32start:
	LEAQ -32(DX), R8           // start of the last 32 bytes

loop32:
	CMPQ SI, R8
	JAE  last32
	VMOVDQU (SI), Y0
	VPMOVMSKB Y0, AX
	TESTL AX, AX
	JNZ  highY
	ADDQ $32, SI
	JMP  loop32

last32:
	VMOVDQU (R8), Y0
	VPMOVMSKB Y0, AX
	VZEROUPPER
	TESTL AX, AX
	SETEQ ret+24(FP)
	RET

highY:
	VZEROUPPER
	MOVB $0, ret+24(FP)
	RET

words:                         // 32 bytes or more, without AVX2
	LEAQ -32(SI)(BX*1), R8     // start of the last 32 bytes

words32:
	MOVQ (SI), AX
	ORQ  8(SI), AX
	ORQ  16(SI), AX
	ORQ  24(SI), AX
	TESTQ R9, AX
	JNZ  high
	ADDQ $32, SI
	CMPQ SI, R8
	JB   words32
	MOVQ (R8), AX
	ORQ  8(R8), AX
	ORQ  16(R8), AX
	ORQ  24(R8), AX
	TESTQ R9, AX
	SETEQ ret+24(FP)
	RET

below32:                       // 8 to 31 bytes
	MOVQ -8(SI)(BX*1), AX      // the last 8
	ORQ  (SI), AX
	CMPQ BX, $16
	JBE  test8
	ORQ  8(SI), AX
	CMPQ BX, $24
	JBE  test8
	ORQ  16(SI), AX

test8:
	TESTQ R9, AX
	SETEQ ret+24(FP)
	RET

below8:
	CMPQ BX, $4
	JB   below4
	MOVL (SI), AX              // 4 to 7 bytes: the first 4 and the last 4
	ORL  -4(SI)(BX*1), AX
	TESTL R9, AX
	SETEQ ret+24(FP)
	RET

below4:
	TESTQ BX, BX
	JEQ  empty
	MOVBLZX (SI), AX           // 1 to 3 bytes: the first, the last, and
	ORB  -1(SI)(BX*1), AX      // the one at len/2, which is the middle
	SHRQ $1, BX                // one of three
	ORB  (SI)(BX*1), AX
	TESTL R9, AX
	SETEQ ret+24(FP)
	RET

empty:
	MOVB $1, ret+24(FP)
	RET

high:
	MOVB $0, ret+24(FP)
	RET

// func countFieldsAVX2(s string) (n int, ampLast bool)
//
// The number of bytes of s[:len(s)&^31] that are not '&' and begin s or
// follow a '&', and whether the last of those bytes is '&'. It reads s in
// blocks of 32 bytes; the caller counts the rest.
TEXT ·countFieldsAVX2(SB), NOSPLIT, $0-25
	MOVQ s_base+0(FP), SI
	MOVQ s_len+8(FP), BX
	ANDQ $~31, BX
	LEAQ (SI)(BX*1), DX        // end of the blocks
	SPLAT(0x26, X1, Y1) // '&'
	XORQ R9, R9                // the count
	MOVL $1, R10               // 1 if the byte before the block is '&' (s begins a field)

loop:
	CMPQ SI, DX
	JAE  done
	VMOVDQU (SI), Y0
	VPCMPEQB Y0, Y1, Y0
	VPMOVMSKB Y0, AX           // bit i: byte i is '&'
	MOVL AX, CX
	SHLL $1, CX
	ORL  R10, CX               // bit i: byte i-1 is '&'
	ANDNL CX, AX, CX           // ... and byte i is not
	POPCNTL CX, CX
	ADDQ CX, R9
	SHRL $31, AX
	MOVL AX, R10
	ADDQ $32, SI
	JMP  loop

done:
	VZEROUPPER
	MOVQ R9, n+16(FP)
	MOVB R10, ampLast+24(FP)
	RET

// MASK64(x, y, c, t1, t2, out) sets out to the 64-bit mask of the bytes of
// the 64 bytes in x and y (32 each) that equal c: bit i for byte i.
#define MASK64(x, y, c, t1, t2, out) \
	VPCMPEQB x, c, t1; \
	VPCMPEQB y, c, t2; \
	VPMOVMSKB t1, out; \
	VPMOVMSKB t2, R11; \
	SHLQ $32, R11; \
	ORQ R11, out

// func stopMasksAVX2(s string, amp *uint64)
//
// For each 64-byte block k of s, it writes the mask of its '&' bytes to
// amp[k], of its '=' bytes to amp[k+8] and of its '%' and '+' bytes to
// amp[k+16]: the amp, eq and spec words of a stopMasks, whose masks are
// maskWords (8) words apart. s must be at least 64 bytes long. A last block
// shorter than 64 bytes is read as the last 64 bytes of s, whose masks are
// shifted down past the bytes already done, so every load lies within s.
TEXT ·stopMasksAVX2(SB), NOSPLIT, $0-24
	MOVQ s_base+0(FP), SI
	MOVQ s_len+8(FP), BX
	MOVQ amp+16(FP), DI
	MOVQ BX, CX
	SHRQ $6, CX                  // whole blocks
	SPLAT(0x26, X1, Y1) // '&'
	SPLAT(0x3D, X2, Y2) // '='
	SPLAT(0x25, X3, Y3) // '%'
	SPLAT(0x2B, X4, Y4) // '+'
	XORQ R12, R12                // shift of the masks: 0 for whole blocks

masksloop:
	VMOVDQU (SI), Y5
	VMOVDQU 32(SI), Y6
	MOVQ R12, CX
	MASK64(Y5, Y6, Y1, Y7, Y8, AX)
	SHRQ CX, AX
	MOVQ AX, (DI)
	MASK64(Y5, Y6, Y2, Y7, Y8, AX)
	SHRQ CX, AX
	MOVQ AX, 64(DI)
	VPCMPEQB Y5, Y3, Y7
	VPCMPEQB Y5, Y4, Y8
	VPOR Y7, Y8, Y7
	VPCMPEQB Y6, Y3, Y9
	VPCMPEQB Y6, Y4, Y10
	VPOR Y9, Y10, Y9
	VPMOVMSKB Y7, AX
	VPMOVMSKB Y9, R11
	SHLQ $32, R11
	ORQ R11, AX
	SHRQ CX, AX
	MOVQ AX, 128(DI)
	ADDQ $64, SI
	ADDQ $8, DI
	TESTQ R12, R12
	JNZ  masksdone               // that was the last, shifted block
	SUBQ $64, BX
	CMPQ BX, $64
	JAE  masksloop
	TESTQ BX, BX
	JZ   masksdone
	// BX bytes are left: read the last 64 bytes of s and drop the masks'
	// first 64-BX bits, which belong to the block already written.
	LEAQ -64(SI)(BX*1), SI
	MOVQ $64, R12
	SUBQ BX, R12
	JMP  masksloop

masksdone:
	VZEROUPPER
	RET

// The shuffles and constants of unescapeAVX2. unescDigits gathers the five
// high digits of five escapes (bytes 1, 4, 7, 10, 13 of a block) into bytes
// 0-4 and their low digits (bytes 2, 5, 8, 11, 14) into bytes 8-12;
// unescPercents gathers their '%' (bytes 0, 3, 6, 9, 12) into both. A
// shuffle index with its high bit set gives 0.
DATA unescDigits<>+0(SB)/8, $0x8080800D0A070401
DATA unescDigits<>+8(SB)/8, $0x8080800E0B080502
GLOBL unescDigits<>(SB), RODATA|NOPTR, $16
DATA unescPercents<>+0(SB)/8, $0x8080800C09060300
DATA unescPercents<>+8(SB)/8, $0x8080800C09060300
GLOBL unescPercents<>(SB), RODATA|NOPTR, $16
DATA unescConst<>+0(SB)/8, $0x3030303030303030  // '0'
DATA unescConst<>+8(SB)/8, $0x3030303030303030
DATA unescConst<>+16(SB)/8, $0x0909090909090909 // 9
DATA unescConst<>+24(SB)/8, $0x0909090909090909
DATA unescConst<>+32(SB)/8, $0x2020202020202020 // the lower-case bit
DATA unescConst<>+40(SB)/8, $0x2020202020202020
DATA unescConst<>+48(SB)/8, $0x6161616161616161 // 'a'
DATA unescConst<>+56(SB)/8, $0x6161616161616161
DATA unescConst<>+64(SB)/8, $0x0505050505050505 // 5
DATA unescConst<>+72(SB)/8, $0x0505050505050505
DATA unescConst<>+80(SB)/8, $0x0A0A0A0A0A0A0A0A // 10
DATA unescConst<>+88(SB)/8, $0x0A0A0A0A0A0A0A0A
DATA unescConst<>+96(SB)/8, $0x2525252525252525 // '%'
DATA unescConst<>+104(SB)/8, $0x2525252525252525
GLOBL unescConst<>(SB), RODATA|NOPTR, $112

// UNESCAPE5(digits, percents) decodes the five escapes that X0 may hold,
// gathered by the shuffles digits and percents: it leaves in the low five
// bytes of X1 the bytes they spell, and in AX the number of them, from the
// first, that are escapes ('%' and two hex digits of either case), 0 to 5.
// In order: the digits are gathered (high ones in bytes 0-4, low ones in
// 8-12); X2 is each digit's value if it is 0-9, X3 0xFF where it is; X4 is
// its value if it is a-f or A-F, X5 0xFF where it is; X1 takes the values
// and X3 the bytes that are digits and follow a '%'. The mask of X3 has bit
// j for escape j's high digit and j+8 for its low one; the escapes are
// counted up to the first whose bits are not both set (bit 5 always is
// not). Last, each high value is shifted into place and joined to its low.
#define UNESCAPE5(digits, percents) \
	VPSHUFB digits, X0, X1; \
	VPSUBB unescConst<>+0(SB), X1, X2; \
	VPMINUB unescConst<>+16(SB), X2, X3; \
	VPCMPEQB X2, X3, X3; \
	VPOR unescConst<>+32(SB), X1, X4; \
	VPSUBB unescConst<>+48(SB), X4, X4; \
	VPMINUB unescConst<>+64(SB), X4, X5; \
	VPCMPEQB X4, X5, X5; \
	VPADDB unescConst<>+80(SB), X4, X4; \
	VPAND X3, X2, X2; \
	VPAND X5, X4, X4; \
	VPOR X2, X4, X1; \
	VPOR X3, X5, X3; \
	VPSHUFB percents, X0, X2; \
	VPCMPEQB unescConst<>+96(SB), X2, X2; \
	VPAND X2, X3, X3; \
	VPMOVMSKB X3, AX; \
	MOVL AX, BX; \
	SHRL $8, BX; \
	ANDL BX, AX; \
	NOTL AX; \
	TZCNTL AX, AX; \
	VPSLLW $4, X1, X2; \
	VPSRLDQ $8, X1, X1; \
	VPOR X2, X1, X1

// func unescapeAVX2(dst *byte, s string, i int) int
//
// Decodes the run of escapes at s[i:] into dst, five escapes from each 16
// bytes, and returns how many it decoded. When fewer than 16 bytes are
// left, it reads the last 16 bytes of s, with the shuffles moved to match,
// and counts only the escapes that lie wholly in s. s must be at least 16
// bytes long, and dst must have room for len(s)-i bytes: a block's 8 bytes
// are stored at once while 16 or more bytes of s are left.
TEXT ·unescapeAVX2(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ s_base+8(FP), SI
	MOVQ s_len+16(FP), DX
	ADDQ SI, DX                // end of s
	ADDQ i+24(FP), SI
	XORQ R9, R9                // escapes decoded
	VMOVDQU unescDigits<>(SB), X10
	VMOVDQU unescPercents<>(SB), X11

block:
	MOVQ DX, CX
	SUBQ SI, CX                // bytes left
	CMPQ CX, $16
	JB   tail
	VMOVDQU (SI), X0
	UNESCAPE5(X10, X11)
	VMOVQ X1, (DI)
	CMPQ AX, $5
	JNE  partial
	// The next block's address does not wait for this block's count, so
	// that blocks overlap; the branch above is what waits, predicted.
	ADDQ $15, SI
	ADDQ $5, DI
	ADDQ $5, R9
	JMP  block

partial:
	ADDQ AX, R9
	JMP  done

tail:
	CMPQ CX, $3
	JB   done
	MOVQ $16, R8
	SUBQ CX, R8                // how far the last 16 bytes start before SI
	VMOVQ R8, X6
	VPBROADCASTB X6, X6
	VPADDB X6, X10, X7
	VPADDB X6, X11, X8
	VMOVDQU -16(DX), X0
	UNESCAPE5(X7, X8)
	IMUL3Q $0xAB, CX, CX
	SHRQ $9, CX                // the escapes that fit in the bytes left (fewer than 16)
	CMPQ AX, CX
	CMOVQGT CX, AX
	ADDQ AX, R9
	VMOVQ X1, BX
tailbyte:
	TESTQ AX, AX
	JZ   done
	MOVB BL, (DI)
	INCQ DI
	SHRQ $8, BX
	DECQ AX
	JMP  tailbyte

done:
	MOVQ R9, ret+32(FP)
	RET
