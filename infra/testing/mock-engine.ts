import { createHash } from 'node:crypto';

import * as pulumi from '@pulumi/pulumi';

// Runs the Pulumi program in-process against pulumi.runtime.setMocks instead of an engine, and records every
// resource registration as the engine would receive it. The unit tests and `npm run infra:render` use it.
// No cluster, CLI or provider plugin is involved.

/** One resource registration as the engine would receive it. */
export interface DeclaredResource {
  urn: string;
  /** Type token, such as `kubernetes:apps/v1:Deployment`. */
  type: string;
  /** Pulumi logical name. */
  name: string;
  /** True for provider-managed resources, false for components. */
  custom: boolean;
  /** Parent URN, when the resource has a parent other than the stack. */
  parent: string | undefined;
  /** Provider reference (`<provider urn>::<id>`), for custom resources. */
  provider: string | undefined;
  /** Inputs with every secret replaced by its plain value. */
  inputs: Record<string, unknown>;
  /** Inputs as serialized, with secrets still wrapped in Pulumi's secret marker objects. */
  rawInputs: Record<string, unknown>;
  /** Paths (such as `stringData` or `spec.x`) whose values arrived marked secret. */
  secretPaths: string[];
  /** URNs of every resource the engine must finish before this one: explicit dependsOn and inputs. */
  dependencies: string[];
}

/** The result of one program evaluation. */
export interface Evaluation {
  resources: DeclaredResource[];
  /** Stack outputs with their plain values. */
  outputs: Record<string, unknown>;
  /** Names of the stack outputs that are marked secret. */
  secretOutputs: string[];
  /** Errors the mocks caught, such as unexpected provider function calls. Empty when all went well. */
  errors: Error[];
}

/** Text that stands for a value only a real provider or cluster computes. */
export function computedPlaceholder(what: string): string {
  return `<computed at deploy time: ${what}>`;
}

/** Return whether a value is Pulumi's serialized secret marker object. */
export function isSecretMarker(value: unknown): value is { value: unknown } {
  return pulumi.runtime.isRpcSecret(value);
}

/** Replace every secret marker in a serialized value by its plain value and collect the marked paths. */
export function unwrapSecrets(value: unknown, path: string, secretPaths: string[]): unknown {
  if (isSecretMarker(value)) {
    secretPaths.push(path);
    return unwrapSecrets(value.value, path, secretPaths);
  }
  if (Array.isArray(value))
    return value.map((item, index) => unwrapSecrets(item, `${path}[${index}]`, secretPaths));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        unwrapSecrets(item, path === '' ? key : `${path}.${key}`, secretPaths),
      ]),
    );
  }
  return value;
}

function deterministicBytes(seed: string, length: number): Buffer {
  const chunks: Buffer[] = [];
  for (let counter = 0; chunks.length * 32 < length; counter += 1) {
    chunks.push(createHash('sha256').update(`${seed}:${counter}`).digest());
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/** Return the outputs that a real provider would add to a resource's inputs. Random values are fixed per name. */
function providerOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.type) {
    case 'random:index/randomPassword:RandomPassword': {
      const length = typeof inputs.length === 'number' ? inputs.length : 16;
      const result = deterministicBytes(`password:${args.name}`, length).toString('hex').slice(0, length);
      return { result, bcryptHash: `mock-bcrypt-${args.name}` };
    }
    case 'random:index/randomBytes:RandomBytes': {
      const bytes = deterministicBytes(
        `bytes:${args.name}`,
        typeof inputs.length === 'number' ? inputs.length : 32,
      );
      return { base64: bytes.toString('base64'), hex: bytes.toString('hex') };
    }
    case 'kubernetes:core/v1:Service': {
      const spec = inputs.spec as { type?: string } | undefined;
      if (spec?.type !== 'LoadBalancer') return {};
      return {
        status: { loadBalancer: { ingress: [{ hostname: computedPlaceholder('load balancer address') }] } },
      };
    }
    default:
      return {};
  }
}

/** The few methods of the mock monitor that the engine wraps. */
interface MonitorLike {
  registerResource(
    request: RegisterResourceRequest,
    callback: (error: unknown, response: unknown) => void,
  ): unknown;
}

/** The getters of a RegisterResourceRequest (protobuf) that the engine reads. */
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
}

/**
 * Mocks for the Pulumi runtime that record every registration. Create one per evaluation: `install`
 * replaces the process-wide mocks, so config must be set after it and before the program runs.
 */
export class MockEngine implements pulumi.runtime.Mocks {
  private readonly declared = new Map<string, DeclaredResource>();
  private readonly errors: Error[] = [];

  // A mock that throws surfaces as an unhandled rejection far from its cause, so both mocks record errors
  // and return normally.
  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    try {
      return { id: `${args.name}-id`, state: { ...(args.inputs as object), ...providerOutputs(args) } };
    } catch (error) {
      this.errors.push(error instanceof Error ? error : new Error(String(error)));
      return { id: `${args.name}-id`, state: args.inputs as object };
    }
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    this.errors.push(
      new Error(`The program called provider function ${args.token}, which the mocks do not implement.`),
    );
    return {};
  }

  /** Install these mocks for the whole process, under the given project and stack names. */
  async install(project: string, stack: string): Promise<void> {
    await pulumi.runtime.setMocks(this, project, stack, false);
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) =>
      register(request, (error, response) => {
        if (!error) this.record(request, response as { getUrn(): string });
        callback(error, response);
      });
  }

  /**
   * Run a program inside a root stack resource, wait until every resource it declared is registered, and
   * return what was declared. The program's return value becomes the stack outputs.
   */
  async evaluate(
    program: () => Promise<Record<string, unknown>> | Record<string, unknown>,
  ): Promise<Evaluation> {
    const created: pulumi.Resource[] = [];
    const secretOutputs: string[] = [];
    const outputs = await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        created.push(args.resource);
        return undefined;
      });
      const exports = await program();
      for (const [name, value] of Object.entries(exports)) {
        if (pulumi.Output.isInstance(value) && (await pulumi.isSecret(value))) secretOutputs.push(name);
      }
      return exports;
    });
    await Promise.all(created.map((resource) => new Promise((resolve) => resource.urn.apply(resolve))));
    return {
      resources: [...this.declared.values()],
      outputs: outputs ?? {},
      secretOutputs,
      errors: [...this.errors],
    };
  }

  private record(request: RegisterResourceRequest, response: { getUrn(): string }): void {
    const rawInputs = pulumi.runtime.deserializeProperties(request.getObject()) as Record<string, unknown>;
    const secretPaths: string[] = [];
    const inputs = unwrapSecrets(rawInputs, '', secretPaths) as Record<string, unknown>;
    const urn = response.getUrn();
    this.declared.set(urn, {
      urn,
      type: request.getType(),
      name: request.getName(),
      custom: request.getCustom(),
      parent: request.getParent() || undefined,
      provider: request.getProvider() || undefined,
      inputs,
      rawInputs,
      secretPaths,
      dependencies: request.getDependenciesList(),
    });
  }
}

/** Kubernetes objects among the declared resources (no providers, components or random values). */
export function kubernetesObjects(resources: readonly DeclaredResource[]): DeclaredResource[] {
  return resources.filter((resource) => resource.custom && resource.type.startsWith('kubernetes:'));
}
