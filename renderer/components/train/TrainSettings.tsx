/**
 * The training block as a form: data, which nodes take what, optimiser,
 * schedule, length, early stopping. Every field writes the block through one
 * undoable command; hyper-parameters change a running run at its next step,
 * while what fixes the data or the starting point is locked until it stops.
 */
import { DATASETS, DATASET_NAMES } from '../../../core/data/registry.js';
import { useApp, useServices } from '../../app/app-context.js';
import {
  type Block,
  boundInput,
  datasetOptions,
  fieldMessages,
  getPath,
  inputNodes,
  isDatasetName,
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_FIELDS,
  type OptimizerType,
  outputCandidates,
  type ScheduleType,
  SCHEDULE_FIELDS,
  setPath,
  STARTER_BLOCK,
  withDataset,
  withOptimizerType,
  withScheduleType,
} from '../../model/training-form.js';
import type { AppState } from '../../store/types.js';
import { CheckField, NumberField, SelectField } from './TrainFields.js';

const selectDoc = (s: AppState) => s.doc;
const selectPhase = (s: AppState) => s.progress?.phase ?? 'idle';

const OPTIMIZER_LABELS: Readonly<Record<string, string>> = {
  momentum: 'momentum',
  nesterov: 'Nesterov',
  weightDecay: 'weight decay',
  beta1: 'β₁',
  beta2: 'β₂',
  eps: 'ε',
  alpha: 'α (decay)',
  stepSize: 'every (epochs)',
  gamma: 'factor γ',
  epochs: 'period (epochs)',
  minLr: 'min lr',
};

