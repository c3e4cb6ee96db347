import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateFixture } from '../../scripts/legacy-fixture/generate-fixture';
import type { FixtureManifest } from '../../scripts/legacy-fixture/manifest';
import { createSilentLogger } from '../../services/logging/logger';

/** A fixture generated into a temporary folder. */
export interface GeneratedFixture {
  outDir: string;
  manifest: FixtureManifest;
  /** Delete the temporary folder. */
  remove(): Promise<void>;
}

/** Generate a fixture into a new temporary folder. */
export async function generateTemporaryFixture(count: number, seed: number): Promise<GeneratedFixture> {
  const outDir = await mkdtemp(join(tmpdir(), 'kumiko-legacy-fixture-'));
  try {
    const manifest = await generateFixture({ count, seed, outDir }, createSilentLogger());
    return { outDir, manifest, remove: () => rm(outDir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
}
