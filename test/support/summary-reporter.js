/* global module, process */
'use strict';
/**
 * Ends a run with one plain line, "tests: N passed, N failed, N skipped", which tools that do not
 * read Jest's own summary can still count. Written as the process exits, so it comes after Jest's
 * summary whatever order the reporters run in.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}

module.exports = SummaryReporter;
