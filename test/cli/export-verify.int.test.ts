import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { EventStore, RecordedEvent } from '../../src/eventstore/event-store';
import { openEventStore } from '../../src/eventstore/open-event-store';
import { GENESIS_HASH, hashEvent } from '../../src/eventstore/hash-chain';
import { hashEsdbEvent } from '../../src/eventstore/esdb/hash';
import { entityIdOf, streamIdOf } from '../../src/core/streams';
import { ORGANIZATION_CATEGORY } from '../../src/organizations/organization';
import { CSV_COLUMNS, exportEvents, type ExportFilter, type ExportFormat, type ExportSource } from '../../src/audit/exports/event-export';
import { verifyExportFile } from '../../src/audit/exports/export-verification';
import { writeSyntheticLog, type SyntheticLog } from '../../bench/synthetic-log';
import { useTempDir } from '../eventstore/temp-event-log';
import { runDaftar } from './daftar-process';

const dir = useTempDir('daftar-export-');

/** A reference reader for RFC 4180 (quoted fields, doubled quotes, CRLF records), to read back what export wrote. */
const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += char;
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
};

const lineOf = (file: string, line: number): string => readFileSync(file, 'utf8').split('\n')[line - 1];
const linesOf = (file: string): string[] => readFileSync(file, 'utf8').trimEnd().split('\n');
const rewriteLines = (file: string, name: string, rewrite: (line: Record<string, unknown>) => Record<string, unknown>): string => {
  const rewritten = `${file}.${name}`;
  writeFileSync(rewritten, linesOf(file).map((line) => JSON.stringify(rewrite(JSON.parse(line)))).join('\n'));
  return rewritten;
};

/** The same events chained as EventStoreDB chains them: each hashed with its position blank. */
const chainedByEsdbRule = (sealed: RecordedEvent[]): RecordedEvent[] => {
  let previousHash = GENESIS_HASH;
  return sealed.map(({ hash: _sqliteHash, ...event }) => {
    const unhashed = { ...event, previousHash };
    previousHash = hashEsdbEvent(unhashed);
    return { ...unhashed, hash: previousHash };
  });
};
const replaceLine = (file: string, line: number, text: string | null): string => {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (text === null) lines.splice(line - 1, 1);
  else lines[line - 1] = text;
  const tampered = `${file}.tampered-${line}-${text === null ? 'deleted' : 'changed'}`;
  writeFileSync(tampered, lines.join('\n'));
  return tampered;
};

