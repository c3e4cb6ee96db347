import * as pulumi from '@pulumi/pulumi';

import { isPinnedImage, parseImageReference, type ImageReference } from './image';

// This module is the only reader of `pulumi.Config`. It reads every key once, collects every problem and
// throws one StackConfigError that lists them all, so a deploy never starts with a half-valid config.

export type Environment = 'dev' | 'prod';
export type WebExposureKind = 'ingress' | 'loadBalancer' | 'nodePort';

/** Configuration namespace, equal to the project name in Pulumi.yaml. */
export const ConfigNamespace = 'kumiko';

/** Type of a key as declared in Pulumi.yaml. */
export type ConfigKeyType = 'string' | 'integer' | 'boolean';

/** Declaration of one configuration key. */
export interface ConfigKeySpec {
  type: ConfigKeyType;
  /** Default applied when the key is unset. Pulumi.yaml declares the same default, which a unit test checks. */
  default?: string | number | boolean;
  /** Whether the value must be set with `pulumi config set --secret`. */
  secret?: boolean;
  /** Example value shown in the `pulumi config set` command of an error message. */
  example: string;
}

/**
 * Every configuration key. Keys without a default are required. An empty string default means "unset"
 * for keys that only some settings need, because Pulumi requires every declared key without a default.
 */
export const ConfigKeys = {
  environment: { type: 'string', example: 'dev' },
  namespace: { type: 'string', example: 'kumiko-dev' },
  kubeContext: { type: 'string', default: '', example: '<kubeconfig context>' },
  image: { type: 'string', example: '<registry>/kumiko:<version>' },
  discordApplicationId: { type: 'string', example: '<application id>' },
  discordToken: { type: 'string', secret: true, example: '<bot token>' },
  botShardCount: { type: 'integer', default: 1, example: '4' },
  botShardsPerPod: { type: 'integer', default: 1, example: '2' },
  webReplicas: { type: 'integer', default: 2, example: '2' },
  webMaxReplicas: { type: 'integer', default: 6, example: '6' },
  webTargetCpuUtilization: { type: 'integer', default: 70, example: '70' },
  webExposure: { type: 'string', default: 'ingress', example: 'ingress' },
  webHost: { type: 'string', default: '', example: 'kumiko.example.com' },
  webIngressClassName: { type: 'string', default: '', example: 'nginx' },
  webTlsSecretName: { type: 'string', default: '', example: 'kumiko-web-tls' },
  webIngressControllerNamespace: { type: 'string', default: 'ingress-nginx', example: 'ingress-nginx' },
  webNodePort: { type: 'integer', default: 30080, example: '30080' },
  corsOrigins: { type: 'string', default: '', example: 'https://kumiko.example.com' },
  postgresExternal: { type: 'boolean', example: 'false' },
  postgresUrl: {
    type: 'string',
    default: '',
    secret: true,
    example: "'postgres://<user>:<password>@<host>:5432/<database>?sslmode=require'",
  },
  postgresExternalCidr: { type: 'string', default: '0.0.0.0/0', example: '10.20.0.0/16' },
  postgresImage: { type: 'string', default: 'postgres:18', example: 'postgres:18' },
  postgresStorageSize: { type: 'string', default: '10Gi', example: '20Gi' },
  postgresStorageClass: { type: 'string', default: '', example: '<storage class>' },
  legacyMigrationEnabled: { type: 'boolean', default: false, example: 'true' },
  legacyMongoUri: {
    type: 'string',
    default: '',
    secret: true,
    example: "'mongodb://<user>:<password>@<host>:27017/<database>'",
  },
  legacyMongoCidr: { type: 'string', default: '0.0.0.0/0', example: '10.30.0.0/16' },
  legacyDryRun: { type: 'boolean', default: false, example: 'true' },
  legacyBatchSize: { type: 'integer', default: 0, example: '500' },
} as const satisfies Record<string, ConfigKeySpec>;

export type ConfigKey = keyof typeof ConfigKeys;

