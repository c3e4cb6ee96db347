import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

import { RepositoryRoot } from './support/stack-fixture';

const run = promisify(execFile);
const tsx = path.join(RepositoryRoot, 'node_modules/.bin/tsx');
const script = path.join(RepositoryRoot, 'scripts/render-infra.ts');
const outRoot = mkdtempSync(path.join(tmpdir(), 'kumiko-render-'));

afterAll(() => {
  rmSync(outRoot, { recursive: true, force: true });
});

interface RenderedObject {
  kind: string;
  metadata: { name: string };
  stringData?: Record<string, string>;
}

/** Render a stack with the real command and return the parsed files by name. */
async function render(stack: string): Promise<Map<string, unknown>> {
  const outDir = path.join(outRoot, stack);
  const { stdout } = await run(tsx, [script, '--stack', stack, '--out', outDir], { cwd: RepositoryRoot });
  expect(stdout).toMatch(new RegExp(`^Rendered \\d+ objects and the outputs of stack ${stack}`));
  const files = new Map<string, unknown>();
  for (const name of readdirSync(outDir).sort()) {
    const documents = parseAllDocuments(readFileSync(path.join(outDir, name), 'utf8'));
    expect(documents, name).toHaveLength(1);
    expect(documents[0]!.errors, name).toEqual([]);
    files.set(name, documents[0]!.toJS());
  }
  return files;
}

describe.each(['dev', 'prod'])('infra:render --stack %s', (stack) => {
  let files: Map<string, unknown>;

  it('writes parseable YAML per object', async () => {
    files = await render(stack);
    const names = [...files.keys()];
    expect(names[0]).toMatch(/^01-namespace-kumiko/);
    expect(names).toContain('outputs.yaml');
    for (const name of names.filter((file) => file !== 'outputs.yaml')) {
      const object = files.get(name) as RenderedObject;
      expect(name).toBe(`${name.slice(0, 2)}-${object.kind.toLowerCase()}-${object.metadata.name}.yaml`);
    }
  }, 30_000);

  it('redacts every secret entry', () => {
    const secrets = [...files.values()].filter(
      (object) => (object as RenderedObject).kind === 'Secret',
    ) as RenderedObject[];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of secrets) {
      for (const [key, value] of Object.entries(secret.stringData ?? {})) {
        expect(value, `${secret.metadata.name}.${key}`).toMatch(/^<redacted: /);
      }
    }
  });

  it('writes no stand-in or generated value', () => {
    const text = JSON.stringify([...files.values()]);
    expect(text).not.toMatch(/standin-/);
    expect(text).toContain('<redacted: set with pulumi config set --secret kumiko:discordToken <bot token>>');
    expect(text).toContain('<set with pulumi config set kumiko:discordApplicationId <application id>>');
  });

  it('writes the stack outputs', () => {
    const outputs = files.get('outputs.yaml') as Record<string, string>;
    expect(Object.keys(outputs).sort()).toEqual(['namespace', 'postgresHost', 'webUrl']);
    expect(outputs.namespace).toMatch(/^kumiko/);
    expect(outputs.postgresHost).toBe(`postgres.${outputs.namespace}.svc`);
  });
});

describe('infra:render errors', () => {
  it('names the available stacks', async () => {
    const failure = run(tsx, [script, '--stack', 'staging', '--out', path.join(outRoot, 'staging')], {
      cwd: RepositoryRoot,
    });
    await expect(failure).rejects.toMatchObject({
      code: 1,
      stderr: 'infra:render failed: Unknown stack "staging". Available stacks: dev, prod.\n',
    });
  }, 30_000);
});
