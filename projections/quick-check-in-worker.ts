import { Worker } from 'node:worker_threads';

/** How many of quick_check's findings a report quotes. */
const QUICK_CHECK_FINDINGS = 3;

/**
 * Plain JavaScript, so that it runs the same from the compiled build and under ts-jest: a worker
 * cannot load a TypeScript file. The driver is named by its resolved path, as the worker's own
 * `require` resolves from wherever the process started.
 */
const workerSource = (driver: string): string => `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(${JSON.stringify(driver)});
let db;
let answer;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  const rows = db.pragma('quick_check(' + workerData.findings + ')');
  answer = { findings: rows.map((row) => String(row.quick_check).replace(/\\s+/g, ' ')) };
} catch (error) {
  answer = { failed: { message: String(error && error.message), code: error && error.code } };
}
try { if (db) db.close(); } catch (ignored) {}
parentPort.postMessage(answer);
`;

/** SQLite's codes for a file whose pages or header are not what SQLite wrote. */
const isDamage = (code: unknown): boolean => typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');

/**
 * SQLite's `PRAGMA quick_check` of `file` on a thread of its own: it reads every page, seconds per
 * gigabyte, which must not hold up the event loop, nor the start of a server whose derived files
 * are gigabytes. Its own read-only connection reads a consistent snapshot (WAL) while the owner
 * writes. Resolves to what is wrong, or null when the file is whole; rejects when the check could
 * not be made at all (the file gone, say).
 */
export const quickCheckInWorker = (file: string): Promise<string | null> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(workerSource(require.resolve('better-sqlite3')), {
      eval: true,
      // The thread runs plain JavaScript: no require hook of the parent's (a TypeScript loader under test).
      execArgv: [],
      workerData: { file, findings: QUICK_CHECK_FINDINGS },
    });
    worker.unref();
    // Settled when the thread has ended, its connection closed: the owner's connection must be the
    // last to close for SQLite to fold the WAL back into the file and remove it.
    let answer: { findings?: string[]; failed?: { message: string; code?: string } } | undefined;
    worker.once('message', (message: typeof answer) => (answer = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (answer?.findings) resolve(answer.findings.length === 1 && answer.findings[0] === 'ok' ? null : `quick_check: ${answer.findings.join('; ')}`);
      else if (isDamage(answer?.failed?.code)) resolve(answer!.failed!.message);
      else reject(new Error(`quick_check of ${file} could not run: ${answer?.failed?.message ?? `the thread stopped (exit ${code})`}`));
    });
  });