/** Exposure of the web backend outside the cluster. */
export type WebExposure =
  | {
      kind: 'ingress';
      /** Host name that the Ingress rule matches. */
      host: string;
      /** IngressClass name, or undefined for the cluster's default class. */
      ingressClassName: string | undefined;
      /** Name of an existing TLS Secret in the namespace, or undefined to serve plain HTTP. */
      tlsSecretName: string | undefined;
      /** Namespace of the ingress controller pods, the only allowed source of web traffic. */
      controllerNamespace: string;
    }
  | { kind: 'loadBalancer' }
  | {
      kind: 'nodePort';
      /** Node port in 30000-32767. */
      nodePort: number;
      /** Host name used in the web URL output. */
      host: string;
    };

/** Location and settings of the PostgreSQL server. */
export type PostgresSettings =
  | {
      kind: 'in-cluster';
      image: string;
      /** PersistentVolumeClaim size, in Kubernetes quantity syntax. */
      storageSize: string;
      /** StorageClass name, or undefined for the cluster default. */
      storageClassName: string | undefined;
    }
  | {
      kind: 'external';
      /** Connection string of the managed database (secret). */
      url: pulumi.Output<string>;
      /** CIDR that pods may reach on port 5432. */
      egressCidr: string;
    };

/** The optional one-off migration of the legacy MongoDB marketplace. */
export type LegacyMigrationSettings =
  | { enabled: false }
  | {
      enabled: true;
      /** MongoDB connection string (secret). */
      mongoUri: pulumi.Output<string>;
      /** CIDR that the Job may reach on port 27017. */
      mongoCidr: string;
      dryRun: boolean;
      /** Documents per batch, or undefined to use the migration command's own default. */
      batchSize: number | undefined;
    };

/** The validated configuration of one stack. */
export interface StackConfig {
  environment: Environment;
  namespace: string;
  /** Kubeconfig context, or undefined for the current context (dev only). */
  kubeContext: string | undefined;
  image: ImageReference;
  discord: { applicationId: string; token: pulumi.Output<string> };
  bot: { shardCount: number; shardsPerPod: number };
  web: {
    replicas: number;
    maxReplicas: number;
    /** HorizontalPodAutoscaler CPU target, in percent of the CPU request. */
    targetCpuUtilization: number;
    /** Comma-separated origins passed to the web backend as CORS_ORIGINS; empty allows none. */
    corsOrigins: string;
    exposure: WebExposure;
  };
  postgres: PostgresSettings;
  legacyMigration: LegacyMigrationSettings;
}

/** Machine-readable reason of a configuration problem. */
export type ConfigIssueCode =
  'missing' | 'invalid' | 'prod-mutable-image' | 'prod-too-few-replicas' | 'prod-node-port';

/** One configuration problem and the command that fixes it. */
export interface ConfigIssue {
  /** Full key, such as `kumiko:image`. */
  key: string;
  code: ConfigIssueCode;
  message: string;
  /** A `pulumi config set` command that fixes the problem. */
  fix: string;
}

/** Thrown by {@link loadStackConfig} with every problem found. */
export class StackConfigError extends Error {
  readonly code = 'INVALID_STACK_CONFIG';

  constructor(readonly issues: readonly ConfigIssue[]) {
    const lines = issues.map((issue) => `  - ${issue.message}\n    Fix: ${issue.fix}`);
    super(`Invalid stack configuration (${issues.length} problem(s)):\n${lines.join('\n')}`);
    this.name = 'StackConfigError';
  }
}

/** Return the `pulumi config set` command for a key, with an example value or the given one. */
export function configSetCommand(key: ConfigKey, value?: string): string {
  const spec: ConfigKeySpec = ConfigKeys[key];
  const secretFlag = spec.secret === true ? '--secret ' : '';
  return `pulumi config set ${secretFlag}${ConfigNamespace}:${key} ${value ?? spec.example}`;
}

const DnsLabelPattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DnsNamePattern =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;
const SnowflakePattern = /^[0-9]{17,20}$/;
const QuantityPattern = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;
const Ipv4CidrPattern =
  /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/([0-9]|[12][0-9]|3[0-2])$/;
const Ipv6CidrPattern = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$/;

/** Collects values and problems while the configuration is read. */
class ConfigReader {
  readonly issues: ConfigIssue[] = [];
  private readonly config = new pulumi.Config(ConfigNamespace);

  report(key: ConfigKey, code: ConfigIssueCode, message: string, fixValue?: string): void {
    this.issues.push({
      key: `${ConfigNamespace}:${key}`,
      code,
      message: `${ConfigNamespace}:${key} ${message}`,
      fix: configSetCommand(key, fixValue),
    });
  }

