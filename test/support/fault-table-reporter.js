/* global module, process */
'use strict';
/**
 * `npm run test:faults` ends with a table of fault → outcome → result, read from the fault tests'
 * own names: each file under test/reliability/faults/ says `describe('<the fault, as a user
 * meets it>')` and `it('<the outcome promised>')`, so the table cannot drift from what is tested.
 */
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

class FaultTableReporter {
  onRunComplete(_contexts, results) {
    const rows = [];
    for (const file of results.testResults)
      for (const test of file.testResults) {
        const fault = test.ancestorTitles.join(' › ') || file.testFilePath;
        const result = test.status === 'passed' ? 'holds' : test.status === 'failed' ? '**FAILS**' : test.status;
        rows.push(`| ${cell(fault)} | ${cell(test.title)} | ${result} | ${(test.duration ?? 0) / 1000} s |`);
      }
    const table = ['', '| fault | outcome | result | time |', '|---|---|---|---|', ...rows, ''].join('\n');
    process.once('exit', () => process.stdout.write(`${table}\n`));
  }
}

module.exports = FaultTableReporter;
