// The CPU backend's elementwise, reduction and optimiser kernels in WebAssembly SIMD, written
// once per op from the templates below: bin/build-wasm.mjs takes this script's default export
// as WebAssembly text and assembles it with wabt, like the hand-written ./matmul.wat.
//
// Every kernel gives the bits the TypeScript kernel gives (../elementwise.ts, ../reduce.ts,
// ../update.ts), so a training run's results do not depend on which of the two ran:
// - A single +, -, *, / or sqrt of float32 values is done in f32x4. TypeScript does it in
//   float64 and rounds once on store, which for these operations is provably the same as
//   rounding the float32 operation (float64 has more than 2 * 24 + 2 bits).
// - Anything longer (a multiply then an add, a float64 constant such as leaky relu's alpha) is
//   done in f64x2, in TypeScript's order, and rounded once at the end, as TypeScript rounds.
// - max, min, comparisons and relu select with masks that mirror TypeScript's conditions,
//   NaN and signed zeros included.
// - Sums accumulate in float64 in TypeScript's order: across columns in parallel lanes, each
//   lane adding its own column's rows one after another.
//
// Pointers are byte addresses into the engine's heap (./heap.ts); counts and strides are in
// elements. Nothing here needs alignment (v128 loads of a row's middle are unaligned).

/** (local.get $name) */
const g = (name) => `(local.get $${name})`;
const f32splat = (v) => `(f32x4.splat (f32.const ${v}))`;
const f64splat = (v) => `(f64x2.splat (f64.const ${v}))`;

// ---------------------------------------------------------------------------------------------
// Binary ops over rows: out[r, j] = a[r * ars + j * acs] (op) b[r * brs + j * bcs], with acs and
// bcs each 0 (broadcast along the row) or 1. `vec` works on f32x4 locals va, vb; `sca` on f32
// locals sa, sb.
const BINARY = {
  add: { vec: `(f32x4.add ${g('va')} ${g('vb')})`, sca: `(f32.add ${g('sa')} ${g('sb')})` },
  sub: { vec: `(f32x4.sub ${g('va')} ${g('vb')})`, sca: `(f32.sub ${g('sa')} ${g('sb')})` },
  mul: { vec: `(f32x4.mul ${g('va')} ${g('vb')})`, sca: `(f32.mul ${g('sa')} ${g('sb')})` },
  div: { vec: `(f32x4.div ${g('va')} ${g('vb')})`, sca: `(f32.div ${g('sa')} ${g('sb')})` },
  // TypeScript: a >= b ? a : b < a ? b : a !== a ? a : b, that is a where a >= b or a is NaN.
  max: {
    vec: `(v128.bitselect ${g('va')} ${g('vb')} (v128.or (f32x4.ge ${g('va')} ${g('vb')}) (f32x4.ne ${g('va')} ${g('va')})))`,
    sca: `(select ${g('sa')} ${g('sb')} (i32.or (f32.ge ${g('sa')} ${g('sb')}) (f32.ne ${g('sa')} ${g('sa')})))`,
  },
  min: {
    vec: `(v128.bitselect ${g('va')} ${g('vb')} (v128.or (f32x4.le ${g('va')} ${g('vb')}) (f32x4.ne ${g('va')} ${g('va')})))`,
    sca: `(select ${g('sa')} ${g('sb')} (i32.or (f32.le ${g('sa')} ${g('sb')}) (f32.ne ${g('sa')} ${g('sa')})))`,
  },
  ge: { vec: `(v128.and (f32x4.ge ${g('va')} ${g('vb')}) ${f32splat(1)})`, sca: `(f32.convert_i32_u (f32.ge ${g('sa')} ${g('sb')}))` },
  gt: { vec: `(v128.and (f32x4.gt ${g('va')} ${g('vb')}) ${f32splat(1)})`, sca: `(f32.convert_i32_u (f32.gt ${g('sa')} ${g('sb')}))` },
  eq: { vec: `(v128.and (f32x4.eq ${g('va')} ${g('vb')}) ${f32splat(1)})`, sca: `(f32.convert_i32_u (f32.eq ${g('sa')} ${g('sb')}))` },
};