  /** Read a required plain string, reporting `missing` when it is unset or empty. */
  requiredString(key: ConfigKey, validate: (value: string) => string | undefined): string | undefined {
    const value = this.config.get(key);
    if (value === undefined || value === '') {
      this.report(key, 'missing', 'is missing.');
      return undefined;
    }
    return this.validated(key, value, validate);
  }

  /** Read an optional plain string. Returns undefined when it is unset or empty. */
  optionalString(key: ConfigKey, validate?: (value: string) => string | undefined): string | undefined {
    const spec: ConfigKeySpec = ConfigKeys[key];
    const value = this.config.get(key) ?? String(spec.default ?? '');
    if (value === '') return undefined;
    return validate ? this.validated(key, value, validate) : value;
  }

  requiredBoolean(key: ConfigKey): boolean | undefined {
    if (this.config.get(key) === undefined) {
      this.report(key, 'missing', 'is missing.');
      return undefined;
    }
    try {
      return this.config.requireBoolean(key);
    } catch {
      this.report(key, 'invalid', 'must be true or false.');
      return undefined;
    }
  }

  optionalBoolean(key: ConfigKey, defaultValue: boolean): boolean {
    try {
      return this.config.getBoolean(key) ?? defaultValue;
    } catch {
      this.report(key, 'invalid', 'must be true or false.');
      return defaultValue;
    }
  }

  /** Read an optional integer in [min, max]. */
  integer(key: ConfigKey, defaultValue: number, min: number, max: number): number {
    let value: number;
    try {
      value = this.config.getNumber(key) ?? defaultValue;
    } catch {
      this.report(key, 'invalid', `must be a whole number from ${min} to ${max}.`);
      return defaultValue;
    }
    if (!Number.isInteger(value) || value < min || value > max) {
      this.report(key, 'invalid', `must be a whole number from ${min} to ${max} (got ${value}).`);
      return defaultValue;
    }
    return value;
  }

  /**
   * Read a secret. The plaintext is read only to test presence and format and never leaves this method,
   * and error messages never contain it. Returns the value as a secret Output.
   */
  secret(
    key: ConfigKey,
    required: boolean,
    validate?: (value: string) => string | undefined,
  ): pulumi.Output<string> | undefined {
    const plaintext = this.config.get(key);
    if (plaintext === undefined || plaintext === '') {
      if (required) this.report(key, 'missing', 'is missing.');
      return undefined;
    }
    const problem = validate?.(plaintext);
    if (problem !== undefined) {
      this.report(key, 'invalid', problem);
      return undefined;
    }
    return this.config.requireSecret(key);
  }

  private validated(key: ConfigKey, value: string, validate: (value: string) => string | undefined) {
    const problem = validate(value);
    if (problem === undefined) return value;
    this.report(key, 'invalid', problem);
    return undefined;
  }
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string) =>
    (allowed as readonly string[]).includes(value)
      ? undefined
      : `must be one of ${allowed.join(', ')} (got "${value}").`;
}

function dnsLabel(value: string) {
  return DnsLabelPattern.test(value)
    ? undefined
    : `must be a DNS label: lowercase letters, digits and "-", at most 63 characters (got "${value}").`;
}

function dnsName(value: string) {
  return DnsNamePattern.test(value) ? undefined : `must be a lowercase DNS name (got "${value}").`;
}

function cidr(value: string) {
  return Ipv4CidrPattern.test(value) || Ipv6CidrPattern.test(value)
    ? undefined
    : `must be an IPv4 or IPv6 CIDR such as 10.0.0.0/16 (got "${value}").`;
}

function quantity(value: string) {
  return QuantityPattern.test(value)
    ? undefined
    : `must be a Kubernetes quantity such as 10Gi (got "${value}").`;
}

function corsOrigins(value: string) {
  const invalid = value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => {
      try {
        const url = new URL(origin);
        return !['http:', 'https:'].includes(url.protocol) || url.origin !== origin;
      } catch {
        return true;
      }
    });
  return invalid.length === 0
    ? undefined
    : `must be comma-separated origins such as https://kumiko.example.com, without paths (invalid: ${invalid.join(', ')}).`;
}