describe('export and offline verification', () => {
  let dataDir: string;
  let store: EventStore;
  let log: SyntheticLog;
  let events: RecordedEvent[];
  const tricky = { name: 'سازمان "ویژه", با ویرگول\r\nو سطر نو', nameEn: 'Quote " comma , newline \n end' };

  const exportTo = async (name: string, format: ExportFormat, filter: ExportFilter = {}, source: ExportSource = store) => {
    const file = dir.path(name);
    const out = createWriteStream(file);
    const summary = await exportEvents(source, format, filter, out);
    out.end();
    await finished(out);
    return { file, summary };
  };

  beforeAll(async () => {
    dataDir = dir.path('data');
    store = await openEventStore({ dataDir });
    log = await writeSyntheticLog(store, { totalEvents: 400, hotStreamEvents: 60, eventsPerOrganization: 15, seed: 11 });
    await store.appendToStream(streamIdOf(ORGANIZATION_CATEGORY, log.organizationIds[0]), [
      {
        type: 'OrganizationRenamed',
        data: { organizationId: log.organizationIds[0], ...tricky, previousName: '' },
        metadata: { occurredAt: '2025-03-21T10:00:00.000Z', actor: { id: 'clerk-1', name: 'منشی', role: 'CLERK' }, reason: 'a, "reason"' },
      },
    ]);
    events = await store.readAll();
  });

  afterAll(() => store.close());

  it('writes every event exactly as stored, and the whole chain verifies from the genesis to the head', async () => {
    const { file, summary } = await exportTo('all.ndjson', 'ndjson');
    const head = (await store.head())!;
    expect(linesOf(file).map((line) => JSON.parse(line))).toEqual(events.map((event) => ({ ...event, store: 'sqlite' })));
    expect(summary).toMatchObject({ store: 'sqlite', events: events.length, lastHash: head.hash, filtered: false });

    const verified = await verifyExportFile(file, { head: head.hash });
    expect(verified).toMatchObject({
      ok: true,
      events: events.length,
      store: 'sqlite',
      storeSource: 'file',
      links: 'from-genesis',
      lastHash: head.hash,
      problemCount: 0,
    });
    expect(verified.head).toEqual({ expected: head.hash, actual: head.hash, ok: true });
  });

  it('fails at the line whose content was changed', async () => {
    const { file } = await exportTo('changed.ndjson', 'ndjson');
    const event = JSON.parse(lineOf(file, 57));
    const tampered = replaceLine(file, 57, JSON.stringify({ ...event, data: { ...event.data, name: 'نام دیگر' } }));
    const verified = await verifyExportFile(tampered);
    expect(verified.ok).toBe(false);
    expect(verified.hashMismatches).toBe(1);
    expect(verified.problems[0]).toMatchObject({ line: 57, position: event.position });
    expect(verified.problems[0].problem).toMatch(/does not match its hash/);
  });

  it('fails at the next line when the changed event was given a fresh hash of its own', async () => {
    const { file } = await exportTo('rehashed.ndjson', 'ndjson');
    const event = JSON.parse(lineOf(file, 120));
    const forged = { ...event, data: { ...event.data, name: 'نام جعلی' } };
    const tampered = replaceLine(file, 120, JSON.stringify({ ...forged, hash: hashEvent(forged) }));
    const verified = await verifyExportFile(tampered);
    expect(verified.ok).toBe(false);
    expect(verified.hashMismatches).toBe(0);
    expect(verified.problems[0]).toMatchObject({ line: 121 });
    expect(verified.problems[0].problem).toMatch(/does not link to line 120/);
  });

  it('fails where a line was removed', async () => {
    const { file } = await exportTo('removed.ndjson', 'ndjson');
    const verified = await verifyExportFile(replaceLine(file, 200, null));
    expect(verified.ok).toBe(false);
    expect(verified.problems[0]).toMatchObject({ line: 200, position: events[200].position });
  });

  it('fails when the last hash is not the expected head (events cut off the end)', async () => {
    const { file } = await exportTo('cut.ndjson', 'ndjson');
    const verified = await verifyExportFile(replaceLine(file, events.length, null), { head: events[events.length - 1].hash });
    expect(verified.ok).toBe(false);
    expect(verified.head).toEqual({ expected: events[events.length - 1].hash, actual: events[events.length - 2].hash, ok: false });
    expect(verified.problems.at(-1)!.problem).toMatch(/not the expected head/);
  });

  it("exports one entity's events: each hash verifies, the links are reported as not checkable", async () => {
    const { file, summary } = await exportTo('entity.ndjson', 'ndjson', { entity: log.hotOrganizationId });
    const expected = events.filter((event) => entityIdOf(event.streamId) === log.hotOrganizationId);
    expect(linesOf(file).map((line) => JSON.parse(line))).toEqual(expected.map((event) => ({ ...event, store: 'sqlite' })));
    expect(summary).toMatchObject({ events: expected.length, filtered: true });
    expect(await verifyExportFile(file)).toMatchObject({ ok: true, events: expected.length, links: 'not-checkable' });

    const dropped = await verifyExportFile(replaceLine(file, 10, null));
    expect(dropped.ok).toBe(false);
    expect(dropped.problems[0]).toMatchObject({ line: 10 });
    expect(dropped.problems[0].problem).toMatch(/jumps from revision 8 to 10/);
  });

  it('exports a time range as one contiguous run whose links verify', async () => {
    const from = events[100].recordedAt;
    const to = events[300].recordedAt;
    const { file, summary } = await exportTo('range.ndjson', 'ndjson', { from: new Date(from), to: new Date(to) });
    const expected = events.filter((event) => event.recordedAt >= from && event.recordedAt <= to);
    expect(summary.events).toBe(expected.length);
    expect(summary.firstPosition).toBe(expected[0].position);
    expect(await verifyExportFile(file, { head: expected.at(-1)!.hash })).toMatchObject({ ok: true, links: 'contiguous-range' });
  });

  describe('hash rules: each store its own, one per log', () => {
    let esdbLog: RecordedEvent[];
    /** The real log read through the store, served as EventStoreDB would hold it. */
    let esdbSource: ExportSource;

    beforeAll(() => {
      esdbLog = chainedByEsdbRule(events);
      const byEventId = new Map(esdbLog.map((event) => [event.eventId, event]));
      esdbSource = {
        name: 'esdb',
        head: async () => ({ position: esdbLog.at(-1)!.position, hash: esdbLog.at(-1)!.hash }),
        readAll: async (options) => (await store.readAll(options)).map((event) => byEventId.get(event.eventId)!),
      };
    });

    it("names EventStoreDB on every line of its export, and verifies it by that store's rule (position blank)", async () => {
      const { file, summary } = await exportTo('esdb.ndjson', 'ndjson', {}, esdbSource);
      expect(summary).toMatchObject({ store: 'esdb', events: esdbLog.length, lastHash: esdbLog.at(-1)!.hash });
      expect(linesOf(file).map((line) => JSON.parse(line))).toEqual(esdbLog.map((event) => ({ ...event, store: 'esdb' })));
      const verified = await verifyExportFile(file, { head: esdbLog.at(-1)!.hash });
      expect(verified).toMatchObject({ ok: true, store: 'esdb', storeSource: 'file', links: 'from-genesis', problemCount: 0 });
    });

    it('checks an export that names no store (written before exports did) by the embedded store\'s rule, or the one given', async () => {
      const { file } = await exportTo('esdb-unnamed-source.ndjson', 'ndjson', {}, esdbSource);
      const unnamed = rewriteLines(file, 'unnamed', ({ store: _store, ...event }) => event);
      const byDefault = await verifyExportFile(unnamed);
      expect(byDefault).toMatchObject({ ok: false, store: 'sqlite', storeSource: 'default', hashMismatches: esdbLog.length });
      expect(await verifyExportFile(unnamed, { store: 'esdb' })).toMatchObject({ ok: true, store: 'esdb', storeSource: 'option', problemCount: 0 });
      const { file: sqliteFile } = await exportTo('sqlite-unnamed-source.ndjson', 'ndjson');
      expect(await verifyExportFile(rewriteLines(sqliteFile, 'unnamed', ({ store: _store, ...event }) => event))).toMatchObject({
        ok: true,
        store: 'sqlite',
        storeSource: 'default',
      });
    });

    it('fails an EventStoreDB export relabelled as SQLite: every hash was taken by the other rule', async () => {
      const { file } = await exportTo('esdb-relabelled-source.ndjson', 'ndjson', {}, esdbSource);
      const relabelled = await verifyExportFile(rewriteLines(file, 'relabelled', (event) => ({ ...event, store: 'sqlite' })));
      expect(relabelled).toMatchObject({ ok: false, store: 'sqlite', hashMismatches: esdbLog.length });
    });

    it('fails a log that mixes rules: a changed event given a fresh hash by the other rule and labelled with it', async () => {
      const { file } = await exportTo('mixed.ndjson', 'ndjson');
      const event = JSON.parse(lineOf(file, 120));
      const forged = { ...event, data: { ...event.data, name: 'نام جعلی' }, store: 'esdb' };
      const verified = await verifyExportFile(replaceLine(file, 120, JSON.stringify({ ...forged, hash: hashEsdbEvent(forged) })));
      expect(verified).toMatchObject({ ok: false, store: 'sqlite', hashMismatches: 1 });
      expect(verified.problems[0]).toMatchObject({ line: 120, position: event.position });
      expect(verified.problems.map((problem) => problem.problem)).toEqual(
        expect.arrayContaining([expect.stringMatching(/hashed by esdb's rule, but line 1's by sqlite's: one log follows one rule/)]),
      );
    });

    it('names a store it does not know as a problem', async () => {
      const { file } = await exportTo('unknown-store.ndjson', 'ndjson');
      const verified = await verifyExportFile(replaceLine(file, 5, JSON.stringify({ ...JSON.parse(lineOf(file, 5)), store: 'mongodb' })));
      expect(verified.ok).toBe(false);
      expect(verified.problems).toEqual([expect.objectContaining({ line: 5, problem: expect.stringMatching(/store "mongodb" is not one of/) })]);
    });
  });

  it('writes CSV with RFC 4180 quoting that reads back to the same events', async () => {
    const { file } = await exportTo('all.csv', 'csv');
    const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(events.length);
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    rows.forEach((row, index) => {
      const event = events[index];
      expect(row).toHaveLength(CSV_COLUMNS.length);
      expect(row[column('position')]).toBe(event.position);
      expect(JSON.parse(row[column('data')])).toEqual(event.data);
      expect(JSON.parse(row[column('metadata')])).toEqual(event.metadata);
      expect(row[column('hash')]).toBe(event.hash);
      expect(row[column('store')]).toBe('sqlite');
    });
    const last = rows.at(-1)!;
    expect(JSON.parse(last[column('data')])).toMatchObject(tricky);
    expect(last[column('reason')]).toBe('a, "reason"');
  });

  it('prints what verify found, never a claim a finding contradicts', async () => {
    const { file } = await exportTo('report.ndjson', 'ndjson');
    const head = events.at(-1)!.hash;
    const report = (path: string, args: string[] = []) => {
      const result = runDaftar(['verify', path, ...args], { DATA_DIR: dataDir });
      const lines = result.stdout.split('\n');
      return { status: result.status, text: result.stdout, verdict: lines[0], line: (label: string) => lines.find((line) => line.startsWith(`${label}: `)) };
    };

    const whole = report(file, ['--head', head]);
    expect(whole.verdict).toBe(`VERIFIED: ${file}`);
    expect(whole.line('per-event hashes')).toBe(`per-event hashes: all ${events.length} recomputed and matching`);
    expect(whole.line('links')).toBe('links: every event links to the one before it, from the genesis hash on: nothing is missing, inserted or reordered up to the last line');
    expect(whole.line('head')).toBe(`head: matches the expected ${head}: nothing was cut off the end`);

    const removed = replaceLine(file, 200, null);
    const removedEvent = events[199];
    const gap = events.slice(200).some((event) => event.streamId === removedEvent.streamId);
    const withoutLine = report(removed);
    expect(withoutLine.status).toBe(1);
    expect(withoutLine.verdict).toBe(`FAILED: ${removed}: 1 broken link${gap ? ", 1 gap in a stream's revisions" : ''}`);
    expect(withoutLine.line('links')).toBe('links: 1 line does not link to the line before: events were removed, inserted or changed there');
    expect(withoutLine.text).not.toContain('nothing is missing');
    expect(withoutLine.text).toContain(`  line 200 (position ${events[200].position}): previousHash does not link to line 199`);

    const event = JSON.parse(lineOf(file, 57));
    const changed = replaceLine(file, 57, JSON.stringify({ ...event, data: { ...event.data, name: 'نام دیگر' } }));
    const withChange = report(changed);
    expect(withChange.verdict).toBe(`FAILED: ${changed}: 1 event changed`);
    expect(withChange.line('per-event hashes')).toBe('per-event hashes: 1 event does not match its content: changed after it was recorded');
    expect(withChange.text).not.toContain('recomputed and matching');

    const cut = report(replaceLine(file, events.length, null), ['--head', head]);
    expect(cut.verdict).toMatch(/: the last hash is not the expected head$/);
    expect(cut.line('head')).toBe(`head: DOES NOT MATCH the expected ${head}: events were cut off or added at the end`);
    expect(cut.text).not.toContain('nothing was cut off');
  }, 120_000);

  it('runs as the real command line: export, then verify with exit code 0, and 1 when tampered', () => {
    const run = (command: string, args: string[]) => runDaftar([command, ...args], { DATA_DIR: dataDir });
    const file = dir.path('cli.ndjson');
    const exported = run('export', ['--format', 'ndjson', '--out', file]);
    expect(exported.stderr).toContain(`exported ${events.length} events`);
    expect(exported.status).toBe(0);
    const head = events.at(-1)!.hash;

    const verified = run('verify', [file, '--head', head]);
    expect(verified.stdout).toMatch(/^VERIFIED/);
    expect(verified.status).toBe(0);

    const wrongHead = run('verify', [file, '--head', events[0].hash]);
    expect(wrongHead.stdout).toMatch(/^FAILED/);
    expect(wrongHead.stdout).toContain('DOES NOT MATCH');
    expect(wrongHead.status).toBe(1);

    const event = JSON.parse(lineOf(file, 33));
    const tampered = replaceLine(file, 33, JSON.stringify({ ...event, metadata: { ...event.metadata, actor: { id: 'x', name: 'x', role: 'ADMIN' } } }));
    const failed = run('verify', [tampered]);
    expect(failed.stdout).toMatch(/^FAILED/);
    expect(failed.stdout).toContain(`line 33 (position ${event.position})`);
    expect(failed.status).toBe(1);

    const unnamedEsdb = dir.path('cli-esdb-unnamed.ndjson');
    writeFileSync(unnamedEsdb, chainedByEsdbRule(events).map((esdbEvent) => JSON.stringify(esdbEvent)).join('\n'));
    const byDefault = run('verify', [unnamedEsdb]);
    expect(byDefault.stdout).toMatch(/^FAILED/);
    expect(byDefault.stdout).toContain("hash rule: sqlite's, each envelope hashed with its position; assumed");
    const asEsdb = run('verify', [unnamedEsdb, '--store', 'esdb']);
    expect(asEsdb.stdout).toMatch(/^VERIFIED/);
    expect(asEsdb.stdout).toContain("hash rule: esdb's, each envelope hashed with its position blank");
    expect(asEsdb.status).toBe(0);
  });
});
