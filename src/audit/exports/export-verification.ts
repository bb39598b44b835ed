import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RecordedEvent } from '../../eventstore/event-store';
import { GENESIS_HASH } from '../../eventstore/hash-chain';
import { comparePositions, isPosition } from '../../eventstore/position';
import { hashRuleOf } from '../integrity';
import type { ExportedStore } from './event-export';

export interface ExportProblem {
  /** 1-based line of the file. */
  line: number;
  position: string | null;
  problem: string;
}

/**
 * How far the links between events could be checked:
 * - `from-genesis`: the first event follows the genesis hash and every line links to the one before:
 *   the whole log up to the last line, nothing missing, nothing inserted;
 * - `contiguous-range`: every line links to the one before, but the first one follows an event that
 *   is not in the file (an export from a date on): the range is whole, its start is not anchored;
 * - `not-checkable`: one entity's events (an export filtered by entity) — the events between them
 *   are not in the file, so only each event's own hash and its stream's revisions can be checked.
 */
export type LinkCoverage = 'from-genesis' | 'contiguous-range' | 'not-checkable' | 'empty';

/** Where the hash rule the events were checked by came from. */
export type StoreSource = 'file' | 'option' | 'default';

export interface ExportVerification {
  ok: boolean;
  events: number;
  /** The store whose hash rule the events were checked by: the first event's, or null for an empty file. */
  store: ExportedStore | null;
  /** Named on the lines (`store`), given by the caller for lines that name none, or assumed (`sqlite`). */
  storeSource: StoreSource | null;
  firstPosition: string | null;
  lastPosition: string | null;
  lastHash: string | null;
  links: LinkCoverage;
  /** Events whose content no longer gives their hash. */
  hashMismatches: number;
  /** Lines whose previousHash is not the line before's hash (counted only where links are checkable). */
  linkBreaks: number;
  /** Places where a stream's revision does not follow the one before it. */
  revisionGaps: number;
  /** Events whose position does not come after the line before's. */
  positionsOutOfOrder: number;
  /** Lines that are not JSON or not an event envelope. */
  unreadableLines: number;
  /** Lines that name an unknown store, or another store than the first line's. */
  storeMismatches: number;
  /** With `--head`: did the last event's hash equal it? */
  head?: { expected: string; actual: string | null; ok: boolean };
  /** The first problems found (at most `MAX_PROBLEMS`), in file order. */
  problems: ExportProblem[];
  problemCount: number;
}

const MAX_PROBLEMS = 20;

const STORES: readonly ExportedStore[] = ['sqlite', 'memory', 'esdb', 'postgres'];

/** Exports from before lines named their store came from the embedded store: its rule is the default. */
const UNNAMED_STORE_DEFAULT: ExportedStore = 'sqlite';

export interface VerifyExportOptions {
  /** The hash the last event must have. */
  head?: string;
  /** For lines that do not name their store (older exports): the store they came from. */
  store?: ExportedStore;
  onLine?: (bytes: number) => void;
}

const isStore = (value: unknown): value is ExportedStore => STORES.includes(value as ExportedStore);

const ENVELOPE_FIELDS = ['eventId', 'type', 'schemaVersion', 'streamId', 'revision', 'position', 'recordedAt', 'metadata', 'hash', 'previousHash'];

const asEvent = (value: unknown): RecordedEvent | string => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the line is not a JSON object';
  const missing = ENVELOPE_FIELDS.filter((field) => !(field in value));
  if (missing.length > 0) return `not an event envelope: ${missing.join(', ')} missing`;
  const event = value as RecordedEvent;
  if (typeof event.position !== 'string' || !isPosition(event.position)) return `not a position: ${JSON.stringify(event.position)}`;
  return event;
};

/**
 * Checks an ndjson export offline: each event's hash recomputed from its content by the hash rule
 * of the store it came from (every line must name the same one: a log follows one rule), each
 * previousHash against the line before, positions in order, and with `head` the last hash.
 * Link breaks are judged at the end, once it is known whether the file is one entity's events.
 */