function urlWithScheme(schemes: readonly string[]) {
  return (value: string) => {
    try {
      const url = new URL(value);
      if (schemes.includes(url.protocol) && url.hostname !== '') return undefined;
    } catch {
      // Reported below without the value, which may contain a password.
    }
    return `must be a URL starting with ${schemes.map((scheme) => `${scheme}//`).join(' or ')} and naming a host (the value is not shown because it is a secret).`;
  };
}

/**
 * Read and validate the stack configuration. Throws a {@link StackConfigError} that lists every missing or
 * invalid key with the command that fixes it.
 */
export function loadStackConfig(): StackConfig {
  const reader = new ConfigReader();

  const environment = reader.requiredString('environment', oneOf(['dev', 'prod'] as const)) as
    Environment | undefined;
  const namespace = reader.requiredString('namespace', dnsLabel);
  const kubeContext = reader.optionalString('kubeContext');
  if (environment === 'prod' && kubeContext === undefined) {
    reader.report(
      'kubeContext',
      'missing',
      'is missing. Production must name its kubeconfig context so a deploy never targets the current one by accident.',
    );
  }

  const imageRef = reader.requiredString('image', (value) =>
    parseImageReference(value)
      ? undefined
      : `must be an image reference such as ghcr.io/acme/kumiko:1.4.2 (got "${value}").`,
  );
  const image = imageRef === undefined ? undefined : parseImageReference(imageRef);
  if (environment === 'prod' && image !== undefined && !isPinnedImage(image)) {
    reader.report(
      'image',
      'prod-mutable-image',
      `must name a version tag or digest in prod, not "latest" or no tag (got "${image.ref}").`,
      `${image.repository}:<version>`,
    );
  }

  const applicationId = reader.requiredString('discordApplicationId', (value) =>
    SnowflakePattern.test(value)
      ? undefined
      : `must be a Discord snowflake of 17-20 digits (got "${value}").`,
  );
  const token = reader.secret('discordToken', true);

  const shardCount = reader.integer('botShardCount', ConfigKeys.botShardCount.default, 1, 10_000);
  const shardsPerPod = reader.integer('botShardsPerPod', ConfigKeys.botShardsPerPod.default, 1, 100);
  if (shardCount % shardsPerPod !== 0) {
    reader.report(
      'botShardsPerPod',
      'invalid',
      `must divide kumiko:botShardCount (${shardCount}) so every pod serves a full shard group (got ${shardsPerPod}).`,
      '1',
    );
  }

  const web = readWebSettings(reader, environment);
  const postgres = readPostgresSettings(reader);
  const legacyMigration = readLegacyMigrationSettings(reader);

  if (
    reader.issues.length > 0 ||
    environment === undefined ||
    namespace === undefined ||
    image === undefined ||
    applicationId === undefined ||
    token === undefined ||
    web === undefined ||
    postgres === undefined ||
    legacyMigration === undefined
  ) {
    throw new StackConfigError(reader.issues);
  }

  return {
    environment,
    namespace,
    kubeContext,
    image,
    discord: { applicationId, token },
    bot: { shardCount, shardsPerPod },
    web,
    postgres,
    legacyMigration,
  };
}

