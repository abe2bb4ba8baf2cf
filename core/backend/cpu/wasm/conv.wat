;; Convolution (NCHW) and its two gradients, and max and average pooling and
;; their gradient, in WebAssembly: the loops of ../conv.ts, tap by tap over the
;; output rectangle each kernel tap lands inside the input for, with the same
;; float64 accumulators added to in the same order, so the bits are
;; TypeScript's. Where the stride along a row is 1, the innermost loop of the
;; convolution and of its input gradient runs two outputs per f64x2 (each lane
;; its own accumulator, so the order of additions is unchanged); the weight
;; gradient's per-tap sum is one running float64 sum and stays scalar.
;;
;; Assembled by bin/build-wasm.mjs; used through ./conv.ts. Pointers are byte
;; addresses into the engine's heap (./heap.ts). A tap is 7 int32s at
;; taps + 28 t: tap index, oh0, oh1, ow0, ow1, di, dj (../conv.ts's Tap).
;; `acc` is float64 scratch the caller sizes.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; acc[ar + ow] += wv * x[xr + ow * sw] for ow in [ow0, ow1), acc and x as
  ;; byte addresses of element 0 of the row (ar, xr folded in).
  (func $axpy (param $acc i32) (param $x i32) (param $wv f64) (param $ow0 i32) (param $ow1 i32) (param $sw i32)
    (local $ow i32) (local $pa i32) (local $px i32) (local $vw v128) (local $end2 i32)
    (local.set $ow (local.get $ow0))
    (if (i32.eq (local.get $sw) (i32.const 1))
      (then
        (local.set $vw (f64x2.splat (local.get $wv)))
        (local.set $end2 (i32.sub (local.get $ow1) (i32.const 1)))
        (block $done (loop $pair
          (br_if $done (i32.ge_s (local.get $ow) (local.get $end2)))
          (local.set $pa (i32.add (local.get $acc) (i32.shl (local.get $ow) (i32.const 3))))
          (v128.store (local.get $pa)
            (f64x2.add (v128.load (local.get $pa))
              (f64x2.mul (local.get $vw)
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $x) (i32.shl (local.get $ow) (i32.const 2))))))))
          (local.set $ow (i32.add (local.get $ow) (i32.const 2)))
          (br $pair)))))
    (block $done (loop $one
      (br_if $done (i32.ge_s (local.get $ow) (local.get $ow1)))
      (local.set $pa (i32.add (local.get $acc) (i32.shl (local.get $ow) (i32.const 3))))
      (local.set $px (i32.add (local.get $x) (i32.shl (i32.mul (local.get $ow) (local.get $sw)) (i32.const 2))))
      (f64.store (local.get $pa)
        (f64.add (f64.load (local.get $pa)) (f64.mul (local.get $wv) (f64.promote_f32 (f32.load (local.get $px))))))
      (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
      (br $one))))

  ;; acc[xr + ow * sw] += wv * dy[yr + ow]: the input gradient's scatter.
  (func $scatter (param $acc i32) (param $dy i32) (param $wv f64) (param $ow0 i32) (param $ow1 i32) (param $sw i32)
    (local $ow i32) (local $pa i32) (local $vw v128) (local $end2 i32)
    (local.set $ow (local.get $ow0))
    (if (i32.eq (local.get $sw) (i32.const 1))
      (then
        (local.set $vw (f64x2.splat (local.get $wv)))
        (local.set $end2 (i32.sub (local.get $ow1) (i32.const 1)))
        (block $done (loop $pair
          (br_if $done (i32.ge_s (local.get $ow) (local.get $end2)))
          (local.set $pa (i32.add (local.get $acc) (i32.shl (local.get $ow) (i32.const 3))))
          (v128.store (local.get $pa)
            (f64x2.add (v128.load (local.get $pa))
              (f64x2.mul (local.get $vw)
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $dy) (i32.shl (local.get $ow) (i32.const 2))))))))
          (local.set $ow (i32.add (local.get $ow) (i32.const 2)))
          (br $pair)))))
    (block $done (loop $one
      (br_if $done (i32.ge_s (local.get $ow) (local.get $ow1)))
      (local.set $pa (i32.add (local.get $acc) (i32.shl (i32.mul (local.get $ow) (local.get $sw)) (i32.const 3))))
      (f64.store (local.get $pa)
        (f64.add (f64.load (local.get $pa))
          (f64.mul (local.get $wv) (f64.promote_f32 (f32.load (i32.add (local.get $dy) (i32.shl (local.get $ow) (i32.const 2))))))))
      (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
      (br $one))))

  ;; Stores n float64s at acc as float32s at out.
  (func $demote (param $acc i32) (param $out i32) (param $n i32)
    (local $i i32)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
        (f32.demote_f64 (f64.load (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each))))

  ;; out[n, o] = sum over c and taps of w[o, c, tap] * x[n, c, shifted]; acc: Ho * Wo float64s.
  (func (export "conv2d") (param $x i32) (param $w i32) (param $out i32) (param $acc i32)
        (param $taps i32) (param $ntaps i32)
        (param $N i32) (param $C i32) (param $H i32) (param $W i32) (param $O i32) (param $K i32)
        (param $Ho i32) (param $Wo i32) (param $sh i32) (param $sw i32)
    (local $n i32) (local $o i32) (local $c i32) (local $t i32) (local $tp i32) (local $oh i32)
    (local $xo i32) (local $wo i32) (local $wv f64) (local $oh1 i32) (local $ow0 i32) (local $ow1 i32)
    (local $di i32) (local $dj i32) (local $xr i32) (local $plane i32)
    (local.set $plane (i32.mul (local.get $Ho) (local.get $Wo)))
    (block $nd (loop $nl
      (br_if $nd (i32.ge_u (local.get $n) (local.get $N)))
      (local.set $o (i32.const 0))
      (block $od (loop $ol
        (br_if $od (i32.ge_u (local.get $o) (local.get $O)))
        (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $plane) (i32.const 3)))
        (local.set $c (i32.const 0))
        (block $cd (loop $cl
          (br_if $cd (i32.ge_u (local.get $c) (local.get $C)))
          (local.set $xo (i32.mul (i32.add (i32.mul (local.get $n) (local.get $C)) (local.get $c)) (i32.mul (local.get $H) (local.get $W))))
          (local.set $wo (i32.mul (i32.add (i32.mul (local.get $o) (local.get $C)) (local.get $c)) (local.get $K)))
          (local.set $t (i32.const 0))
          (block $td (loop $tl
            (br_if $td (i32.ge_u (local.get $t) (local.get $ntaps)))
            (local.set $tp (i32.add (local.get $taps) (i32.mul (local.get $t) (i32.const 28))))
            (local.set $wv (f64.promote_f32 (f32.load (i32.add (local.get $w)
              (i32.shl (i32.add (local.get $wo) (i32.load (local.get $tp))) (i32.const 2))))))
            (local.set $oh (i32.load offset=4 (local.get $tp)))
            (local.set $oh1 (i32.load offset=8 (local.get $tp)))
            (local.set $ow0 (i32.load offset=12 (local.get $tp)))
            (local.set $ow1 (i32.load offset=16 (local.get $tp)))
            (local.set $di (i32.load offset=20 (local.get $tp)))
            (local.set $dj (i32.load offset=24 (local.get $tp)))
            (block $hd (loop $hl
              (br_if $hd (i32.ge_s (local.get $oh) (local.get $oh1)))
              ;; xr = xo + (oh sh + di) W + dj
              (local.set $xr (i32.add (i32.add (local.get $xo)
                (i32.mul (i32.add (i32.mul (local.get $oh) (local.get $sh)) (local.get $di)) (local.get $W))) (local.get $dj)))
              (call $axpy
                (i32.add (local.get $acc) (i32.shl (i32.mul (local.get $oh) (local.get $Wo)) (i32.const 3)))
                (i32.add (local.get $x) (i32.shl (local.get $xr) (i32.const 2)))
                (local.get $wv) (local.get $ow0) (local.get $ow1) (local.get $sw))
              (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
              (br $hl)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tl)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $cl)))
        (call $demote (local.get $acc)
          (i32.add (local.get $out) (i32.shl (i32.mul (i32.add (i32.mul (local.get $n) (local.get $O)) (local.get $o)) (local.get $plane)) (i32.const 2)))
          (local.get $plane))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $ol)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nl))))

  ;; dx: acc (N C H W float64s) gathers w[o, c, tap] * dy[n, o, oh, ow] at each input it read.
  (func (export "conv2d_grad_x") (param $dy i32) (param $w i32) (param $out i32) (param $acc i32)
        (param $taps i32) (param $ntaps i32)
        (param $N i32) (param $C i32) (param $H i32) (param $W i32) (param $O i32) (param $K i32)
        (param $Ho i32) (param $Wo i32) (param $sh i32) (param $sw i32)
    (local $n i32) (local $o i32) (local $c i32) (local $t i32) (local $tp i32) (local $oh i32)
    (local $xo i32) (local $wo i32) (local $yo i32) (local $wv f64) (local $oh1 i32) (local $ow0 i32) (local $ow1 i32)
    (local $di i32) (local $dj i32) (local $xr i32) (local $total i32)
    (local.set $total (i32.mul (i32.mul (local.get $N) (local.get $C)) (i32.mul (local.get $H) (local.get $W))))
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $total) (i32.const 3)))
    (block $nd (loop $nl
      (br_if $nd (i32.ge_u (local.get $n) (local.get $N)))
      (local.set $o (i32.const 0))
      (block $od (loop $ol
        (br_if $od (i32.ge_u (local.get $o) (local.get $O)))
        (local.set $yo (i32.mul (i32.add (i32.mul (local.get $n) (local.get $O)) (local.get $o)) (i32.mul (local.get $Ho) (local.get $Wo))))
        (local.set $c (i32.const 0))
        (block $cd (loop $cl
          (br_if $cd (i32.ge_u (local.get $c) (local.get $C)))
          (local.set $xo (i32.mul (i32.add (i32.mul (local.get $n) (local.get $C)) (local.get $c)) (i32.mul (local.get $H) (local.get $W))))
          (local.set $wo (i32.mul (i32.add (i32.mul (local.get $o) (local.get $C)) (local.get $c)) (local.get $K)))
          (local.set $t (i32.const 0))
          (block $td (loop $tl
            (br_if $td (i32.ge_u (local.get $t) (local.get $ntaps)))
            (local.set $tp (i32.add (local.get $taps) (i32.mul (local.get $t) (i32.const 28))))
            (local.set $wv (f64.promote_f32 (f32.load (i32.add (local.get $w)
              (i32.shl (i32.add (local.get $wo) (i32.load (local.get $tp))) (i32.const 2))))))
            (local.set $oh (i32.load offset=4 (local.get $tp)))
            (local.set $oh1 (i32.load offset=8 (local.get $tp)))
            (local.set $ow0 (i32.load offset=12 (local.get $tp)))
            (local.set $ow1 (i32.load offset=16 (local.get $tp)))
            (local.set $di (i32.load offset=20 (local.get $tp)))
            (local.set $dj (i32.load offset=24 (local.get $tp)))
            (block $hd (loop $hl
              (br_if $hd (i32.ge_s (local.get $oh) (local.get $oh1)))
              (local.set $xr (i32.add (i32.add (local.get $xo)
                (i32.mul (i32.add (i32.mul (local.get $oh) (local.get $sh)) (local.get $di)) (local.get $W))) (local.get $dj)))
              (call $scatter
                (i32.add (local.get $acc) (i32.shl (local.get $xr) (i32.const 3)))
                (i32.add (local.get $dy) (i32.shl (i32.add (local.get $yo) (i32.mul (local.get $oh) (local.get $Wo))) (i32.const 2)))
                (local.get $wv) (local.get $ow0) (local.get $ow1) (local.get $sw))
              (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
              (br $hl)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tl)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $cl)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $ol)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nl)))
    (call $demote (local.get $acc) (local.get $out) (local.get $total)))

  ;; dw: acc (O C K float64s) += each tap's sum over its outputs of dy * x, that sum run in order.
  ;; Os is dy's count of channels: a thread given output channels o0.. passes dy and out from o0
  ;; on and O of its own, while dy's rows stay Os channels apart.
  (func (export "conv2d_grad_w") (param $dy i32) (param $x i32) (param $out i32) (param $acc i32)
        (param $taps i32) (param $ntaps i32)
        (param $N i32) (param $C i32) (param $H i32) (param $W i32) (param $O i32) (param $K i32)
        (param $Ho i32) (param $Wo i32) (param $sh i32) (param $sw i32) (param $Os i32)
    (local $n i32) (local $o i32) (local $c i32) (local $t i32) (local $tp i32) (local $oh i32)
    (local $xo i32) (local $wo i32) (local $yo i32) (local $oh1 i32) (local $ow0 i32) (local $ow1 i32)
    (local $di i32) (local $dj i32) (local $ow i32) (local $px i32) (local $py i32) (local $s f64) (local $pa i32)
    (local $total i32) (local $sw4 i32)
    (local.set $total (i32.mul (i32.mul (local.get $O) (local.get $C)) (local.get $K)))
    (local.set $sw4 (i32.shl (local.get $sw) (i32.const 2)))
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $total) (i32.const 3)))
    (block $nd (loop $nl
      (br_if $nd (i32.ge_u (local.get $n) (local.get $N)))
      (local.set $o (i32.const 0))
      (block $od (loop $ol
        (br_if $od (i32.ge_u (local.get $o) (local.get $O)))
        (local.set $yo (i32.mul (i32.add (i32.mul (local.get $n) (local.get $Os)) (local.get $o)) (i32.mul (local.get $Ho) (local.get $Wo))))
        (local.set $c (i32.const 0))
        (block $cd (loop $cl
          (br_if $cd (i32.ge_u (local.get $c) (local.get $C)))
          (local.set $xo (i32.mul (i32.add (i32.mul (local.get $n) (local.get $C)) (local.get $c)) (i32.mul (local.get $H) (local.get $W))))
          (local.set $wo (i32.mul (i32.add (i32.mul (local.get $o) (local.get $C)) (local.get $c)) (local.get $K)))
          (local.set $t (i32.const 0))
          (block $td (loop $tl
            (br_if $td (i32.ge_u (local.get $t) (local.get $ntaps)))
            (local.set $tp (i32.add (local.get $taps) (i32.mul (local.get $t) (i32.const 28))))
            (local.set $oh (i32.load offset=4 (local.get $tp)))
            (local.set $oh1 (i32.load offset=8 (local.get $tp)))
            (local.set $ow0 (i32.load offset=12 (local.get $tp)))
            (local.set $ow1 (i32.load offset=16 (local.get $tp)))
            (local.set $di (i32.load offset=20 (local.get $tp)))
            (local.set $dj (i32.load offset=24 (local.get $tp)))
            (local.set $s (f64.const 0))
            (block $hd (loop $hl
              (br_if $hd (i32.ge_s (local.get $oh) (local.get $oh1)))
              (local.set $px (i32.add (local.get $x) (i32.shl (i32.add (i32.add (local.get $xo)
                (i32.mul (i32.add (i32.mul (local.get $oh) (local.get $sh)) (local.get $di)) (local.get $W))) (local.get $dj)) (i32.const 2))))
              (local.set $px (i32.add (local.get $px) (i32.mul (local.get $ow0) (local.get $sw4))))
              (local.set $py (i32.add (local.get $dy) (i32.shl (i32.add (i32.add (local.get $yo) (i32.mul (local.get $oh) (local.get $Wo))) (local.get $ow0)) (i32.const 2))))
              (local.set $ow (local.get $ow0))
              (block $wd (loop $wl
                (br_if $wd (i32.ge_s (local.get $ow) (local.get $ow1)))
                (local.set $s (f64.add (local.get $s)
                  (f64.mul (f64.promote_f32 (f32.load (local.get $py))) (f64.promote_f32 (f32.load (local.get $px))))))
                (local.set $px (i32.add (local.get $px) (local.get $sw4)))
                (local.set $py (i32.add (local.get $py) (i32.const 4)))
                (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                (br $wl)))
              (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
              (br $hl)))
            (local.set $pa (i32.add (local.get $acc) (i32.shl (i32.add (local.get $wo) (i32.load (local.get $tp))) (i32.const 3))))
            (f64.store (local.get $pa) (f64.add (f64.load (local.get $pa)) (local.get $s)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tl)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $cl)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $ol)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nl)))
    (call $demote (local.get $acc) (local.get $out) (local.get $total)))

  ;; Pooling over each of the P = N C planes: max (kind 0) keeps the largest
  ;; value of each window (NaN never replaces, as in TypeScript), average
  ;; (kind 1) sums and divides by the window's area. acc: Ho * Wo float64s.
  (func (export "pool2d") (param $x i32) (param $out i32) (param $acc i32) (param $taps i32) (param $ntaps i32)
        (param $P i32) (param $H i32) (param $W i32) (param $Ho i32) (param $Wo i32) (param $sh i32) (param $sw i32)
        (param $kind i32) (param $area f64)
    (local $p i32) (local $t i32) (local $tp i32) (local $oh i32) (local $oh1 i32) (local $ow i32) (local $ow0 i32) (local $ow1 i32)
    (local $di i32) (local $dj i32) (local $px i32) (local $pa i32) (local $v f64) (local $i i32) (local $plane i32) (local $xo i32)
    (local.set $plane (i32.mul (local.get $Ho) (local.get $Wo)))
    (block $pd (loop $pl
      (br_if $pd (i32.ge_u (local.get $p) (local.get $P)))
      (local.set $xo (i32.mul (local.get $p) (i32.mul (local.get $H) (local.get $W))))
      (local.set $i (i32.const 0))
      (block $fd (loop $fl
        (br_if $fd (i32.ge_u (local.get $i) (local.get $plane)))
        (f64.store (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 3)))
          (select (f64.const 0) (f64.const -inf) (local.get $kind)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fl)))
      (local.set $t (i32.const 0))
      (block $td (loop $tl
        (br_if $td (i32.ge_u (local.get $t) (local.get $ntaps)))
        (local.set $tp (i32.add (local.get $taps) (i32.mul (local.get $t) (i32.const 28))))
        (local.set $oh (i32.load offset=4 (local.get $tp)))
        (local.set $oh1 (i32.load offset=8 (local.get $tp)))
        (local.set $ow0 (i32.load offset=12 (local.get $tp)))
        (local.set $ow1 (i32.load offset=16 (local.get $tp)))
        (local.set $di (i32.load offset=20 (local.get $tp)))
        (local.set $dj (i32.load offset=24 (local.get $tp)))
        (block $hd (loop $hl
          (br_if $hd (i32.ge_s (local.get $oh) (local.get $oh1)))
          (local.set $ow (local.get $ow0))
          (block $wd (loop $wl
            (br_if $wd (i32.ge_s (local.get $ow) (local.get $ow1)))
            ;; x[xo + (oh sh + di) W + dj + ow sw], acc[oh Wo + ow]
            (local.set $px (i32.add (i32.add (local.get $xo)
              (i32.mul (i32.add (i32.mul (local.get $oh) (local.get $sh)) (local.get $di)) (local.get $W)))
              (i32.add (local.get $dj) (i32.mul (local.get $ow) (local.get $sw)))))
            (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $px) (i32.const 2))))))
            (local.set $pa (i32.add (local.get $acc) (i32.shl (i32.add (i32.mul (local.get $oh) (local.get $Wo)) (local.get $ow)) (i32.const 3))))
            (if (local.get $kind)
              (then (f64.store (local.get $pa) (f64.add (f64.load (local.get $pa)) (local.get $v))))
              (else (if (f64.gt (local.get $v) (f64.load (local.get $pa))) (then (f64.store (local.get $pa) (local.get $v))))))
            (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
            (br $wl)))
          (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
          (br $hl)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tl)))
      (local.set $i (i32.const 0))
      (block $od (loop $ol
        (br_if $od (i32.ge_u (local.get $i) (local.get $plane)))
        (local.set $v (f64.load (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 3)))))
        (f32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $plane)) (local.get $i)) (i32.const 2)))
          (f32.demote_f64 (select (f64.div (local.get $v) (local.get $area)) (local.get $v) (local.get $kind))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $ol)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $pl))))

  ;; The pools' gradient. Max: each output's gradient goes to the first
  ;; maximum of its window (best: Ho Wo float64s, at: Ho Wo int32s of scratch);
  ;; average: dy / area to every input of the window. acc: P H W float64s.
  (func (export "pool2d_grad") (param $x i32) (param $dy i32) (param $out i32) (param $acc i32) (param $best i32) (param $at i32)
        (param $taps i32) (param $ntaps i32)
        (param $P i32) (param $H i32) (param $W i32) (param $Ho i32) (param $Wo i32) (param $sh i32) (param $sw i32)
        (param $kind i32) (param $area f64)
    (local $p i32) (local $t i32) (local $tp i32) (local $oh i32) (local $oh1 i32) (local $ow i32) (local $ow0 i32) (local $ow1 i32)
    (local $di i32) (local $dj i32) (local $xi i32) (local $o i32) (local $v f64) (local $i i32) (local $plane i32) (local $xo i32)
    (local $yo i32) (local $pa i32) (local $pb i32) (local $pt i32) (local $total i32) (local $j i32)
    (local.set $plane (i32.mul (local.get $Ho) (local.get $Wo)))
    (local.set $total (i32.mul (local.get $P) (i32.mul (local.get $H) (local.get $W))))
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $total) (i32.const 3)))
    (block $pd (loop $pl
      (br_if $pd (i32.ge_u (local.get $p) (local.get $P)))
      (local.set $xo (i32.mul (local.get $p) (i32.mul (local.get $H) (local.get $W))))
      (local.set $yo (i32.mul (local.get $p) (local.get $plane)))
      (if (i32.eqz (local.get $kind))
        (then
          (local.set $i (i32.const 0))
          (block $fd (loop $fl
            (br_if $fd (i32.ge_u (local.get $i) (local.get $plane)))
            (f64.store (i32.add (local.get $best) (i32.shl (local.get $i) (i32.const 3))) (f64.const -inf))
            (i32.store (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 2))) (i32.const -1))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $fl)))))
      (local.set $t (i32.const 0))
      (block $td (loop $tl
        (br_if $td (i32.ge_u (local.get $t) (local.get $ntaps)))
        (local.set $tp (i32.add (local.get $taps) (i32.mul (local.get $t) (i32.const 28))))
        (local.set $oh (i32.load offset=4 (local.get $tp)))
        (local.set $oh1 (i32.load offset=8 (local.get $tp)))
        (local.set $ow0 (i32.load offset=12 (local.get $tp)))
        (local.set $ow1 (i32.load offset=16 (local.get $tp)))
        (local.set $di (i32.load offset=20 (local.get $tp)))
        (local.set $dj (i32.load offset=24 (local.get $tp)))
        (block $hd (loop $hl
          (br_if $hd (i32.ge_s (local.get $oh) (local.get $oh1)))
          (local.set $ow (local.get $ow0))
          (block $wd (loop $wl
            (br_if $wd (i32.ge_s (local.get $ow) (local.get $ow1)))
            (local.set $xi (i32.add (i32.add (local.get $xo)
              (i32.mul (i32.add (i32.mul (local.get $oh) (local.get $sh)) (local.get $di)) (local.get $W)))
              (i32.add (local.get $dj) (i32.mul (local.get $ow) (local.get $sw)))))
            (local.set $o (i32.add (i32.mul (local.get $oh) (local.get $Wo)) (local.get $ow)))
            (if (local.get $kind)
              (then
                ;; acc[xi] += dy[yo + o] / area
                (local.set $pa (i32.add (local.get $acc) (i32.shl (local.get $xi) (i32.const 3))))
                (f64.store (local.get $pa) (f64.add (f64.load (local.get $pa))
                  (f64.div (f64.promote_f32 (f32.load (i32.add (local.get $dy) (i32.shl (i32.add (local.get $yo) (local.get $o)) (i32.const 2))))) (local.get $area)))))
              (else
                (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $xi) (i32.const 2))))))
                (local.set $pb (i32.add (local.get $best) (i32.shl (local.get $o) (i32.const 3))))
                (local.set $pt (i32.add (local.get $at) (i32.shl (local.get $o) (i32.const 2))))
                (if (i32.or (i32.eq (i32.load (local.get $pt)) (i32.const -1)) (f64.gt (local.get $v) (f64.load (local.get $pb))))
                  (then
                    (f64.store (local.get $pb) (local.get $v))
                    (i32.store (local.get $pt) (local.get $xi))))))
            (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
            (br $wl)))
          (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
          (br $hl)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tl)))
      (if (i32.eqz (local.get $kind))
        (then
          ;; acc[at[o]] += dy[yo + o] for each output with a maximum.
          (local.set $i (i32.const 0))
          (block $gd (loop $gl
            (br_if $gd (i32.ge_u (local.get $i) (local.get $plane)))
            (local.set $j (i32.load (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 2)))))
            (if (i32.ge_s (local.get $j) (i32.const 0))
              (then
                (local.set $pa (i32.add (local.get $acc) (i32.shl (local.get $j) (i32.const 3))))
                (f64.store (local.get $pa) (f64.add (f64.load (local.get $pa))
                  (f64.promote_f32 (f32.load (i32.add (local.get $dy) (i32.shl (i32.add (local.get $yo) (local.get $i)) (i32.const 2)))))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $gl)))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $pl)))
    (call $demote (local.get $acc) (local.get $out) (local.get $total)))
)