/** One row's loop for given operand strides (1: a vector of the row, 0: one value splatted). */
function binaryRow(op, aStep, bStep) {
  const { vec, sca } = BINARY[op];
  const va = aStep ? `(local.set $va (v128.load (local.get $pa)))` : '';
  const vb = bStep ? `(local.set $vb (v128.load (local.get $pb)))` : '';
  const sa = aStep ? `(local.set $sa (f32.load (local.get $pa)))` : '';
  const sb = bStep ? `(local.set $sb (f32.load (local.get $pb)))` : '';
  const adv = (step, p, by) => (step ? `(local.set $${p} (i32.add (local.get $${p}) (i32.const ${by})))` : '');
  return `
        ${aStep ? '' : '(local.set $sa (f32.load (local.get $pa))) (local.set $va (f32x4.splat (local.get $sa)))'}
        ${bStep ? '' : '(local.set $sb (f32.load (local.get $pb))) (local.set $vb (f32x4.splat (local.get $sb)))'}
        (block $vdone (loop $vloop
          (br_if $vdone (i32.ge_u (local.get $po) (local.get $vend)))
          ${va} ${vb}
          (v128.store (local.get $po) ${vec})
          ${adv(aStep, 'pa', 16)} ${adv(bStep, 'pb', 16)}
          (local.set $po (i32.add (local.get $po) (i32.const 16)))
          (br $vloop)))
        (block $sdone (loop $sloop
          (br_if $sdone (i32.ge_u (local.get $po) (local.get $rend)))
          ${sa} ${sb}
          (f32.store (local.get $po) ${sca})
          ${adv(aStep, 'pa', 4)} ${adv(bStep, 'pb', 4)}
          (local.set $po (i32.add (local.get $po) (i32.const 4)))
          (br $sloop)))`;
}

function binaryFunc(op) {
  return `
  (func (export "bin_${op}") (param $a i32) (param $ars i32) (param $acs i32)
        (param $b i32) (param $brs i32) (param $bcs i32) (param $o i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $pa i32) (local $pb i32) (local $po i32) (local $vend i32) (local $rend i32)
    (local $va v128) (local $vb v128) (local $sa f32) (local $sb f32)
    (local.set $po (local.get $o))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $pa (i32.add (local.get $a) (i32.shl (i32.mul (local.get $r) (local.get $ars)) (i32.const 2))))
      (local.set $pb (i32.add (local.get $b) (i32.shl (i32.mul (local.get $r) (local.get $brs)) (i32.const 2))))
      (local.set $rend (i32.add (local.get $po) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $vend (i32.add (local.get $po) (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2))))
      (if (local.get $acs)
        (then (if (local.get $bcs)
          (then ${binaryRow(op, 1, 1)})
          (else ${binaryRow(op, 1, 0)})))
        (else (if (local.get $bcs)
          (then ${binaryRow(op, 0, 1)})
          (else ${binaryRow(op, 0, 0)}))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))`;
}

// ---------------------------------------------------------------------------------------------
// Maps over contiguous arrays. A float32 kernel (`f32`) works four at a time on f32x4 locals and
// finishes with scalars on f32 locals; a float64 kernel (`f64`) works two at a time, each input
// promoted to f64x2 (one at a time: scalar f64 locals), the result demoted once. `inputs` name
// the pointer parameters; each expression reads the locals of the same names.

/** A kernel over n elements reading `inputs` (pointer params) and writing o. */
function mapFunc(name, inputs, kind, vec, sca, extraParams = '') {
  const params = inputs.map((p) => `(param $${p}_p i32)`).join(' ');
  const vlocals = inputs.map((p) => `(local $${p} v128)`).join(' ');
  const slocals = inputs.map((p) => `(local $${p}_s ${kind})`).join(' ');
  const width = kind === 'f32' ? 16 : 8;
  const lanes = kind === 'f32' ? 4 : 2;
  const load = (p) =>
    kind === 'f32'
      ? `(local.set $${p} (v128.load (i32.add (local.get $${p}_p) (local.get $i))))`
      : `(local.set $${p} (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $${p}_p) (local.get $i)))))`;
  const sload = (p) =>
    kind === 'f32'
      ? `(local.set $${p}_s (f32.load (i32.add (local.get $${p}_p) (local.get $i))))`
      : `(local.set $${p}_s (f64.promote_f32 (f32.load (i32.add (local.get $${p}_p) (local.get $i)))))`;
  const store =
    kind === 'f32'
      ? `(v128.store (i32.add (local.get $o) (local.get $i)) ${vec})`
      : `(v128.store64_lane 0 (i32.add (local.get $o) (local.get $i)) (f32x4.demote_f64x2_zero ${vec}))`;
  const sstore = kind === 'f32' ? `(f32.store (i32.add (local.get $o) (local.get $i)) ${sca})` : `(f32.store (i32.add (local.get $o) (local.get $i)) (f32.demote_f64 ${sca}))`;
  return `
  (func (export "${name}") ${params} (param $o i32) (param $n i32) ${extraParams}
    (local $i i32) (local $vend i32) (local $end i32) ${vlocals} ${slocals}
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const ${-lanes})) (i32.const 2)))
    (block $vdone (loop $vloop
      (br_if $vdone (i32.ge_u (local.get $i) (local.get $vend)))
      ${inputs.map(load).join(' ')}
      ${store}
      (local.set $i (i32.add (local.get $i) (i32.const ${width})))
      (br $vloop)))
    (block $sdone (loop $sloop
      (br_if $sdone (i32.ge_u (local.get $i) (local.get $end)))
      ${inputs.map(sload).join(' ')}
      ${sstore}
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $sloop))))`;
}