function readWebSettings(
  reader: ConfigReader,
  environment: Environment | undefined,
): StackConfig['web'] | undefined {
  const replicas = reader.integer('webReplicas', ConfigKeys.webReplicas.default, 1, 100);
  if (environment === 'prod' && replicas < 2) {
    reader.report(
      'webReplicas',
      'prod-too-few-replicas',
      `must be at least 2 in prod so a rollout or node drain keeps the site up (got ${replicas}).`,
      '2',
    );
  }
  const maxReplicas = reader.integer('webMaxReplicas', ConfigKeys.webMaxReplicas.default, 1, 100);
  if (maxReplicas < replicas) {
    reader.report(
      'webMaxReplicas',
      'invalid',
      `must be at least kumiko:webReplicas (${replicas}) (got ${maxReplicas}).`,
      String(replicas),
    );
  }
  const targetCpuUtilization = reader.integer(
    'webTargetCpuUtilization',
    ConfigKeys.webTargetCpuUtilization.default,
    10,
    100,
  );
  const corsOriginList = reader.optionalString('corsOrigins', corsOrigins) ?? '';

  const kind = reader.optionalString(
    'webExposure',
    oneOf<WebExposureKind>(['ingress', 'loadBalancer', 'nodePort']),
  ) as WebExposureKind | undefined;
  let exposure: WebExposure | undefined;
  if (kind === 'ingress') {
    const host = reader.optionalString('webHost', dnsName);
    if (host === undefined && reader.issues.every((issue) => issue.key !== 'kumiko:webHost')) {
      reader.report('webHost', 'missing', 'is missing. It is required when kumiko:webExposure is ingress.');
    }
    const controllerNamespace =
      reader.optionalString('webIngressControllerNamespace', dnsLabel) ??
      ConfigKeys.webIngressControllerNamespace.default;
    if (host !== undefined) {
      exposure = {
        kind,
        host,
        ingressClassName: reader.optionalString('webIngressClassName', dnsName),
        tlsSecretName: reader.optionalString('webTlsSecretName', dnsName),
        controllerNamespace,
      };
    }
  } else if (kind === 'loadBalancer') {
    exposure = { kind };
  } else if (kind === 'nodePort') {
    if (environment === 'prod') {
      reader.report(
        'webExposure',
        'prod-node-port',
        'must be ingress or loadBalancer in prod. A NodePort is meant for local clusters.',
        'ingress',
      );
    }
    const nodePort = reader.integer('webNodePort', ConfigKeys.webNodePort.default, 30000, 32767);
    const host = reader.optionalString('webHost', dnsName) ?? 'localhost';
    exposure = { kind, nodePort, host };
  } else if (kind === undefined && reader.issues.every((issue) => issue.key !== 'kumiko:webExposure')) {
    reader.report('webExposure', 'missing', 'is empty. Use ingress, loadBalancer or nodePort.', 'ingress');
  }

  if (exposure === undefined) return undefined;
  return { replicas, maxReplicas, targetCpuUtilization, corsOrigins: corsOriginList, exposure };
}

function readPostgresSettings(reader: ConfigReader): PostgresSettings | undefined {
  const external = reader.requiredBoolean('postgresExternal');
  if (external === undefined) return undefined;

  if (external) {
    const url = reader.secret('postgresUrl', false, urlWithScheme(['postgres:', 'postgresql:']));
    if (url === undefined && reader.issues.every((issue) => issue.key !== 'kumiko:postgresUrl')) {
      reader.report(
        'postgresUrl',
        'missing',
        'is missing. It is required when kumiko:postgresExternal is true.',
      );
    }
    const egressCidr =
      reader.optionalString('postgresExternalCidr', cidr) ?? ConfigKeys.postgresExternalCidr.default;
    return url === undefined ? undefined : { kind: 'external', url, egressCidr };
  }

  const image =
    reader.optionalString('postgresImage', (value) =>
      parseImageReference(value)
        ? undefined
        : `must be an image reference such as postgres:18 (got "${value}").`,
    ) ?? ConfigKeys.postgresImage.default;
  const storageSize =
    reader.optionalString('postgresStorageSize', quantity) ?? ConfigKeys.postgresStorageSize.default;
  const storageClassName = reader.optionalString('postgresStorageClass', dnsName);
  return { kind: 'in-cluster', image, storageSize, storageClassName };
}

function readLegacyMigrationSettings(reader: ConfigReader): LegacyMigrationSettings | undefined {
  const enabled = reader.optionalBoolean('legacyMigrationEnabled', ConfigKeys.legacyMigrationEnabled.default);
  if (!enabled) return { enabled: false };

  const mongoUri = reader.secret('legacyMongoUri', false, urlWithScheme(['mongodb:', 'mongodb+srv:']));
  if (mongoUri === undefined && reader.issues.every((issue) => issue.key !== 'kumiko:legacyMongoUri')) {
    reader.report(
      'legacyMongoUri',
      'missing',
      'is missing. It is required when kumiko:legacyMigrationEnabled is true.',
    );
  }
  const mongoCidr = reader.optionalString('legacyMongoCidr', cidr) ?? ConfigKeys.legacyMongoCidr.default;
  const dryRun = reader.optionalBoolean('legacyDryRun', ConfigKeys.legacyDryRun.default);
  // 0 leaves --batch-size off, so the migration command uses its own default.
  const batchSize = reader.integer('legacyBatchSize', ConfigKeys.legacyBatchSize.default, 0, 100_000);
  if (mongoUri === undefined) return undefined;
  return { enabled: true, mongoUri, mongoCidr, dryRun, batchSize: batchSize === 0 ? undefined : batchSize };
}
