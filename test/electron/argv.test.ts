import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentsFromArgv } from '../../electron/shell/argv.js';

const cwd = path.resolve('/home/user/work');
const abs = (p: string): string => path.resolve(cwd, p);

describe('documents named on the command line', () => {
  const cases: Array<{ name: string; argv: string[]; defaultApp: boolean; want: string[] }> = [
    { name: 'packaged, one file', argv: ['/opt/Backprop Studio/backprop-studio', 'graph.bpgraph'], defaultApp: false, want: [abs('graph.bpgraph')] },
    { name: 'packaged, no file', argv: ['/opt/Backprop Studio/backprop-studio'], defaultApp: false, want: [] },
    { name: 'dev: `electron .` - the app path is not a document', argv: ['/x/electron', '.', 'a.bpgraph'], defaultApp: true, want: [abs('a.bpgraph')] },
    {
      name: 'dev: the app path may itself be a file, after switches',
      argv: ['/x/electron', '--inspect=0', '--remote-debugging-port=0', 'dist/electron/main.js', 'a.bpgraph'],
      defaultApp: true,
      want: [abs('a.bpgraph')],
    },
    {
      name: 'Chromium and Node switches anywhere are skipped',
      argv: ['/opt/bps', '--no-sandbox', 'a.bpgraph', '--enable-logging', '--user-data-dir=/tmp/x', 'b.bpgraph', '-psn_0_12345'],
      defaultApp: false,
      want: [abs('a.bpgraph'), abs('b.bpgraph')],
    },
    { name: 'relative paths resolve against the given cwd', argv: ['/opt/bps', '../other/g.bpgraph', 'sub/h.bpgraph'], defaultApp: false, want: [abs('../other/g.bpgraph'), abs('sub/h.bpgraph')] },
    { name: 'absolute paths stay', argv: ['/opt/bps', path.resolve('/data/x.bpgraph')], defaultApp: false, want: [path.resolve('/data/x.bpgraph')] },
    { name: 'only .bpgraph files, any case', argv: ['/opt/bps', 'notes.txt', 'model.json', 'G.BPGRAPH', 'README'], defaultApp: false, want: [abs('G.BPGRAPH')] },
    { name: 'duplicates once', argv: ['/opt/bps', 'a.bpgraph', './a.bpgraph'], defaultApp: false, want: [abs('a.bpgraph')] },
    { name: 'after --, a dash-leading name is a file', argv: ['/opt/bps', '--', '-odd.bpgraph'], defaultApp: false, want: [abs('-odd.bpgraph')] },
    { name: 'file:// URIs from desktop launchers', argv: ['/opt/bps', pathToFileURL('/data/my graph.bpgraph').href], defaultApp: false, want: [path.resolve('/data/my graph.bpgraph')] },
    { name: 'a bare .bpgraph name is not a document', argv: ['/opt/bps', '.bpgraph'], defaultApp: false, want: [] },
  ];
  for (const { name, argv, defaultApp, want } of cases) {
    it(name, () => {
      expect(documentsFromArgv({ argv, cwd, defaultApp })).toEqual(want);
    });
  }

  it('resolves a second instance’s relative paths against that instance’s working directory', () => {
    const other = path.resolve('/somewhere/else');
    expect(documentsFromArgv({ argv: ['/opt/bps', 'g.bpgraph'], cwd: other, defaultApp: false })).toEqual([path.join(other, 'g.bpgraph')]);
  });
});