export const verifyExportLines = async (lines: AsyncIterable<string>, options: VerifyExportOptions = {}): Promise<ExportVerification> => {
  const problems: ExportProblem[] = [];
  let problemCount = 0;
  const found = { unreadableLines: 0, storeMismatches: 0, positionsOutOfOrder: 0, linkBreaks: 0, revisionGaps: 0 };
  const report = (problem: ExportProblem, kind?: keyof typeof found) => {
    problemCount++;
    if (kind) found[kind]++;
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const linkBreaks: ExportProblem[] = [];
  const streams = new Set<string>();
  const revisionGaps: ExportProblem[] = [];
  const lastRevision = new Map<string, number>();
  let previous: { line: number; event: RecordedEvent } | null = null;
  let first: RecordedEvent | null = null;
  // The first event's store fixes the rule for the file (typed by assertion: assigned inside the loop).
  let fileStore = null as { store: ExportedStore; source: StoreSource; line: number; hashOf: (event: RecordedEvent) => string } | null;
  let events = 0;
  let hashMismatches = 0;
  let lineNumber = 0;

  for await (const line of lines) {
    lineNumber++;
    options.onLine?.(Buffer.byteLength(line) + 1);
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      report({ line: lineNumber, position: null, problem: 'the line is not valid JSON' }, 'unreadableLines');
      continue;
    }
    const event = asEvent(parsed);
    if (typeof event === 'string') {
      report({ line: lineNumber, position: null, problem: event }, 'unreadableLines');
      continue;
    }
    const named = (parsed as { store?: unknown }).store;
    const unnamedStore = options.store ?? UNNAMED_STORE_DEFAULT;
    let lineStore: ExportedStore;
    if (named === undefined) lineStore = unnamedStore;
    else if (isStore(named)) lineStore = named;
    else {
      report({ line: lineNumber, position: event.position, problem: `store ${JSON.stringify(named)} is not one of ${STORES.join(', ')}` }, 'storeMismatches');
      lineStore = fileStore?.store ?? unnamedStore;
    }
    fileStore ??= {
      store: lineStore,
      source: named !== undefined ? 'file' : options.store ? 'option' : 'default',
      line: lineNumber,
      hashOf: hashRuleOf({ name: lineStore }),
    };
    if (lineStore !== fileStore.store)
      report({
        line: lineNumber,
        position: event.position,
        problem: `the event is hashed by ${lineStore}'s rule${named === undefined ? ' (it names no store)' : ''}, but line ${fileStore.line}'s by ${fileStore.store}'s: one log follows one rule`,
      }, 'storeMismatches');
    events++;
    first ??= event;
    streams.add(event.streamId);
    if (fileStore.hashOf(event) !== event.hash) {
      hashMismatches++;
      report({ line: lineNumber, position: event.position, problem: "the event's content does not match its hash: it was changed" });
    }
    const revisionBefore = lastRevision.get(event.streamId);
    if (revisionBefore !== undefined && event.revision !== revisionBefore + 1)
      revisionGaps.push({
        line: lineNumber,
        position: event.position,
        problem: `stream ${event.streamId} jumps from revision ${revisionBefore} to ${event.revision}: events of it are missing or out of order`,
      });
    lastRevision.set(event.streamId, event.revision);
    if (previous) {
      if (comparePositions(event.position, previous.event.position) <= 0)
        report({ line: lineNumber, position: event.position, problem: `position ${event.position} does not come after line ${previous.line}'s ${previous.event.position}` }, 'positionsOutOfOrder');
      if (event.previousHash !== previous.event.hash)
        linkBreaks.push({ line: lineNumber, position: event.position, problem: `previousHash does not link to line ${previous.line}: an event was removed, inserted or changed there` });
    }
    previous = { line: lineNumber, event };
  }

  let links: LinkCoverage;
  if (!first) links = 'empty';
  else if (linkBreaks.length > 0 && streams.size === 1) links = 'not-checkable';
  else links = first.previousHash === GENESIS_HASH ? 'from-genesis' : 'contiguous-range';
  if (links !== 'not-checkable') for (const problem of linkBreaks) report(problem, 'linkBreaks');
  for (const problem of revisionGaps) report(problem, 'revisionGaps');
  problems.sort((a, b) => a.line - b.line);

  const lastHash = previous?.event.hash ?? null;
  const head = options.head === undefined ? undefined : { expected: options.head, actual: lastHash, ok: lastHash === options.head };
  if (head && !head.ok)
    report({ line: previous?.line ?? 0, position: previous?.event.position ?? null, problem: `the last hash is ${lastHash ?? 'absent'}, not the expected head ${options.head}` });

  return {
    ok: problemCount === 0,
    events,
    store: fileStore?.store ?? null,
    storeSource: fileStore?.source ?? null,
    firstPosition: first?.position ?? null,
    lastPosition: previous?.event.position ?? null,
    lastHash,
    links,
    hashMismatches,
    ...found,
    ...(head && { head }),
    problems,
    problemCount,
  };
};

export const verifyExportFile = (file: string, options: VerifyExportOptions = {}) =>
  verifyExportLines(createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity }), options);
