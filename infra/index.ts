import { loadStackConfig } from './config';
import { defineStack } from './program';

// Entry point that Pulumi runs (`main: infra/` in Pulumi.yaml). The exports are the stack outputs.
const outputs = defineStack(loadStackConfig());

export const webUrl = outputs.webUrl;
export const namespace = outputs.namespace;
export const postgresHost = outputs.postgresHost;
