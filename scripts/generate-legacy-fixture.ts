import { runFixtureCli } from './legacy-fixture/cli';

// Generates the legacy marketplace fixture; see `npm run fixture:legacy -- --help`.
runFixtureCli(process.argv).catch((error: unknown) => {
  process.stderr.write(`fixture:legacy failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
