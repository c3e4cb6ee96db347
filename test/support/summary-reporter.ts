import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Print `N passed, N failed` as the very last line of a run, which is the form CI reads. A test file that
 * fails to load and an unhandled error each count as one failure, so a broken run never reads as green.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;

    for (const testModule of testModules) {
      if (testModule.errors().length > 0) failed += 1;
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }

    // The default reporter writes its summary in the same hook, so this line waits for it.
    setImmediate(() => {
      process.stdout.write(
        `\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`,
      );
    });
  }
}