export function TrainSettings() {
  const { store } = useServices();
  const doc = useApp(selectDoc);
  const phase = useApp(selectPhase);
  const block = doc.training;
  if (block === undefined) {
    return (
      <div className="train-settings train-empty" data-testid="train-settings">
        <p>This graph has no training block yet.</p>
        <p className="muted">Bind an input to the dataset&apos;s features and another to its labels, make a loss the output, then add training settings here.</p>
        <button type="button" className="btn" data-testid="train-add-block" onClick={() => store.getState().dispatch({ kind: 'set-training', training: STARTER_BLOCK })}>
          Add training settings
        </button>
      </div>
    );
  }
  const running = phase === 'running';
  const locked = running || phase === 'paused';
  const msgs = fieldMessages(block);
  const at = (key: string) => msgs.get(key);
  const write = (next: Block, merge?: string) => store.getState().dispatch({ kind: 'set-training', training: next, ...(merge !== undefined && { merge }) });
  const set = (path: readonly string[], value: unknown) => write(setPath(block, path, value), `training:${path.join('.')}`);
  const num = (path: string[], label: string, opts: { placeholder?: string; optional?: boolean; help?: string; disabled?: boolean } = {}) => (
    <NumberField
      key={path.join('.')}
      label={label}
      testId={`train-${path.join('-')}`}
      value={getPath(block, path)}
      messages={at(path.join('.'))}
      onChange={(v) => set(path, v)}
      {...opts}
    />
  );

  const datasetName = getPath(block, ['dataset', 'name']);
  const ds = isDatasetName(datasetName) ? datasetName : undefined;
  const optType = (getPath(block, ['optimizer', 'type']) ?? 'sgd') as OptimizerType;
  const schedType = (getPath(block, ['schedule', 'type']) ?? 'constant') as ScheduleType;
  const inputs = inputNodes(doc);
  const { losses, others } = outputCandidates(doc);
  const bindInput = (bind: 'features' | 'labels', id: string) => {
    const old = boundInput(doc, bind);
    if (old === id) return;
    if (old !== undefined) store.getState().dispatch({ kind: 'set-attr', node: old, name: 'bind', value: undefined });
    if (id !== '') store.getState().dispatch({ kind: 'set-attr', node: id, name: 'bind', value: bind });
  };
  const nodeOptions = (ids: readonly string[], none?: string) => [...(none !== undefined ? [{ value: '', label: none }] : []), ...ids.map((id) => ({ value: id, label: id }))];
  const es = getPath(block, ['earlyStopping']);

  return (
    <div className="train-settings" data-testid="train-settings">
      {at('') && (
        <div className="tf-error tf-block-error" data-testid="train-block-error" role="alert">
          {at('')?.join('; ')}
        </div>
      )}
      <fieldset className="tf-group" disabled={locked}>
        <legend>Data {locked && <span className="muted">(reset to change)</span>}</legend>
        <SelectField
          label="dataset"
          testId="train-dataset"
          value={ds ?? ''}
          messages={at('dataset') ?? at('dataset.name')}
          options={[...(ds ? [] : [{ value: '', label: '(choose)' }]), ...DATASET_NAMES.map((n) => ({ value: n, label: DATASETS[n].label }))]}
          onChange={(v) => isDatasetName(v) && write(withDataset(block, v))}
        />
        {ds &&
          datasetOptions(ds).map(([key, spec]) =>
            spec.choices ? (
              <SelectField
                key={key}
                label={key}
                testId={`train-dataset-${key}`}
                help={spec.description}
                value={String(getPath(block, ['dataset', key]) ?? spec.default ?? '')}
                messages={at(`dataset.${key}`)}
                options={spec.choices.map((c) => ({ value: String(c), label: String(c) }))}
                onChange={(v) => set(['dataset', key], Number(v))}
              />
            ) : (
              num(['dataset', key], key, { optional: true, placeholder: spec.default === undefined ? 'all' : String(spec.default), help: spec.description })
            ),
          )}
        {num(['dataset', 'seed'], 'data seed', { optional: true, placeholder: '0' })}
        {num(['validation'], 'validation', { optional: true, placeholder: '0', help: 'Fraction of the data held out for validation, in [0, 1).' })}
        <CheckField label="shuffle" testId="train-shuffle" checked={getPath(block, ['shuffle']) !== false} onChange={(c) => set(['shuffle'], c ? undefined : false)} />
        {num(['seed'], 'seed', { optional: true, placeholder: '0', help: 'Seeds the initial weights, the batch order and dropout.' })}
      </fieldset>
      <fieldset className="tf-group" disabled={locked}>
        <legend>Graph</legend>
        <SelectField label="features →" testId="train-bind-features" value={boundInput(doc, 'features') ?? ''} options={nodeOptions(inputs, '(none)')} onChange={(v) => bindInput('features', v)} />
        <SelectField label="labels →" testId="train-bind-labels" value={boundInput(doc, 'labels') ?? ''} options={nodeOptions(inputs, '(none)')} onChange={(v) => bindInput('labels', v)} />
        <SelectField
          label="loss (output)"
          testId="train-loss"
          value={doc.output}
          options={[...(doc.output === '' ? [{ value: '', label: '(none)' }] : []), ...nodeOptions(losses), ...nodeOptions(others.filter((id) => id === doc.output))]}
          onChange={(v) => v !== '' && store.getState().dispatch({ kind: 'set-output', node: v })}
        />
        <SelectField
          label="predictions"
          testId="train-predictions"
          value={String(getPath(block, ['predictions']) ?? '')}
          messages={at('predictions')}
          help="The node whose output gives accuracy and draws the decision boundary."
          options={nodeOptions([...others, ...losses], '(no accuracy)')}
          onChange={(v) => set(['predictions'], v === '' ? undefined : v)}
        />
      </fieldset>
      <fieldset className="tf-group">
        <legend>Optimiser</legend>
        <SelectField
          label="type"
          testId="train-optimizer-type"
          value={optType}
          messages={at('optimizer.type')}
          options={[
            { value: 'sgd', label: 'SGD' },
            { value: 'adam', label: 'Adam' },
            { value: 'rmsprop', label: 'RMSprop' },
          ]}
          onChange={(v) => write(withOptimizerType(block, v as OptimizerType))}
        />
        {num(['optimizer', 'lr'], 'learning rate')}
        {(OPTIMIZER_FIELDS[optType] ?? []).map((key) =>
          key === 'nesterov' ? (
            <CheckField key={key} label="Nesterov" testId="train-optimizer-nesterov" messages={at('optimizer.nesterov')} checked={getPath(block, ['optimizer', 'nesterov']) === true} onChange={(c) => set(['optimizer', 'nesterov'], c ? true : undefined)} />
          ) : (
            num(['optimizer', key], OPTIMIZER_LABELS[key] ?? key, { optional: true, placeholder: String(OPTIMIZER_DEFAULTS[key]) })
          ),
        )}
      </fieldset>
      <fieldset className="tf-group">
        <legend>Schedule and length</legend>
        <SelectField
          label="lr schedule"
          testId="train-schedule-type"
          value={schedType}
          options={[
            { value: 'constant', label: 'constant' },
            { value: 'step', label: 'step decay' },
            { value: 'cosine', label: 'cosine' },
          ]}
          onChange={(v) => write(withScheduleType(block, v as ScheduleType))}
        />
        {(SCHEDULE_FIELDS[schedType] ?? []).map((key) => num(['schedule', key], OPTIMIZER_LABELS[key] ?? key, { optional: key !== 'stepSize' }))}
        {num(['batchSize'], 'batch size', { optional: true, placeholder: 'full batch' })}
        {num(['epochs'], 'epochs', { optional: true, placeholder: '100' })}
        {num(['steps'], 'step cap', { optional: true, placeholder: 'none' })}
      </fieldset>
      <fieldset className="tf-group">
        <legend>
          <label>
            <input type="checkbox" data-testid="train-early-stopping" checked={es !== undefined} onChange={(e) => set(['earlyStopping'], e.target.checked ? { patience: 10 } : undefined)} /> Early stopping
          </label>
        </legend>
        {es !== undefined && (
          <>
            <SelectField
              label="monitor"
              testId="train-es-monitor"
              value={String(getPath(block, ['earlyStopping', 'monitor']) ?? '')}
              messages={at('earlyStopping.monitor')}
              options={[{ value: '', label: '(val loss, else loss)' }, ...['valLoss', 'loss', 'valAccuracy', 'accuracy'].map((m) => ({ value: m, label: m }))]}
              onChange={(v) => set(['earlyStopping', 'monitor'], v === '' ? undefined : v)}
            />
            {num(['earlyStopping', 'patience'], 'patience', { optional: true, placeholder: '10' })}
            {num(['earlyStopping', 'minDelta'], 'min delta', { optional: true, placeholder: '0' })}
            <CheckField label="restore best" testId="train-es-restore" checked={getPath(block, ['earlyStopping', 'restoreBest']) === true} onChange={(c) => set(['earlyStopping', 'restoreBest'], c ? true : undefined)} />
          </>
        )}
      </fieldset>
    </div>
  );
}
