/**
 * The zod schema for a dataset spec (a graph file's `training.dataset`), built
 * from the registry's option specs so that files, the editor and the
 * generators agree on names, defaults and ranges.
 *
 * Issue messages are relative to the spec (`must be >= 0`, path `['noise']`);
 * `formatDatasetIssues` prefixes the location: `training.dataset.noise must be >= 0`.
 */
import { z } from 'zod';
import { type DatasetOptionSpec, checkOption } from './dataset.js';
import { DATASETS, DATASET_NAMES, type DatasetName, type DatasetSpec } from './registry.js';

function optionSchema(spec: DatasetOptionSpec) {
  return z
    .number({ error: (iss) => (typeof iss.input === 'number' ? 'must be a finite number' : 'must be a number') })
    .superRefine((value, ctx) => {
      const problem = checkOption(spec, value);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional();
}

function specSchemaFor(name: DatasetName) {
  const options = DATASETS[name].options;
  const shape: Record<string, z.ZodType<number | undefined>> = {};
  for (const [key, spec] of Object.entries(options)) shape[key] = optionSchema(spec);
  const known = Object.keys(options).join(', ');
  return z.strictObject(
    { ...shape, name: z.literal(name) },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `has unknown option${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')} (${name} takes ${known})`
          : undefined,
    },
  );
}

function describeUnionIssue(input: unknown, code: string): string | undefined {
  const list = DATASET_NAMES.join(', ');
  if (code === 'invalid_type') return `must be an object naming a dataset, such as { "name": "moons" }`;
  if (code !== 'invalid_union') return undefined;
  const got = typeof input === 'object' && input !== null && 'name' in input ? input.name : undefined;
  return got === undefined ? `is required: one of ${list}` : `must be one of ${list}, got ${JSON.stringify(got)}`;
}

const [firstSchema, ...otherSchemas] = DATASET_NAMES.map(specSchemaFor);

/** Validates a DatasetSpec: a known `name`, only that dataset's options, each a number in range. */
export const datasetSpecSchema: z.ZodType<DatasetSpec> = z.discriminatedUnion('name', [firstSchema, ...otherSchemas], {
  error: (iss) => describeUnionIssue(iss.input, iss.code),
});

/** One line per issue, located under `where`: `training.dataset.noise must be >= 0`. */
export function formatDatasetIssues(issues: readonly z.core.$ZodIssue[], where = 'training.dataset'): string[] {
  return issues.map((iss) => {
    const path = iss.path.map((p) => String(p)).join('.');
    return `${path === '' ? where : `${where}.${path}`} ${iss.message}`;
  });
}

/** Parses an untrusted value (e.g. from a file) into a DatasetSpec, or explains what is wrong. */
export function parseDatasetSpec(
  raw: unknown,
  where = 'training.dataset',
): { ok: true; spec: DatasetSpec } | { ok: false; messages: string[] } {
  const parsed = datasetSpecSchema.safeParse(raw);
  return parsed.success ? { ok: true, spec: parsed.data } : { ok: false, messages: formatDatasetIssues(parsed.error.issues, where) };
}
