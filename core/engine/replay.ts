/**
 * A step compiled once and run again. The trainer runs the same graph, on batches of the same
 * shape, thousands of times, and each run of the ops makes the same kernel calls: only the
 * batch's values, dropout's draws and the params' values (updated in place) differ. So the
 * session records the kernel calls of one such step and, from then on, runs the list: the
 * batch is written into the tensors it was uploaded to, each dropout mask gets the stream's
 * next draw, each kernel runs prepared (its shapes and layout worked out once) into the tensor
 * it made when recorded, and changed running statistics are copied back into the tensors the
 * session keeps. No op code runs, no tensor or call record is made, no storage is taken from the
 * pool: the tensors of the recorded step stay the replay's until it is disposed.
 *
 * This is exact, not an approximation: an op's kernel calls depend only on its attrs, its
 * inputs' shapes, the mode and the draws of the random stream (core/ops/define-op.ts), and a
 * kernel writes only into the tensor it makes (the optimiser's update, the one in-place kernel,
 * runs outside a step). An op that uploads host data during a step could break the first rule,
 * so a recording with such an upload is refused and that step keeps running op by op.
 */
import type { DeviceTensor, KernelCall, ReplayBackend } from '../backend/backend.js';
import type { RecordedCall } from '../ops/kernels.js';
import type { Mode } from '../ops/define-op.js';
import { type CounterRng, counterKey } from '../tensor/counter-random.js';
import { type Shape, shapesEqual } from '../tensor/shape.js';
import type { HostTensor } from '../tensor/tensor.js';
import type { Plan } from './compile.js';

type DropoutCall = Extract<KernelCall, { kind: 'dropout_mask' }>;
type DrawnCall = { -readonly [K in keyof DropoutCall]: DropoutCall[K] };

/** A dataset input of the recorded step: the tensor each run writes its batch into. */
export interface ReplayFeed {
  readonly id: string;
  readonly tensor: DeviceTensor;
}

/** A running statistic: the tensor an op made for it (`from`) and the one the session keeps (`to`). */
export interface StateCopy {
  readonly from: DeviceTensor;
  readonly to: DeviceTensor;
}

/** The run options and feed shapes a replay stands for: a run that has them may be replayed. */
export interface ReplaySignature {
  readonly mode: Mode;
  readonly only: readonly string[] | undefined;
  readonly backward: boolean;
  readonly grads: 'all' | 'params';
  /** Every input fed (recorded or not), with its shape. */
  readonly fed: readonly { readonly id: string; readonly shape: Shape }[];
}

/**
 * Whether a run with these feeds and options has `sig`'s shape (the session finds a run's replay
 * this way at every step, so it allocates nothing).
 */
export function matchesSignature(
  sig: ReplaySignature,
  feeds: Readonly<Record<string, HostTensor>>,
  mode: Mode,
  only: readonly string[] | undefined,
  backward: boolean,
  grads: 'all' | 'params',
): boolean {
  if (sig.mode !== mode || sig.backward !== backward || sig.grads !== grads) return false;
  if (sig.only === undefined || only === undefined) {
    if (sig.only !== only) return false;
  } else {
    if (sig.only.length !== only.length) return false;
    for (let i = 0; i < only.length; i++) if (sig.only[i] !== only[i]) return false;
  }
  let count = 0;
  for (const id in feeds) if (Object.hasOwn(feeds, id)) count++;
  if (count !== sig.fed.length) return false;
  for (let i = 0; i < sig.fed.length; i++) {
    const fed = feeds[sig.fed[i].id];
    if (fed === undefined || !shapesEqual(fed.shape, sig.fed[i].shape)) return false;
  }
  return true;
}

/** What a recorded step leaves for its replay. */
export interface Recorded {
  readonly plan: Plan;
  readonly mode: Mode;
  readonly calls: readonly RecordedCall[];
  readonly feeds: readonly ReplayFeed[];
  readonly stateCopies: readonly StateCopy[];
  /** Every node's value and gradient, by plan index, as the recorded step left them. */
  readonly values: readonly (DeviceTensor | undefined)[];
  readonly grads: readonly (DeviceTensor | undefined)[];
  /** The step's own tensors (not params, constants or state): freed with the replay. */
  readonly owned: readonly DeviceTensor[];
}

export class Replay {
  readonly plan: Plan;
  readonly mode: Mode;
  readonly values: readonly (DeviceTensor | undefined)[];
  readonly grads: readonly (DeviceTensor | undefined)[];
  /** Runs so far; a result of an earlier run is stale (its tensors hold a later step's values). */
  generation = 0;
  private readonly kernels: (() => void)[];
  /** The dropout calls, in recorded order, whose keys each run draws again. */
  private readonly draws: DrawnCall[] = [];
  private readonly feeds: readonly ReplayFeed[];
  private readonly stateCopies: readonly StateCopy[];
  private owned: readonly DeviceTensor[];

  constructor(
    private readonly backend: ReplayBackend,
    recorded: Recorded,
  ) {
    this.plan = recorded.plan;
    this.mode = recorded.mode;
    this.values = recorded.values;
    this.grads = recorded.grads;
    this.feeds = recorded.feeds;
    this.stateCopies = recorded.stateCopies;
    this.owned = recorded.owned;
    this.kernels = recorded.calls.map(({ call, out, draw }) => {
      if (!draw || call.kind !== 'dropout_mask') return backend.prepare(call, out);
      const drawn: DrawnCall = { ...call };
      this.draws.push(drawn);
      return backend.prepare(drawn, out);
    });
  }

  /** One step: `feeds` must hold a batch of the recorded shape for every input the recording was fed. */
  run(feeds: Readonly<Record<string, HostTensor>>, random: CounterRng): void {
    this.generation++;
    // Indexed loops: this runs every step and must allocate nothing, not even an iterator.
    for (let i = 0; i < this.feeds.length; i++) {
      const { id, tensor } = this.feeds[i];
      const fed = feeds[id];
      if (!fed) throw new Error(`internal: a replayed step was not fed input "${id}"`);
      this.backend.write(tensor, fed.data);
    }
    // The ops drew in this order when recorded; drawing up front gives each mask the same key.
    for (let i = 0; i < this.draws.length; i++) this.draws[i].key = counterKey(random.seed, random.next());
    for (let i = 0; i < this.kernels.length; i++) this.kernels[i]();
    for (let i = 0; i < this.stateCopies.length; i++) this.backend.copy(this.stateCopies[i].from, this.stateCopies[i].to);
  }

  dispose(): void {
    for (const t of this.owned) this.backend.release(t);
    this.owned = [];
  }
}