/** The scalar form of an expression written on the vector locals: each input's `(local.get $x)` becomes `$x_s`. */
function scalar(expr, inputs) {
  let s = expr;
  for (const p of inputs) s = s.replaceAll(`(local.get $${p})`, `(local.get $${p}_s)`);
  return s;
}

const x = g('x');
const y = g('y');
const dy = g('dy');
const alpha64 = `(f64x2.splat (local.get $alpha))`;

// y = f(x). [kind, vector expression, scalar expression]
const UNARY = {
  neg: ['f32', `(f32x4.neg ${x})`, `(f32.neg ${x})`],
  abs: ['f32', `(f32x4.abs ${x})`, `(f32.abs ${x})`],
  sqrt: ['f32', `(f32x4.sqrt ${x})`, `(f32.sqrt ${x})`],
  square: ['f32', `(f32x4.mul ${x} ${x})`, `(f32.mul ${x} ${x})`],
  recip: ['f32', `(f32x4.div ${f32splat(1)} ${x})`, `(f32.div (f32.const 1) ${x})`],
  // v > 0 ? v : 0 (NaN and -0 give +0).
  relu: ['f32', `(v128.and ${x} (f32x4.gt ${x} ${f32splat(0)}))`, `(select ${x} (f32.const 0) (f32.gt ${x} (f32.const 0)))`],
  step: ['f32', `(v128.and ${f32splat(1)} (f32x4.gt ${x} ${f32splat(0)}))`, `(f32.convert_i32_u (f32.gt ${x} (f32.const 0)))`],
  sign: [
    'f32',
    `(v128.or (v128.and ${f32splat(1)} (f32x4.gt ${x} ${f32splat(0)})) (v128.and ${f32splat(-1)} (f32x4.lt ${x} ${f32splat(0)})))`,
    `(f32.sub (f32.convert_i32_u (f32.gt ${x} (f32.const 0))) (f32.convert_i32_u (f32.lt ${x} (f32.const 0))))`,
  ],
  // v > 0 ? v : alpha * v, alpha a float64.
  leaky_relu: [
    'f64',
    `(v128.bitselect ${x} (f64x2.mul ${alpha64} ${x}) (f64x2.gt ${x} ${f64splat(0)}))`,
    `(select ${x} (f64.mul (local.get $alpha) ${x}) (f64.gt ${x} (f64.const 0)))`,
  ],
};

