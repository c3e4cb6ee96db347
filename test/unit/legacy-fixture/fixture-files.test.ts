import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { BSON } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CollectionNames } from '../../../scripts/legacy-fixture/legacy-document';
import { QuarantineReasons, WarningCodes } from '../../../scripts/legacy-fixture/outcome-codes';
import { QuirkNames } from '../../../scripts/legacy-fixture/quirk-catalogue';
import { generateTemporaryFixture, type GeneratedFixture } from '../../support/generated-fixture';
import {
  deserializeExactly,
  readDumpDocuments,
  readExpectedOutcomes,
  readExportDocuments,
  readGzipDumpDocuments,
} from '../../support/legacy-fixture-files';

let first: GeneratedFixture;
let again: GeneratedFixture;
let otherSeed: GeneratedFixture;

beforeAll(async () => {
  [first, again, otherSeed] = await Promise.all([
    generateTemporaryFixture(200, 42),
    generateTemporaryFixture(200, 42),
    generateTemporaryFixture(200, 43),
  ]);
});

afterAll(async () => {
  await Promise.all([first?.remove(), again?.remove(), otherSeed?.remove()]);
});

function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

describe('fixture determinism', () => {
  it('writes the same file list', () => {
    expect(listFiles(again.outDir)).toEqual(listFiles(first.outDir));
  });

  it('writes byte-identical files for a seed', () => {
    for (const file of listFiles(first.outDir)) {
      const expected = readFileSync(join(first.outDir, file));
      expect(readFileSync(join(again.outDir, file)).equals(expected), file).toBe(true);
    }
  });

  it('writes other documents for another seed', () => {
    const file = join('export', 'Marketplace.jsonl');
    expect(readFileSync(join(otherSeed.outDir, file)).equals(readFileSync(join(first.outDir, file)))).toBe(
      false,
    );
  });
});

describe('fixture coverage', () => {
  it('applies every quirk', () => {
    for (const name of QuirkNames) expect(first.manifest.quirks[name], name).toBeGreaterThan(0);
  });

  it('expects every quarantine reason', () => {
    for (const reason of QuarantineReasons) expect(first.manifest.reasons[reason], reason).toBeGreaterThan(0);
  });

  it('expects every warning code', () => {
    for (const code of WarningCodes) expect(first.manifest.warnings[code], code).toBeGreaterThan(0);
  });

  it('migrates most documents', () => {
    expect(first.manifest.statuses.migrated / first.manifest.count).toBeGreaterThan(0.6);
  });
});

describe('fixture formats', () => {
  it('writes the same BSON in gzip', () => {
    for (const collection of CollectionNames) {
      const plain = readDumpDocuments(first.outDir, collection).map((bytes) => bytes.toString('hex'));
      const gzipped = readGzipDumpDocuments(first.outDir, collection).map((bytes) => bytes.toString('hex'));
      expect(gzipped).toEqual(plain);
    }
  });

  it('writes the same BSON in Extended JSON', () => {
    for (const collection of CollectionNames) {
      const plain = readDumpDocuments(first.outDir, collection).map((bytes) => bytes.toString('hex'));
      const exported = readExportDocuments(first.outDir, collection).map((document) =>
        Buffer.from(BSON.serialize(document)).toString('hex'),
      );
      expect(exported).toEqual(plain);
    }
  });

  it('counts documents in expected.jsonl', () => {
    const dumped = CollectionNames.reduce(
      (sum, collection) => sum + readDumpDocuments(first.outDir, collection).length,
      0,
    );
    expect(readExpectedOutcomes(first.outDir)).toHaveLength(dumped);
    expect(dumped).toBe(200);
  });

  it('lists each dumped document once', () => {
    const dumped = CollectionNames.flatMap((collection) =>
      readDumpDocuments(first.outDir, collection).map(
        (bytes) => `${collection}:${deserializeExactly(bytes)._id.toHexString()}`,
      ),
    );
    const expected = readExpectedOutcomes(first.outDir).map(
      (outcome) => `${outcome.collection}:${outcome.id}`,
    );

    expect(new Set(dumped).size).toBe(dumped.length);
    expect([...expected].sort()).toEqual([...dumped].sort());
  });

  it('writes some documents out of _id order', () => {
    const outOfOrder = CollectionNames.some((collection) => {
      const ids = readDumpDocuments(first.outDir, collection).map((bytes) =>
        deserializeExactly(bytes)._id.toHexString(),
      );
      return ids.some((id, index) => index > 0 && id < (ids[index - 1] as string));
    });
    expect(outOfOrder).toBe(true);
  });

  it('shares an _id across collections', () => {
    const [oldIds, newIds] = CollectionNames.map(
      (collection) =>
        new Set(
          readDumpDocuments(first.outDir, collection).map((bytes) =>
            deserializeExactly(bytes)._id.toHexString(),
          ),
        ),
    );
    expect([...(newIds ?? [])].some((id) => oldIds?.has(id))).toBe(true);
  });

  it('gives unique listing ids', () => {
    const listingIds = readExpectedOutcomes(first.outDir).flatMap((outcome) => outcome.listingId ?? []);
    expect(new Set(listingIds).size).toBe(listingIds.length);
  });
});
