;; float32 matrix multiply with 128-bit SIMD, organised like the TypeScript
;; gemm in ../matmul.ts (Goto/BLIS): C's columns are cut into panels of NC,
;; k into blocks of KC and C's rows into blocks of MC; a KC x NC panel of B and
;; an MC x KC block of A are packed into scratch at the start of memory, in the
;; order the MR x NR micro-kernel reads them, and the micro-kernel computes
;; one 4 x 8 tile of C from them.
;;
;; Assembled by bin/build-wasm.mjs (wabt) into generated/matmul-wasm.ts; used
;; through ./matmul.ts. The memory is the engine's heap (./heap.ts), where
;; tensors live; each caller (the engine, and each of its threads) passes its
;; own scratch block of SCRATCH_BYTES for the packed panels.
;;
;; Differences from the TypeScript kernel, on purpose:
;; - Sums are float32 (f32x4.mul then f32x4.add, no fused multiply-add, so
;;   every engine rounds alike); the TypeScript kernel sums in float64. Within
;;   a k block the products of one element of C are added in k order, and the
;;   blocks' sums are added to C in k order, so results depend only on the
;;   shapes, never on the machine.
;; - The register tile is 4 x 8: 8 f32x4 accumulators, two vectors of B and
;;   one splatted value of A (plus a product) fit x64's 16 SIMD registers
;;   (V8 keeps one for itself); 6 x 8 would need all 16 (not tried). It runs
;;   at 40-49 GFLOP/s in CPU time on AMD EPYC (Node 20); unrolling k by two
;;   measured 40% slower, and the order of the two innermost block loops
;;   made no measurable difference.
;; - Packing is vectorised where a sliver's values are contiguous (4 x 4
;;   transposes where they run along k): it is O(n^2) against the multiply's
;;   O(n^3), yet even so took about 7% of a 256 x 256 product in a profile.
;;
;; Pointers are byte addresses; strides are in elements (4 bytes).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Blocking. MR x NR is the register tile; one KC x NR sliver of packed B
  ;; (8 KiB) stays in L1 while the MC x KC block of packed A (128 KiB, L2)
  ;; streams past it; the KC x NC panel of packed B (1 MiB) sits in L2/L3.
  ;; MC is a multiple of MR and NC of NR.
  (global $MR i32 (i32.const 4))
  (global $NR i32 (i32.const 8))
  (global $KC i32 (i32.const 256))
  (global $MC i32 (i32.const 128))
  (global $NC i32 (i32.const 1024))

  ;; The scratch block's map, set by each gemm call from its `scratch`
  ;; argument: packed A (MC * KC floats) at its start, packed B (KC * NC
  ;; floats) after it, then a spill tile for edge tiles. Globals belong to an
  ;; instance, and each thread has its own instance, so threads never share
  ;; them.
  (global $PA (mut i32) (i32.const 0))
  (global $PB (mut i32) (i32.const 0))
  (global $TILE (mut i32) (i32.const 0))
  ;; MC * KC * 4 + KC * NC * 4 + 128: the bytes a scratch block needs.
  (global (export "SCRATCH_BYTES") i32 (i32.const 1179776))

  ;; Stores the 4 x 4 transpose of rows r0..r3 at q, q + s, q + 2s, q + 3s:
  ;; the vector at q + i * s holds lane i of each row.
  (func $transpose4 (param $q i32) (param $s i32)
        (param $r0 v128) (param $r1 v128) (param $r2 v128) (param $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    ;; t0 = r0.0 r1.0 r0.1 r1.1, t1 = r2.0 r3.0 r2.1 r3.1 (unpcklps)
    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
    (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
    ;; t2 = r0.2 r1.2 r0.3 r1.3, t3 = r2.2 r3.2 r2.3 r3.3 (unpckhps)
    (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
    ;; Low and high halves of each pair (movlhps, movhlps).
    (v128.store (local.get $q)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
    (v128.store (i32.add (local.get $q) (local.get $s))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
    (v128.store (i32.add (local.get $q) (i32.shl (local.get $s) (i32.const 1)))
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
    (v128.store (i32.add (local.get $q) (i32.mul (local.get $s) (i32.const 3)))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3))))

  ;; Copies `cnt` values, `step` bytes apart from src, to consecutive floats
  ;; at q, then zeros up to `lanes` (a partial sliver's padding: zeros rather
  ;; than stale values, which could be denormals that slow the arithmetic).
  (func $packScalar (param $q i32) (param $src i32) (param $step i32) (param $cnt i32) (param $lanes i32)
    (local $r i32)
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $r) (local.get $cnt)))
        (f32.store (i32.add (local.get $q) (i32.shl (local.get $r) (i32.const 2))) (f32.load (local.get $src)))
        (local.set $src (i32.add (local.get $src) (local.get $step)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $copy)))
    (block $done
      (loop $zero
        (br_if $done (i32.ge_u (local.get $r) (local.get $lanes)))
        (f32.store (i32.add (local.get $q) (i32.shl (local.get $r) (i32.const 2))) (f32.const 0))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $zero))))

  ;; Packs rows i0..i0+mc, k k0..k0+kc of A (at a, strides rs, cs) into PA as
  ;; MR-row slivers, k-major: sliver s holds, for each p, rows 4s..4s+3 at p.
  (func $packA (param $a i32) (param $rs i32) (param $cs i32)
        (param $i0 i32) (param $mc i32) (param $k0 i32) (param $kc i32)
    (local $q i32) (local $i i32) (local $iEnd i32) (local $rows i32) (local $p i32)
    (local $src i32) (local $rs4 i32) (local $cs4 i32) (local $p4 i32)
    (local.set $rs4 (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $cs4 (i32.shl (local.get $cs) (i32.const 2)))
    (local.set $q (global.get $PA))
    (local.set $i (local.get $i0))
    (local.set $iEnd (i32.add (local.get $i0) (local.get $mc)))
    ;; Rounded down to a multiple of 4: the k steps the transposing path takes.
    (local.set $p4 (i32.and (local.get $kc) (i32.const -4)))
    (block $slivers_done
      (loop $slivers
        (br_if $slivers_done (i32.ge_u (local.get $i) (local.get $iEnd)))
        (local.set $rows (i32.sub (local.get $iEnd) (local.get $i)))
        (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
        (local.set $src (i32.add (local.get $a)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $rs)) (i32.mul (local.get $k0) (local.get $cs))) (i32.const 2))))
        (local.set $p (i32.const 0))
        (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $rs) (i32.const 1)))
          (then
            ;; Transposed A: the 4 rows at one p are contiguous.
            (loop $p_loop
              (v128.store (local.get $q) (v128.load (local.get $src)))
              (local.set $src (i32.add (local.get $src) (local.get $cs4)))
              (local.set $q (i32.add (local.get $q) (i32.const 16)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $p_loop (i32.lt_u (local.get $p) (local.get $kc)))))
          (else
            (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cs) (i32.const 1)))
              (then
                ;; Row-major A: each row runs along k; 4 x 4 blocks transposed.
                (block $t_done
                  (loop $t_loop
                    (br_if $t_done (i32.ge_u (local.get $p) (local.get $p4)))
                    (call $transpose4 (local.get $q) (i32.const 16)
                      (v128.load (local.get $src))
                      (v128.load (i32.add (local.get $src) (local.get $rs4)))
                      (v128.load (i32.add (local.get $src) (i32.shl (local.get $rs4) (i32.const 1))))
                      (v128.load (i32.add (local.get $src) (i32.mul (local.get $rs4) (i32.const 3)))))
                    (local.set $src (i32.add (local.get $src) (i32.const 16)))
                    (local.set $q (i32.add (local.get $q) (i32.const 64)))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (br $t_loop)))))
            ;; What is left (all of it for a partial sliver or other strides).
            (block $s_done
              (loop $s_loop
                (br_if $s_done (i32.ge_u (local.get $p) (local.get $kc)))
                (call $packScalar (local.get $q) (local.get $src) (local.get $rs4) (local.get $rows) (i32.const 4))
                (local.set $src (i32.add (local.get $src) (local.get $cs4)))
                (local.set $q (i32.add (local.get $q) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $s_loop)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $slivers))))

  ;; Packs k k0..k0+kc, columns j0..j0+nc of B (at b, strides rs, cs) into
  ;; PB as NR-column slivers, k-major: sliver s holds, for each p, columns
  ;; 8s..8s+7 at p.
  (func $packB (param $b i32) (param $rs i32) (param $cs i32)
        (param $k0 i32) (param $kc i32) (param $j0 i32) (param $nc i32)
    (local $q i32) (local $j i32) (local $jEnd i32) (local $cols i32) (local $p i32)
    (local $src i32) (local $rs4 i32) (local $cs4 i32) (local $p4 i32) (local $hi i32)
    (local.set $rs4 (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $cs4 (i32.shl (local.get $cs) (i32.const 2)))
    (local.set $q (global.get $PB))
    (local.set $j (local.get $j0))
    (local.set $jEnd (i32.add (local.get $j0) (local.get $nc)))
    (local.set $p4 (i32.and (local.get $kc) (i32.const -4)))
    (block $slivers_done
      (loop $slivers
        (br_if $slivers_done (i32.ge_u (local.get $j) (local.get $jEnd)))
        (local.set $cols (i32.sub (local.get $jEnd) (local.get $j)))
        (if (i32.gt_u (local.get $cols) (i32.const 8)) (then (local.set $cols (i32.const 8))))
        (local.set $src (i32.add (local.get $b)
          (i32.shl (i32.add (i32.mul (local.get $k0) (local.get $rs)) (i32.mul (local.get $j) (local.get $cs))) (i32.const 2))))
        (local.set $p (i32.const 0))
        (if (i32.and (i32.eq (local.get $cols) (i32.const 8)) (i32.eq (local.get $cs) (i32.const 1)))
          (then
            ;; Row-major B: the 8 columns at one p are contiguous.
            (loop $p_loop
              (v128.store (local.get $q) (v128.load (local.get $src)))
              (v128.store offset=16 (local.get $q) (v128.load offset=16 (local.get $src)))
              (local.set $src (i32.add (local.get $src) (local.get $rs4)))
              (local.set $q (i32.add (local.get $q) (i32.const 32)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $p_loop (i32.lt_u (local.get $p) (local.get $kc)))))
          (else
            (if (i32.and (i32.eq (local.get $cols) (i32.const 8)) (i32.eq (local.get $rs) (i32.const 1)))
              (then
                ;; Transposed B: each column runs along k; two 4 x 4 blocks
                ;; (columns 0-3 and 4-7) per 4 steps of k, stored 32 bytes apart.
                (local.set $hi (i32.add (local.get $src) (i32.shl (local.get $cs4) (i32.const 2))))
                (block $t_done
                  (loop $t_loop
                    (br_if $t_done (i32.ge_u (local.get $p) (local.get $p4)))
                    (call $transpose4 (local.get $q) (i32.const 32)
                      (v128.load (local.get $src))
                      (v128.load (i32.add (local.get $src) (local.get $cs4)))
                      (v128.load (i32.add (local.get $src) (i32.shl (local.get $cs4) (i32.const 1))))
                      (v128.load (i32.add (local.get $src) (i32.mul (local.get $cs4) (i32.const 3)))))
                    (call $transpose4 (i32.add (local.get $q) (i32.const 16)) (i32.const 32)
                      (v128.load (local.get $hi))
                      (v128.load (i32.add (local.get $hi) (local.get $cs4)))
                      (v128.load (i32.add (local.get $hi) (i32.shl (local.get $cs4) (i32.const 1))))
                      (v128.load (i32.add (local.get $hi) (i32.mul (local.get $cs4) (i32.const 3)))))
                    (local.set $src (i32.add (local.get $src) (i32.const 16)))
                    (local.set $hi (i32.add (local.get $hi) (i32.const 16)))
                    (local.set $q (i32.add (local.get $q) (i32.const 128)))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (br $t_loop)))))
            (block $s_done
              (loop $s_loop
                (br_if $s_done (i32.ge_u (local.get $p) (local.get $kc)))
                (call $packScalar (local.get $q) (local.get $src) (local.get $cs4) (local.get $cols) (i32.const 8))
                (local.set $src (i32.add (local.get $src) (local.get $rs4)))
                (local.set $q (i32.add (local.get $q) (i32.const 32)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $s_loop)))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $slivers))))

  ;; One 4 x 8 tile: (4 x kc sliver of packed A at pa) . (kc x 8 sliver of
  ;; packed B at pb), written to (add = 0) or added to (add = 1) C at c, whose
  ;; rows are ldc bytes apart. Only rows x cols of the tile are stored; a
  ;; partial tile goes through TILE. kc >= 1.
  (func $kernel (param $pa i32) (param $pb i32) (param $kc i32) (param $c i32) (param $ldc i32)
        (param $rows i32) (param $cols i32) (param $add i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $av v128) (local $end i32)
    (local $r i32) (local $j i32) (local $dst i32) (local $src i32)
    (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $kc) (i32.const 4))))
    ;; Each k step: 8 values of B in two vectors, then each of A's 4 values
    ;; splatted and multiplied into one row of accumulators.
    (loop $k_loop
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $av (v128.load32_splat (local.get $pa)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $av) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $av) (local.get $b1))))
      (local.set $av (v128.load32_splat offset=4 (local.get $pa)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $av) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $av) (local.get $b1))))
      (local.set $av (v128.load32_splat offset=8 (local.get $pa)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $av) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $av) (local.get $b1))))
      (local.set $av (v128.load32_splat offset=12 (local.get $pa)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $av) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $av) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $k_loop (i32.lt_u (local.get $pa) (local.get $end))))

    (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 8)))
      (then
        ;; A whole tile: straight into C.
        (if (local.get $add)
          (then
            (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $c))))
            (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))
            (local.set $dst (i32.add (local.get $c) (local.get $ldc)))
            (local.set $c10 (f32x4.add (local.get $c10) (v128.load (local.get $dst))))
            (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $dst))))
            (local.set $dst (i32.add (local.get $dst) (local.get $ldc)))
            (local.set $c20 (f32x4.add (local.get $c20) (v128.load (local.get $dst))))
            (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $dst))))
            (local.set $dst (i32.add (local.get $dst) (local.get $ldc)))
            (local.set $c30 (f32x4.add (local.get $c30) (v128.load (local.get $dst))))
            (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $dst))))))
        (v128.store (local.get $c) (local.get $c00))
        (v128.store offset=16 (local.get $c) (local.get $c01))
        (local.set $dst (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $dst) (local.get $c10))
        (v128.store offset=16 (local.get $dst) (local.get $c11))
        (local.set $dst (i32.add (local.get $dst) (local.get $ldc)))
        (v128.store (local.get $dst) (local.get $c20))
        (v128.store offset=16 (local.get $dst) (local.get $c21))
        (local.set $dst (i32.add (local.get $dst) (local.get $ldc)))
        (v128.store (local.get $dst) (local.get $c30))
        (v128.store offset=16 (local.get $dst) (local.get $c31)))
      (else
        ;; An edge tile: spill all of it, store the valid part element-wise.
        (v128.store offset=0 (global.get $TILE) (local.get $c00))
        (v128.store offset=16 (global.get $TILE) (local.get $c01))
        (v128.store offset=32 (global.get $TILE) (local.get $c10))
        (v128.store offset=48 (global.get $TILE) (local.get $c11))
        (v128.store offset=64 (global.get $TILE) (local.get $c20))
        (v128.store offset=80 (global.get $TILE) (local.get $c21))
        (v128.store offset=96 (global.get $TILE) (local.get $c30))
        (v128.store offset=112 (global.get $TILE) (local.get $c31))
        (local.set $r (i32.const 0))
        (loop $rows_loop
          (local.set $src (i32.add (global.get $TILE) (i32.shl (local.get $r) (i32.const 5))))
          (local.set $dst (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
          (local.set $j (i32.const 0))
          (loop $cols_loop
            (f32.store (local.get $dst)
              (if (result f32) (local.get $add)
                (then (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
                (else (f32.load (local.get $src)))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $cols_loop (i32.lt_u (local.get $j) (local.get $cols))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $rows_loop (i32.lt_u (local.get $r) (local.get $rows)))))))

  ;; C[n x m] (row-major at c) = A[n x k] . B[k x m], A and B read through
  ;; their strides (rs between rows, cs between columns, in elements), so a
  ;; transposed operand is only a matter of strides. n, m, k >= 1. `scratch`
  ;; is a 64-byte aligned block of SCRATCH_BYTES that no other call is using.
  (func (export "gemm") (param $a i32) (param $ars i32) (param $acs i32)
        (param $b i32) (param $brs i32) (param $bcs i32)
        (param $c i32) (param $n i32) (param $k i32) (param $m i32) (param $scratch i32)
    (local $j0 i32) (local $nc i32) (local $k0 i32) (local $kc i32) (local $i0 i32) (local $mc i32)
    (local $jr i32) (local $ir i32) (local $ldc i32) (local $cols i32) (local $rows i32)
    (local $pb i32) (local $cRow i32)
    (global.set $PA (local.get $scratch))
    (global.set $PB (i32.add (local.get $scratch) (i32.const 131072)))
    (global.set $TILE (i32.add (local.get $scratch) (i32.const 1179648)))
    (local.set $ldc (i32.shl (local.get $m) (i32.const 2)))
    (loop $jc_loop
      (local.set $nc (i32.sub (local.get $m) (local.get $j0)))
      (if (i32.gt_u (local.get $nc) (global.get $NC)) (then (local.set $nc (global.get $NC))))
      (local.set $k0 (i32.const 0))
      (loop $pc_loop
        (local.set $kc (i32.sub (local.get $k) (local.get $k0)))
        (if (i32.gt_u (local.get $kc) (global.get $KC)) (then (local.set $kc (global.get $KC))))
        (call $packB (local.get $b) (local.get $brs) (local.get $bcs) (local.get $k0) (local.get $kc) (local.get $j0) (local.get $nc))
        (local.set $i0 (i32.const 0))
        (loop $ic_loop
          (local.set $mc (i32.sub (local.get $n) (local.get $i0)))
          (if (i32.gt_u (local.get $mc) (global.get $MC)) (then (local.set $mc (global.get $MC))))
          (call $packA (local.get $a) (local.get $ars) (local.get $acs) (local.get $i0) (local.get $mc) (local.get $k0) (local.get $kc))
          ;; One sliver of B stays in L1 while every sliver of the A block passes it.
          (local.set $jr (i32.const 0))
          (loop $jr_loop
            (local.set $cols (i32.sub (local.get $nc) (local.get $jr)))
            (if (i32.gt_u (local.get $cols) (global.get $NR)) (then (local.set $cols (global.get $NR))))
            (local.set $pb (i32.add (global.get $PB) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2))))
            (local.set $ir (i32.const 0))
            (loop $ir_loop
              (local.set $rows (i32.sub (local.get $mc) (local.get $ir)))
              (if (i32.gt_u (local.get $rows) (global.get $MR)) (then (local.set $rows (global.get $MR))))
              (local.set $cRow (i32.add (local.get $i0) (local.get $ir)))
              (call $kernel
                (i32.add (global.get $PA) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
                (local.get $pb)
                (local.get $kc)
                (i32.add (local.get $c)
                  (i32.shl (i32.add (i32.mul (local.get $cRow) (local.get $m)) (i32.add (local.get $j0) (local.get $jr))) (i32.const 2)))
                (local.get $ldc)
                (local.get $rows)
                (local.get $cols)
                (i32.ne (local.get $k0) (i32.const 0)))
              (local.set $ir (i32.add (local.get $ir) (global.get $MR)))
              (br_if $ir_loop (i32.lt_u (local.get $ir) (local.get $mc))))
            (local.set $jr (i32.add (local.get $jr) (global.get $NR)))
            (br_if $jr_loop (i32.lt_u (local.get $jr) (local.get $nc))))
          (local.set $i0 (i32.add (local.get $i0) (global.get $MC)))
          (br_if $ic_loop (i32.lt_u (local.get $i0) (local.get $n))))
        (local.set $k0 (i32.add (local.get $k0) (global.get $KC)))
        (br_if $pc_loop (i32.lt_u (local.get $k0) (local.get $k))))
      (local.set $j0 (i32.add (local.get $j0) (global.get $NC)))
      (br_if $jc_loop (i32.lt_u (local.get $j0) (local.get $m)))))
)