// dx = dy * f'(x), as ../elementwise.ts's unaryGrad writes each (its evaluation order kept).
const UNARY_GRAD = {
  neg: ['f32', `(f32x4.neg ${dy})`, `(f32.neg ${dy})`],
  exp: ['f32', `(f32x4.mul ${dy} ${y})`, `(f32.mul ${dy} ${y})`],
  log: ['f32', `(f32x4.div ${dy} ${x})`, `(f32.div ${dy} ${x})`],
  // (0.5 * dy) / y
  sqrt: ['f64', `(f64x2.div (f64x2.mul ${f64splat(0.5)} ${dy}) ${y})`, `(f64.div (f64.mul (f64.const 0.5) ${dy}) ${y})`],
  // v > 0 ? dy : v < 0 ? -dy : 0
  abs: [
    'f32',
    `(v128.or (v128.and ${dy} (f32x4.gt ${x} ${f32splat(0)})) (v128.and (f32x4.neg ${dy}) (f32x4.lt ${x} ${f32splat(0)})))`,
    `(select ${dy} (select (f32.neg ${dy}) (f32.const 0) (f32.lt ${x} (f32.const 0))) (f32.gt ${x} (f32.const 0)))`,
  ],
  // -dy * v * v
  recip: ['f64', `(f64x2.mul (f64x2.mul (f64x2.neg ${dy}) ${y}) ${y})`, `(f64.mul (f64.mul (f64.neg ${dy}) ${y}) ${y})`],
  // 2 * x * dy
  square: ['f64', `(f64x2.mul (f64x2.mul ${f64splat(2)} ${x}) ${dy})`, `(f64.mul (f64.mul (f64.const 2) ${x}) ${dy})`],
  // dy * v * (1 - v)
  sigmoid: ['f64', `(f64x2.mul (f64x2.mul ${dy} ${y}) (f64x2.sub ${f64splat(1)} ${y}))`, `(f64.mul (f64.mul ${dy} ${y}) (f64.sub (f64.const 1) ${y}))`],
  // dy * (1 - v * v)
  tanh: ['f64', `(f64x2.mul ${dy} (f64x2.sub ${f64splat(1)} (f64x2.mul ${y} ${y})))`, `(f64.mul ${dy} (f64.sub (f64.const 1) (f64.mul ${y} ${y})))`],
  // x > 0 ? dy : 0
  relu: ['f32', `(v128.and ${dy} (f32x4.gt ${x} ${f32splat(0)}))`, `(select ${dy} (f32.const 0) (f32.gt ${x} (f32.const 0)))`],
  // x > 0 ? dy : alpha * dy
  leaky_relu: [
    'f64',
    `(v128.bitselect ${dy} (f64x2.mul ${alpha64} ${dy}) (f64x2.gt ${x} ${f64splat(0)}))`,
    `(select ${dy} (f64.mul (local.get $alpha) ${dy}) (f64.gt ${x} (f64.const 0)))`,
  ],
  // x > 0 ? dy : dy * (y + alpha)
  elu: [
    'f64',
    `(v128.bitselect ${dy} (f64x2.mul ${dy} (f64x2.add ${y} ${alpha64})) (f64x2.gt ${x} ${f64splat(0)}))`,
    `(select ${dy} (f64.mul ${dy} (f64.add ${y} (local.get $alpha))) (f64.gt ${x} (f64.const 0)))`,
  ],
};

function unaryFuncs() {
  return Object.entries(UNARY)
    .map(([op, [kind, vec, sca]]) => mapFunc(`un_${op}`, ['x'], kind, vec, scalar(sca, ['x']), '(param $alpha f64)'))
    .join('\n');
}

