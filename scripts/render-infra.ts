import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import * as pulumi from '@pulumi/pulumi';
import { Command } from 'commander';
import { parse, stringify } from 'yaml';

import {
  configSetCommand,
  ConfigKeys,
  ConfigNamespace,
  StackConfigError,
  type ConfigKey,
} from '../infra/config';
import {
  isSecretMarker,
  kubernetesObjects,
  MockEngine,
  type DeclaredResource,
  type Evaluation,
} from '../infra/testing/mock-engine';

// Evaluates the Pulumi program offline, under mocks, with one stack's config, and writes every declared
// Kubernetes object as YAML. Secrets are never written: the stack file's secrets are not decrypted, so
// stand-in values take their place during the evaluation, and every secret value is redacted afterwards.

const RepositoryRoot = path.resolve(__dirname, '..');

/** Keys that a stack file may leave out (the operator sets them), with a valid stand-in per key. */
const StandIns: Partial<Record<ConfigKey, string>> = {
  discordApplicationId: '10000000000000000',
  discordToken: 'standin-discordtoken',
  postgresUrl: 'postgres://standin-postgresurl:standin-postgresurl@standin-postgresurl.invalid:5432/kumiko',
  legacyMongoUri:
    'mongodb://standin-legacymongouri:standin-legacymongouri@standin-legacymongouri.invalid:27017/legacy',
};

/** Order of the written files: each object comes after the objects it refers to. */
const KindOrder = [
  'Namespace',
  'NetworkPolicy',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'Service',
  'PodDisruptionBudget',
  'Job',
  'StatefulSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'Ingress',
];

/** Return the stacks that have a `Pulumi.<stack>.yaml` file at the repository root. */
function availableStacks(): string[] {
  return readdirSync(RepositoryRoot)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** Read a stack file. Encrypted (`secure:`) values and keys the file leaves out get stand-ins. */
function stackConfig(stack: string): Record<string, string> {
  const document = parse(readFileSync(path.join(RepositoryRoot, `Pulumi.${stack}.yaml`), 'utf8')) as {
    config?: Record<string, unknown>;
  };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(document.config ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      config[key] = String(value);
    }
  }
  for (const [key, standIn] of Object.entries(StandIns)) {
    const fullKey = `${ConfigNamespace}:${key}`;
    const plain = config[fullKey];
    if (plain === undefined || plain === '') config[fullKey] = standIn;
  }
  return config;
}

function standInKey(value: string): ConfigKey | undefined {
  return (Object.keys(StandIns) as ConfigKey[]).find((key) => {
    const standIn = StandIns[key]!;
    return value.includes(standIn) || value.includes(`standin-${key.toLowerCase()}`);
  });
}

/** Replace every secret marker by redaction text, and stand-ins outside secrets by the command that sets them. */
function redact(value: unknown, insideSecret: boolean): unknown {
  if (isSecretMarker(value)) return redact(value.value, true);
  if (Array.isArray(value)) return value.map((item) => redact(item, insideSecret));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, insideSecret)]));
  }
  if (typeof value !== 'string') return insideSecret ? '<redacted>' : value;

  const key = standInKey(value);
  if (insideSecret) {
    return key === undefined
      ? '<redacted: generated at deploy time by @pulumi/random>'
      : `<redacted: set with ${configSetCommand(key)}>`;
  }
  return key === undefined ? value : `<set with ${configSetCommand(key)}>`;
}

/** Collect the plain values of every secret, to check that none reaches a written file. */
function secretValues(resources: readonly DeclaredResource[]): Set<string> {
  const values = new Set<string>(
    Object.values(StandIns).filter((value) => value !== StandIns.discordApplicationId),
  );
  const collect = (value: unknown, insideSecret: boolean): void => {
    if (isSecretMarker(value)) collect(value.value, true);
    else if (Array.isArray(value)) value.forEach((item) => collect(item, insideSecret));
    else if (value !== null && typeof value === 'object')
      Object.values(value).forEach((item) => collect(item, insideSecret));
    else if (insideSecret && typeof value === 'string' && value.length >= 8) values.add(value);
  };
  for (const resource of resources) collect(resource.rawInputs, false);
  return values;
}

