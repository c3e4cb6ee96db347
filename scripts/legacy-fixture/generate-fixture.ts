import { mkdir, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

import type { Logger } from '../../services/logging/logger';
import { buildBaseDocument } from './base-document';
import { BufferedFile } from './buffered-file';
import { CollectionWriter } from './collection-writer';
import { DateAddedClock } from './date-added';
import { buildDumpMetadata } from './dump-metadata';
import { FixtureError, FixtureErrorCodes } from './errors';
import { expectOutcome } from './expected-outcome';
import { CollectionNames, type CollectionName } from './legacy-document';
import { buildManifest, type FixtureManifest } from './manifest';
import { ObjectIdFactory } from './object-ids';
import { validateFixtureOptions, type FixtureOptions } from './options';
import { OutcomeTally } from './outcome-tally';
import { OutputLayout } from './output-layout';
import { QuirkScheduler } from './quirk-catalogue';
import type { QuirkContext } from './quirk-types';
import { SeededRandom } from './random';
import { createSellerPool, pickSeller, type Seller } from './sellers';
import { listingTimeAt, Timeline } from './timeline';
import { UuidDonorPool } from './uuid-donors';

interface GenerationState {
  random: SeededRandom;
  sellers: Seller[];
  objectIds: ObjectIdFactory;
  clock: DateAddedClock;
  donors: UuidDonorPool;
  quirks: QuirkScheduler;
  tally: OutcomeTally;
  writers: Record<CollectionName, CollectionWriter>;
  expected: BufferedFile;
}

/**
 * Generate a legacy marketplace fixture: the same documents as a mongodump folder, a gzipped mongodump folder
 * and mongoexport files, plus expected.jsonl (the outcome the migration must reach for each document) and
 * manifest.json. Documents stream to disk, so memory does not grow with the count.
 *
 * @throws FixtureError `KUMIKO_FIXTURE_INVALID_OPTION` for bad options, `KUMIKO_FIXTURE_WRITE_FAILED` when a
 * file cannot be written.
 */
export async function generateFixture(options: FixtureOptions, logger: Logger): Promise<FixtureManifest> {
  const settings = validateFixtureOptions(options);
  const log = logger.child({ module: 'legacy-fixture' });
  await createFolders(settings.outDir);

  const state = createState(settings);
  try {
    for (let index = 0; index < settings.count; index += 1)
      await generateDocument(state, index, settings.count);
  } finally {
    await closeAll(state);
  }

  await writeMetadata(settings.outDir, state.random);
  const manifest = buildManifest(settings.seed, settings.count, state.tally, state.quirks.counts());
  await writeText(OutputLayout.manifest(settings.outDir), `${JSON.stringify(manifest, null, 2)}\n`);
  log.info(
    { outDir: settings.outDir, count: settings.count, statuses: manifest.statuses },
    'fixture written',
  );
  return manifest;
}

function createState(settings: Required<FixtureOptions>): GenerationState {
  const random = new SeededRandom(settings.seed);
  return {
    random,
    sellers: createSellerPool(random, settings.sellerCount),
    objectIds: new ObjectIdFactory(random, CollectionNames),
    clock: new DateAddedClock(random),
    donors: new UuidDonorPool(),
    quirks: new QuirkScheduler(settings.count),
    tally: new OutcomeTally(),
    writers: {
      Marketplace: new CollectionWriter(settings.outDir, 'Marketplace', settings.flushBytes),
      MarketplaceModel: new CollectionWriter(settings.outDir, 'MarketplaceModel', settings.flushBytes),
    },
    expected: new BufferedFile(OutputLayout.expected(settings.outDir), settings.flushBytes, false),
  };
}

async function generateDocument(state: GenerationState, index: number, count: number): Promise<void> {
  const { random } = state;
  const listingMs = listingTimeAt((index + random.next()) / count);
  const collection: CollectionName =
    listingMs < Timeline.modelCollectionFrom ? 'Marketplace' : 'MarketplaceModel';
  const seller = pickSeller(random, state.sellers);
  const dateAdded = state.clock.format(listingMs);
  const id = state.objectIds.create(listingMs, collection);
  const document = buildBaseDocument(random, { id, collection, listingMs, seller, dateAdded });

  const context: QuirkContext = {
    random,
    collection,
    listingMs,
    seller,
    donors: state.donors,
    displacement: 0,
  };
  state.quirks.applyTo(index, document, context);

  // Documents are generated in ObjectId order, so "an earlier document" is one generated before this one.
  const outcome = expectOutcome(collection, document, (uuid) => state.donors.isUsed(uuid));
  if (outcome.listingId) state.donors.offer(collection, document, outcome.listingId);
  state.tally.add(outcome);

  state.expected.append(`${JSON.stringify(outcome)}\n`);
  await state.writers[collection].write(document, context.displacement);
  await state.expected.flushIfFull();
}

async function closeAll(state: GenerationState): Promise<void> {
  const results = await Promise.allSettled([
    state.writers.Marketplace.close(),
    state.writers.MarketplaceModel.close(),
    state.expected.close(),
  ]);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

async function createFolders(outDir: string): Promise<void> {
  const folders = [
    OutputLayout.dumpFolder(outDir),
    OutputLayout.gzipDumpFolder(outDir),
    OutputLayout.exportFolder(outDir),
  ];
  for (const folder of folders) {
    await mkdir(folder, { recursive: true }).catch((error: unknown) => {
      throw new FixtureError(
        FixtureErrorCodes.WriteFailed,
        `Creating folder ${folder} failed: ${error instanceof Error ? error.message : String(error)}. ` +
          'Choose an --out folder you can write to.',
        { cause: error },
      );
    });
  }
}

async function writeMetadata(outDir: string, random: SeededRandom): Promise<void> {
  for (const collection of CollectionNames) {
    const metadata = buildDumpMetadata(collection, random);
    await writeText(OutputLayout.metadata(outDir, collection), metadata);
    await writeBytes(OutputLayout.gzipMetadata(outDir, collection), gzipSync(metadata));
  }
}

async function writeText(path: string, text: string): Promise<void> {
  await writeBytes(path, Buffer.from(text, 'utf8'));
}

async function writeBytes(path: string, bytes: Buffer): Promise<void> {
  await writeFile(path, bytes).catch((error: unknown) => {
    throw new FixtureError(
      FixtureErrorCodes.WriteFailed,
      `Writing ${path} failed: ${error instanceof Error ? error.message : String(error)}. ` +
        'Check that the output folder is writable and the disk has space.',
      { cause: error },
    );
  });
}
