import fc from 'fast-check';

// Property tests run from a fixed seed so CI is deterministic; FC_SEED=<n> explores other seeds.
fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261122) });