function fileName(index: number, object: { kind: string; metadata: { name: string } }): string {
  return `${String(index + 1).padStart(2, '0')}-${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
}

/** Evaluate the program for a stack and write its objects and outputs to `outDir`. Returns the files written. */
async function renderStack(stack: string, outDir: string): Promise<string[]> {
  const config = stackConfig(stack);
  const engine = new MockEngine();
  await engine.install(ConfigNamespace, stack);
  const secretKeys = (Object.keys(ConfigKeys) as ConfigKey[])
    .filter((key) => (ConfigKeys[key] as { secret?: boolean }).secret === true)
    .map((key) => `${ConfigNamespace}:${key}`);
  pulumi.runtime.setAllConfig(config, secretKeys);

  const evaluation: Evaluation = await engine.evaluate(async () => ({
    ...(await import('../infra/index.js')),
  }));
  if (evaluation.errors.length > 0) {
    throw new Error(
      `The program evaluation failed:\n${evaluation.errors.map((error) => error.message).join('\n')}`,
    );
  }

  const objects = kubernetesObjects(evaluation.resources)
    .map((resource) => ({
      resource,
      object: redact(resource.rawInputs, false) as { kind: string; metadata: { name: string } },
    }))
    .sort((left, right) => {
      const byKind = KindOrder.indexOf(left.object.kind) - KindOrder.indexOf(right.object.kind);
      return byKind !== 0 ? byKind : left.object.metadata.name.localeCompare(right.object.metadata.name);
    });
  const outputs = redact(evaluation.outputs, false);

  const files = new Map<string, string>();
  objects.forEach(({ resource, object }, index) => {
    const header = `# Stack ${stack}, Pulumi resource ${resource.name}. Rendered offline under mocks by npm run infra:render.\n`;
    files.set(fileName(index, object), header + stringify(object, { lineWidth: 0 }));
  });
  files.set(
    'outputs.yaml',
    `# Stack outputs of ${stack}. Values that only the cluster computes are shown as placeholders.\n${stringify(outputs, { lineWidth: 0 })}`,
  );

  // A last check before anything is written: no secret value may appear in any file.
  const secrets = secretValues(evaluation.resources);
  for (const [name, text] of files) {
    for (const secret of secrets) {
      if (text.includes(secret))
        throw new Error(
          `Nothing was written: ${name} would contain a secret value, so the redaction is incomplete.`,
        );
    }
  }

  mkdirSync(outDir, { recursive: true });
  for (const existing of readdirSync(outDir)) {
    if (/^\d{2,}-.+\.yaml$/.test(existing) || existing === 'outputs.yaml')
      rmSync(path.join(outDir, existing));
  }
  for (const [name, text] of files) writeFileSync(path.join(outDir, name), text);
  return [...files.keys()];
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('infra:render')
    .description('Write the Kubernetes objects of a stack as YAML, evaluated offline with secrets redacted.')
    .requiredOption('--stack <name>', 'stack whose Pulumi.<name>.yaml config to use')
    .requiredOption(
      '--out <dir>',
      'directory for the YAML files (created if missing; earlier render files are replaced)',
    )
    .showHelpAfterError();
  await program.parseAsync(argv);
  const options = program.opts<{ stack: string; out: string }>();

  const stacks = availableStacks();
  if (!stacks.includes(options.stack)) {
    throw new Error(`Unknown stack "${options.stack}". Available stacks: ${stacks.join(', ')}.`);
  }

  const outDir = path.resolve(options.out);
  const files = await renderStack(options.stack, outDir);
  process.stdout.write(
    `Rendered ${files.length - 1} objects and the outputs of stack ${options.stack} to ${outDir}.\n`,
  );
}

main(process.argv).catch((error: unknown) => {
  const message = error instanceof StackConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`infra:render failed: ${message}\n`);
  process.exitCode = 1;
});
