import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const repo = join(__dirname, '..', '..');
const cruiser = join(repo, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const config = join(repo, '.dependency-cruiser.cjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** The rule broken by each import, as `rule: from → to`, from dependency-cruiser run over `cwd`. */
const violationsIn = (cwd: string): string[] => {
  const args = [cruiser, '--config', config, '--output-type', 'json', 'src', 'projections'];
  const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (!run.stdout) throw new Error(`dependency-cruiser printed nothing: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`).sort();
};

describe('the layers (kernel → event store → machinery → GraphQL kit → slices → composition root)', () => {
  it('hold in this tree: no import runs up a layer and none closes a circle', () => {
    expect(violationsIn(repo)).toEqual([]);
  });

  describe('the check itself', () => {
    let tree: string;
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    };

    beforeAll(() => {
      tree = mkdtempSync(join(tmpdir(), 'daftar-layers-'));
      writeFileSync(join(tree, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
      write('src/core/errors.ts', "import { buildSchema } from '../schema';\nexport const kernel = buildSchema;\n");
      write('src/schema.ts', "export const buildSchema = () => 'schema';\n");
      write('src/eventstore/event-store.ts', "import { kernel } from '../core/errors';\nexport const store = kernel;\n");
      write('projections/runner.ts', "import { cache } from './cache';\nexport const runner = () => cache;\n");
      write('projections/cache.ts', "import { runner } from './runner';\nexport const cache = () => runner;\n");
      write('src/meetings/meeting.resolver.ts', "import { store } from '../eventstore/event-store';\nexport const resolver = store;\n");
      write('src/somewhere/new.ts', "import { resolver } from '../meetings/meeting.resolver';\nexport const lost = resolver;\n");
    });
    afterAll(() => rmSync(tree, { recursive: true, force: true }));

    it('names an upward import, a circle (once) and a file on no layer, and passes imports that run down', () => {
      expect(violationsIn(tree)).toEqual([
        'every file on a layer: src/somewhere/new.ts → src/meetings/meeting.resolver.ts',
        'kernel imports nothing above it: src/core/errors.ts → src/schema.ts',
        'no circular imports: projections/cache.ts → projections/runner.ts',
      ]);
    });
  });
});