function unaryGradFuncs() {
  return Object.entries(UNARY_GRAD)
    .map(([op, [kind, vec, sca]]) => mapFunc(`ug_${op}`, ['x', 'y', 'dy'], kind, vec, scalar(sca, ['x', 'y', 'dy']), '(param $alpha f64)'))
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Sums, in float64, in ../reduce.ts's order.

const SUM_ROWS = `
  ;; out[o] = sum over the group's rows of (that row's sum): x is outer groups of rowsPer rows of
  ;; cols, the trailing axes reduced. Each row is summed on its own, then added to the group's
  ;; total, as ../reduce.ts does.
  (func (export "sum_rows") (param $x i32) (param $o i32) (param $outer i32) (param $rowsPer i32) (param $cols i32)
    (local $g i32) (local $r i32) (local $px i32) (local $end i32) (local $acc f64) (local $s f64)
    (local.set $px (local.get $x))
    (block $gdone (loop $gloop
      (br_if $gdone (i32.ge_u (local.get $g) (local.get $outer)))
      (local.set $acc (f64.const 0))
      (local.set $r (i32.const 0))
      (block $rdone (loop $rloop
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rowsPer)))
        (local.set $s (f64.const 0))
        (local.set $end (i32.add (local.get $px) (i32.shl (local.get $cols) (i32.const 2))))
        (block $edone (loop $eloop
          (br_if $edone (i32.ge_u (local.get $px) (local.get $end)))
          (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (local.get $px)))))
          (local.set $px (i32.add (local.get $px) (i32.const 4)))
          (br $eloop)))
        (local.set $acc (f64.add (local.get $acc) (local.get $s)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rloop)))
      (f32.store (i32.add (local.get $o) (i32.shl (local.get $g) (i32.const 2))) (f32.demote_f64 (local.get $acc)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $gloop))))`;

/**
 * A reduction over leading axes: out[j] over r of x[r * cols + j] (x is rows x cols), each
 * column's float64 accumulator taking its rows in order, two columns per f64x2; acc is scratch
 * for cols float64s. `init` is the accumulators' start, `vec` the new accumulator from locals
 * a (accumulators) and v (values), `sca` the statement for one column at pa with value s.
 */
function columns(name, init, vec, sca) {
  return `
  (func (export "${name}_cols") (param $x i32) (param $o i32) (param $rows i32) (param $cols i32) (param $acc i32)
    (local $r i32) (local $j i32) (local $px i32) (local $pa i32) (local $vend i32) (local $end i32) (local $v v128) (local $a v128) (local $s f64)
    (local.set $end (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $vend (i32.shl (i32.and (local.get $cols) (i32.const -2)) (i32.const 3)))
    (local.set $j (i32.const 0))
    (block $fdone (loop $fill
      (br_if $fdone (i32.ge_u (local.get $j) (local.get $end)))
      (f64.store (i32.add (local.get $acc) (local.get $j)) (f64.const ${init}))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br $fill)))
    (local.set $px (local.get $x))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $j) (local.get $vend)))
        (local.set $pa (i32.add (local.get $acc) (local.get $j)))
        (local.set $v (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $px))))
        (local.set $a (v128.load (local.get $pa)))
        (v128.store (local.get $pa) ${vec})
        (local.set $px (i32.add (local.get $px) (i32.const 8)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $vloop)))
      (if (i32.lt_u (local.get $j) (local.get $end))
        (then
          (local.set $pa (i32.add (local.get $acc) (local.get $j)))
          (local.set $s (f64.promote_f32 (f32.load (local.get $px))))
          ${sca}
          (local.set $px (i32.add (local.get $px) (i32.const 4)))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop)))
    (local.set $j (i32.const 0))
    (block $odone (loop $oloop
      (br_if $odone (i32.ge_u (local.get $j) (local.get $cols)))
      (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
        (f32.demote_f64 (f64.load (i32.add (local.get $acc) (i32.shl (local.get $j) (i32.const 3))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $oloop))))`;
}

/**
 * Max and min, as ../reduce.ts: a value replaces the running one when it is larger (smaller)
 * or NaN, so NaN sticks, and of equal values (+0 and -0) the first stays. Over leading axes
 * with {@link columns}; over trailing ones a group at a time, in order.
 */
function extremum(name, cmp) {
  const init = cmp === 'gt' ? '-inf' : 'inf';
  return `${columns(
    name,
    init,
    `(v128.bitselect (local.get $v) (local.get $a) (v128.or (f64x2.${cmp} (local.get $v) (local.get $a)) (f64x2.ne (local.get $v) (local.get $v))))`,
    `(if (i32.or (f64.${cmp} (local.get $s) (f64.load (local.get $pa))) (f64.ne (local.get $s) (local.get $s)))
            (then (f64.store (local.get $pa) (local.get $s))))`,
  )}

  (func (export "${name}_rows") (param $x i32) (param $o i32) (param $outer i32) (param $per i32)
    (local $g i32) (local $px i32) (local $end i32) (local $a f64) (local $v f64)
    (local.set $px (local.get $x))
    (block $gdone (loop $gloop
      (br_if $gdone (i32.ge_u (local.get $g) (local.get $outer)))
      (local.set $a (f64.const ${init}))
      (local.set $end (i32.add (local.get $px) (i32.shl (local.get $per) (i32.const 2))))
      (block $edone (loop $eloop
        (br_if $edone (i32.ge_u (local.get $px) (local.get $end)))
        (local.set $v (f64.promote_f32 (f32.load (local.get $px))))
        (if (i32.or (f64.${cmp} (local.get $v) (local.get $a)) (f64.ne (local.get $v) (local.get $v)))
          (then (local.set $a (local.get $v))))
        (local.set $px (i32.add (local.get $px) (i32.const 4)))
        (br $eloop)))
      (f32.store (i32.add (local.get $o) (i32.shl (local.get $g) (i32.const 2))) (f32.demote_f64 (local.get $a)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $gloop))))`;
}

// Sums over leading axes: each column's float64 sum adds its rows in order.
const SUM_COLS = columns(
  'sum',
  '0',
  '(f64x2.add (local.get $a) (local.get $v))',
  '(f64.store (local.get $pa) (f64.add (f64.load (local.get $pa)) (local.get $s)))',
);

// ---------------------------------------------------------------------------------------------
// Optimiser updates in place, float64 throughout as ../update.ts computes them; each stored
// value rounded once. Two elements per step (f64x2), then one.

/** An update kernel: `body(v)` gives the statements for one step, v('p') reading a local. */
function updateFunc(name, arrays, params, body) {
  const ps = arrays.map((a) => `(param $${a}_p i32)`).join(' ');
  const extra = params.map((p) => `(param $${p} f64)`).join(' ');
  const locals = (kind) => ['p', 'g', ...arrays.filter((a) => a !== 'p' && a !== 'g'), 'gi', 'vi', 'mi', 'd']
    .map((a) => `(local $${a}${kind === 'v' ? '' : '_s'} ${kind === 'v' ? 'v128' : 'f64'})`).join(' ');
  const steps = (vector) => {
    const load = (a) => vector
      ? `(local.set $${a} (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $${a}_p) (local.get $i)))))`
      : `(local.set $${a}_s (f64.promote_f32 (f32.load (i32.add (local.get $${a}_p) (local.get $i)))))`;
    const store = (a, value) => vector
      ? `(v128.store64_lane 0 (i32.add (local.get $${a}_p) (local.get $i)) (f32x4.demote_f64x2_zero ${value}))`
      : `(f32.store (i32.add (local.get $${a}_p) (local.get $i)) (f32.demote_f64 ${value}))`;
    const op = (o) => (vector ? `f64x2.${o}` : `f64.${o}`);
    const get = (a) => `(local.get $${a}${vector ? '' : '_s'})`;
    const set = (a, v) => `(local.set $${a}${vector ? '' : '_s'} ${v})`;
    const k = (name) => (vector ? `(f64x2.splat (local.get $${name}))` : `(local.get $${name})`);
    return `${arrays.map(load).join(' ')} ${body({ op, get, set, store, k, vector })}`;
  };
  return `
  (func (export "${name}") ${ps} (param $n i32) ${extra}
    (local $i i32) (local $vend i32) (local $end i32) ${locals('v')} ${locals('s')}
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2)))
    (block $vdone (loop $vloop
      (br_if $vdone (i32.ge_u (local.get $i) (local.get $vend)))
      ${steps(true)}
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br $vloop)))
    (if (i32.lt_u (local.get $i) (local.get $end)) (then ${steps(false)})))`;
}

// gi = g + wd * p (every rule starts with the decayed gradient).
const decayed = ({ op, get, set, k }) => set('gi', `(${op('add')} ${get('g')} (${op('mul')} ${k('wd')} ${get('p')}))`);

const UPDATES = [
  // p -= lr * (g + wd * p)
  updateFunc('upd_sgd', ['p', 'g'], ['lr', 'wd'], (e) => `${decayed(e)}
      ${e.store('p', `(${e.op('sub')} ${e.get('p')} (${e.op('mul')} ${e.k('lr')} ${e.get('gi')}))`)}`),
  // vi = mu * v + gi; v = vi; p -= lr * (nesterov ? gi + mu * vi : vi)
  updateFunc('upd_momentum', ['p', 'g', 'v'], ['lr', 'wd', 'mu', 'nesterov'], (e) => `${decayed(e)}
      ${e.set('vi', `(${e.op('add')} (${e.op('mul')} ${e.k('mu')} ${e.get('v')}) ${e.get('gi')})`)}
      ${e.store('v', e.get('vi'))}
      ${e.set('d', `(select ${e.vector ? '(result v128)' : '(result f64)'} (${e.op('add')} ${e.get('gi')} (${e.op('mul')} ${e.k('mu')} ${e.get('vi')})) ${e.get('vi')} (f64.ne (local.get $nesterov) (f64.const 0)))`)}
      ${e.store('p', `(${e.op('sub')} ${e.get('p')} (${e.op('mul')} ${e.k('lr')} ${e.get('d')}))`)}`),
  // mi = b1 * m + (1 - b1) * gi; vi = b2 * v + (1 - b2) * gi * gi; p -= (lr * (mi / c1)) / (sqrt(vi / c2) + eps)
  updateFunc('upd_adam', ['p', 'g', 'm', 'v'], ['lr', 'wd', 'b1', 'omb1', 'b2', 'omb2', 'eps', 'c1', 'c2'], (e) => `${decayed(e)}
      ${e.set('mi', `(${e.op('add')} (${e.op('mul')} ${e.k('b1')} ${e.get('m')}) (${e.op('mul')} ${e.k('omb1')} ${e.get('gi')}))`)}
      ${e.set('vi', `(${e.op('add')} (${e.op('mul')} ${e.k('b2')} ${e.get('v')}) (${e.op('mul')} (${e.op('mul')} ${e.k('omb2')} ${e.get('gi')}) ${e.get('gi')}))`)}
      ${e.store('m', e.get('mi'))}
      ${e.store('v', e.get('vi'))}
      ${e.store('p', `(${e.op('sub')} ${e.get('p')} (${e.op('div')} (${e.op('mul')} ${e.k('lr')} (${e.op('div')} ${e.get('mi')} ${e.k('c1')})) (${e.op('add')} (${e.op('sqrt')} (${e.op('div')} ${e.get('vi')} ${e.k('c2')})) ${e.k('eps')})))`)}`),
  // vi = b2 * v + (1 - b2) * gi * gi; p -= (lr * gi) / (sqrt(vi) + eps)
  updateFunc('upd_rmsprop', ['p', 'g', 'v'], ['lr', 'wd', 'b2', 'omb2', 'eps'], (e) => `${decayed(e)}
      ${e.set('vi', `(${e.op('add')} (${e.op('mul')} ${e.k('b2')} ${e.get('v')}) (${e.op('mul')} (${e.op('mul')} ${e.k('omb2')} ${e.get('gi')}) ${e.get('gi')}))`)}
      ${e.store('v', e.get('vi'))}
      ${e.store('p', `(${e.op('sub')} ${e.get('p')} (${e.op('div')} (${e.op('mul')} ${e.k('lr')} ${e.get('gi')}) (${e.op('add')} (${e.op('sqrt')} ${e.get('vi')}) ${e.k('eps')})))`)}`),
];

// 1 when none of n float32s is NaN or infinite (exponent bits all ones), else 0: the trainer asks
// this of every gradient every step.
const ALL_FINITE = `
  (func (export "all_finite") (param $x i32) (param $n i32) (result i32)
    (local $p i32) (local $vend i32) (local $end i32) (local $bad v128) (local $mask v128)
    (local.set $mask (i32x4.splat (i32.const 0x7f800000)))
    (local.set $p (local.get $x))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vdone (loop $vloop
      (br_if $vdone (i32.ge_u (local.get $p) (local.get $vend)))
      (local.set $bad (v128.or (local.get $bad)
        (i32x4.eq (v128.and (v128.load (local.get $p)) (local.get $mask)) (local.get $mask))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $vloop)))
    (if (v128.any_true (local.get $bad)) (then (return (i32.const 0))))
    (block $sdone (loop $sloop
      (br_if $sdone (i32.ge_u (local.get $p) (local.get $end)))
      (if (i32.eq (i32.and (i32.load (local.get $p)) (i32.const 0x7f800000)) (i32.const 0x7f800000)) (then (return (i32.const 0))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $sloop)))
    (i32.const 1))`;

// Softmax and its gradient along one axis, the array seen as [outer, n, inner], in float64 as
// ../reduce.ts computes them. exp and log are JavaScript's own Math.exp and Math.log, imported:
// a polynomial of our own would round differently now and then, and these calls cost less than
// the TypeScript loop's.
const SOFTMAX = `
  (func (export "softmax") (param $x i32) (param $o i32) (param $outer i32) (param $n i32) (param $inner i32) (param $log i32)
    (local $a i32) (local $j i32) (local $i i32) (local $base i32) (local $step i32) (local $p i32) (local $end i32)
    (local $m f64) (local $s f64) (local $lse f64) (local $v f64)
    (local.set $step (i32.shl (local.get $inner) (i32.const 2)))
    (block $ad (loop $al
      (br_if $ad (i32.ge_u (local.get $a) (local.get $outer)))
      (local.set $j (i32.const 0))
      (block $jd (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $inner)))
        ;; byte offset of element i = 0 of this (a, j); elements i are step bytes apart
        (local.set $base (i32.shl (i32.add (i32.mul (i32.mul (local.get $a) (local.get $n)) (local.get $inner)) (local.get $j)) (i32.const 2)))
        (local.set $end (i32.add (local.get $base) (i32.mul (local.get $n) (local.get $step))))
        (local.set $m (f64.const -inf))
        (local.set $p (local.get $base))
        (block $d1 (loop $l1
          (br_if $d1 (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $m (f64.max (local.get $m) (f64.promote_f32 (f32.load (i32.add (local.get $x) (local.get $p))))))
          (local.set $p (i32.add (local.get $p) (local.get $step)))
          (br $l1)))
        (local.set $s (f64.const 0))
        (local.set $p (local.get $base))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $s (f64.add (local.get $s)
            (call $exp (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $x) (local.get $p)))) (local.get $m)))))
          (local.set $p (i32.add (local.get $p) (local.get $step)))
          (br $l2)))
        (local.set $lse (f64.add (local.get $m) (call $logf (local.get $s))))
        (local.set $p (local.get $base))
        (block $d3 (loop $l3
          (br_if $d3 (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $x) (local.get $p)))))
          (f32.store (i32.add (local.get $o) (local.get $p)) (f32.demote_f64
            (if (result f64) (local.get $log)
              (then (f64.sub (local.get $v) (local.get $lse)))
              (else (f64.div (call $exp (f64.sub (local.get $v) (local.get $m))) (local.get $s))))))
          (local.set $p (i32.add (local.get $p) (local.get $step)))
          (br $l3)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl)))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br $al))))

  ;; softmax: dx = y (dy - sum dy y); log_softmax: dx = dy - e^y sum dy.
  (func (export "softmax_grad") (param $y i32) (param $dy i32) (param $o i32) (param $outer i32) (param $n i32) (param $inner i32) (param $log i32)
    (local $a i32) (local $j i32) (local $base i32) (local $step i32) (local $p i32) (local $end i32)
    (local $s f64) (local $yv f64) (local $dv f64)
    (local.set $step (i32.shl (local.get $inner) (i32.const 2)))
    (block $ad (loop $al
      (br_if $ad (i32.ge_u (local.get $a) (local.get $outer)))
      (local.set $j (i32.const 0))
      (block $jd (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $inner)))
        (local.set $base (i32.shl (i32.add (i32.mul (i32.mul (local.get $a) (local.get $n)) (local.get $inner)) (local.get $j)) (i32.const 2)))
        (local.set $end (i32.add (local.get $base) (i32.mul (local.get $n) (local.get $step))))
        (local.set $s (f64.const 0))
        (local.set $p (local.get $base))
        (block $d1 (loop $l1
          (br_if $d1 (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $dv (f64.promote_f32 (f32.load (i32.add (local.get $dy) (local.get $p)))))
          (local.set $s (f64.add (local.get $s)
            (if (result f64) (local.get $log)
              (then (local.get $dv))
              (else (f64.mul (local.get $dv) (f64.promote_f32 (f32.load (i32.add (local.get $y) (local.get $p)))))))))
          (local.set $p (i32.add (local.get $p) (local.get $step)))
          (br $l1)))
        (local.set $p (local.get $base))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $dv (f64.promote_f32 (f32.load (i32.add (local.get $dy) (local.get $p)))))
          (local.set $yv (f64.promote_f32 (f32.load (i32.add (local.get $y) (local.get $p)))))
          (f32.store (i32.add (local.get $o) (local.get $p)) (f32.demote_f64
            (if (result f64) (local.get $log)
              (then (f64.sub (local.get $dv) (f64.mul (call $exp (local.get $yv)) (local.get $s))))
              (else (f64.mul (local.get $yv) (f64.sub (local.get $dv) (local.get $s)))))))
          (local.set $p (i32.add (local.get $p) (local.get $step)))
          (br $l2)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl)))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br $al))))`;

export default `;; Generated from elementwise.wat.mjs: elementwise, reduction and optimiser kernels.
(module
  (import "env" "memory" (memory 1 65536 shared))
  (import "math" "exp" (func $exp (param f64) (result f64)))
  (import "math" "log" (func $logf (param f64) (result f64)))
${Object.keys(BINARY).map(binaryFunc).join('\n')}
${unaryFuncs()}
${unaryGradFuncs()}
${SUM_COLS}
${SUM_ROWS}
${extremum('max', 'gt')}
${extremum('min', 'lt')}
${UPDATES.join('\n')}
${ALL_FINITE}
${SOFTMAX}
)
`;
