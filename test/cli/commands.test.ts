import { describe, expect, it } from 'vitest';
import { defineCommand, type Io } from '../../core/cli/command.js';
import { main } from '../../core/cli/main.js';
import { bpstudio, example, hasStackTrace } from './cli-helpers.js';

const COMMANDS = ['validate', 'run', 'train', 'gradcheck'];

describe('bpstudio help', () => {
  it('lists every command with --help, -h and help, and exits 0', async () => {
    for (const args of [['--help'], ['help']]) {
      const r = await bpstudio(args);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^usage: bpstudio COMMAND FILE/);
      for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\s+\\S`, 'm'));
    }
  });

  it.each(COMMANDS)('prints the help of %s with `help CMD` and `CMD --help`', async (cmd) => {
    const [viaHelp, viaFlag] = await Promise.all([bpstudio(['help', cmd]), bpstudio([cmd, '--help'])]);
    expect(viaHelp.code).toBe(0);
    expect(viaFlag.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaHelp.stdout.startsWith(`usage: bpstudio ${cmd} FILE`)).toBe(true);
    expect(viaHelp.stdout).toContain('--debug');
  });

  it('documents the JSON null for NaN in run --help', async () => {
    expect((await bpstudio(['run', '-h'])).stdout).toMatch(/NaN or Infinity: such\s+elements are written as null/);
  });
});

describe('bpstudio usage errors', () => {
  const cases: [string[], string][] = [
    [[], 'bpstudio: missing command (try bpstudio --help)'],
    [['trian', 'x.bpgraph'], 'bpstudio: unknown command "trian" (did you mean train?)'],
    [['frobnicate'], 'bpstudio: unknown command "frobnicate" (commands: validate, run, train, gradcheck)'],
    [['help', 'nope'], 'bpstudio: unknown command "nope" (commands: validate, run, train, gradcheck)'],
    [['--epochs', '3'], 'bpstudio: expected a command before --epochs (commands: validate, run, train, gradcheck)'],
    [['run'], 'bpstudio: run needs a FILE (usage: bpstudio run FILE [--backend cpu|webgpu|auto] [--mode train|eval] [--json])'],
    [['run', 'a.bpgraph', 'b.bpgraph'], 'bpstudio: run takes one FILE, got 2: a.bpgraph b.bpgraph'],
    [['run', 'a.bpgraph', '--jsn'], 'bpstudio: unknown flag --jsn (did you mean --json?)'],
    [['run', 'a.bpgraph', '--json=yes'], 'bpstudio: flag --json takes no value'],
    [['run', 'a.bpgraph', '--json', '--json'], 'bpstudio: flag --json is given twice'],
    [['validate', 'a.bpgraph', '--json'], 'bpstudio: unknown flag --json'],
    [['train', 'a.bpgraph', '--steps'], 'bpstudio: flag --steps needs a value (N)'],
    [['train', 'a.bpgraph', '--out', '--json'], 'bpstudio: flag --out needs a value (FILE2)'],
    [['gradcheck', 'a.bpgraph', '-x'], 'bpstudio: unknown flag -x'],
  ];

  it.each(cases)('bpstudio %j', async (args, message) => {
    const r = await bpstudio(args);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `${message}\n` });
  });

  it('reads a file named like a flag after --', async () => {
    const r = await bpstudio(['validate', '--', '--weird.bpgraph']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'bpstudio: --weird.bpgraph: no such file or directory\n' });
  });

  it('prints the stack only with --debug', async () => {
    const plain = await bpstudio(['run', 'missing.bpgraph']);
    expect(hasStackTrace(plain.stderr)).toBe(false);
    const debug = await bpstudio(['run', 'missing.bpgraph', '--debug']);
    expect(debug.code).toBe(1);
    expect(hasStackTrace(debug.stderr)).toBe(true);
    expect(debug.stderr.trimEnd().split('\n').at(-1)).toBe('bpstudio: missing.bpgraph: no such file or directory');
  });

  it('runs through npx bpstudio in the checkout', async () => {
    const { execFile } = await import('node:child_process');
    const out = await new Promise<string>((resolve, reject) =>
      execFile('npx', ['--no-install', 'bpstudio', 'validate', example('add-mul')], { timeout: 60_000 }, (e, stdout) => (e ? reject(e) : resolve(stdout))),
    );
    expect(out).toBe('ok\n');
  }, 60_000);
});

describe('internal errors', () => {
  function capture(): Io & { out_: string[]; err_: string[] } {
    const out_: string[] = [];
    const err_: string[] = [];
    return { out_, err_, out: (t) => void out_.push(t), err: (t) => void err_.push(t) };
  }
  const broken = defineCommand({
    name: 'broken',
    summary: 'throws a bug',
    usage: 'broken FILE',
    description: [],
    flags: {},
    run: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'shape')")),
  });

  it('exit 2 with one line and a hint to rerun with --debug', async () => {
    const io = capture();
    expect(await main(['broken', 'f.bpgraph'], io, [broken])).toBe(2);
    expect(io.err_).toEqual([
      "bpstudio: internal error: Cannot read properties of undefined (reading 'shape') (rerun with --debug for the stack trace, and please report it)",
    ]);
    expect(io.out_).toEqual([]);
  });

  it('with --debug, the stack comes first', async () => {
    const io = capture();
    expect(await main(['broken', 'f.bpgraph', '--debug'], io, [broken])).toBe(2);
    expect(io.err_[0]).toMatch(/^TypeError: Cannot read properties[^\n]*\n\s+at /);
    expect(io.err_.at(-1)).toBe("bpstudio: internal error: Cannot read properties of undefined (reading 'shape')");
  });
});
