import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RecordedEvent } from '../../eventstore/event-store';
import { GENESIS_HASH, hashEvent } from '../../eventstore/hash-chain';
import { comparePositions, isPosition } from '../../eventstore/position';

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

export interface ExportVerification {
  ok: boolean;
  events: number;
  firstPosition: string | null;
  lastPosition: string | null;
  lastHash: string | null;
  links: LinkCoverage;
  /** Events whose content no longer gives their hash. */
  hashMismatches: number;
  /** With `--head`: did the last event's hash equal it? */
  head?: { expected: string; actual: string | null; ok: boolean };
  /** The first problems found (at most `MAX_PROBLEMS`), in file order. */
  problems: ExportProblem[];
  problemCount: number;
}

const MAX_PROBLEMS = 20;

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
 * Checks an ndjson export offline: each event's hash recomputed from its content, each
 * previousHash against the line before, positions in order, and with `head` the last hash.
 * Link breaks are judged at the end, once it is known whether the file is one entity's events.
 */
export const verifyExportLines = async (
  lines: AsyncIterable<string>,
  options: { head?: string; onLine?: (bytes: number) => void } = {},
): Promise<ExportVerification> => {
  const problems: ExportProblem[] = [];
  let problemCount = 0;
  const report = (problem: ExportProblem) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const linkBreaks: ExportProblem[] = [];
  const streams = new Set<string>();
  const revisionGaps: ExportProblem[] = [];
  const lastRevision = new Map<string, number>();
  let previous: { line: number; event: RecordedEvent } | null = null;
  let first: RecordedEvent | null = null;
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
      report({ line: lineNumber, position: null, problem: 'the line is not valid JSON' });
      continue;
    }
    const event = asEvent(parsed);
    if (typeof event === 'string') {
      report({ line: lineNumber, position: null, problem: event });
      continue;
    }
    events++;
    first ??= event;
    streams.add(event.streamId);
    if (hashEvent(event) !== event.hash) {
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
        report({ line: lineNumber, position: event.position, problem: `position ${event.position} does not come after line ${previous.line}'s ${previous.event.position}` });
      if (event.previousHash !== previous.event.hash)
        linkBreaks.push({ line: lineNumber, position: event.position, problem: `previousHash does not link to line ${previous.line}: an event was removed, inserted or changed there` });
    }
    previous = { line: lineNumber, event };
  }

  let links: LinkCoverage;
  if (!first) links = 'empty';
  else if (linkBreaks.length > 0 && streams.size === 1) links = 'not-checkable';
  else links = first.previousHash === GENESIS_HASH ? 'from-genesis' : 'contiguous-range';
  if (links !== 'not-checkable') for (const problem of linkBreaks) report(problem);
  for (const problem of revisionGaps) report(problem);
  problems.sort((a, b) => a.line - b.line);

  const lastHash = previous?.event.hash ?? null;
  const head = options.head === undefined ? undefined : { expected: options.head, actual: lastHash, ok: lastHash === options.head };
  if (head && !head.ok)
    report({ line: previous?.line ?? 0, position: previous?.event.position ?? null, problem: `the last hash is ${lastHash ?? 'absent'}, not the expected head ${options.head}` });

  return {
    ok: problemCount === 0,
    events,
    firstPosition: first?.position ?? null,
    lastPosition: previous?.event.position ?? null,
    lastHash,
    links,
    hashMismatches,
    ...(head && { head }),
    problems,
    problemCount,
  };
};

export const verifyExportFile = (file: string, options: { head?: string; onLine?: (bytes: number) => void } = {}) =>
  verifyExportLines(createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity }), options);

const LINKS_EXPLAINED: Record<LinkCoverage, string> = {
  'from-genesis': 'every event links to the one before it, from the genesis hash on: nothing is missing, inserted or reordered',
  'contiguous-range':
    'every event links to the one before it; the first follows an event outside the file (a filtered export), so the start is not anchored to the genesis',
  'not-checkable':
    "links were not checkable: this is one entity's events (a filtered export), the events between them are not in the file; each event's hash and its stream's revisions were checked",
  empty: 'the file holds no events',
};

/** What an auditor reads: the verdict first, then what was and was not checked. */
export const describeVerification = (file: string, result: ExportVerification): string => {
  const lines = [
    `${result.ok ? 'VERIFIED' : 'FAILED'}: ${file}`,
    `events: ${result.events}${result.firstPosition ? ` (positions ${result.firstPosition} to ${result.lastPosition})` : ''}`,
    `per-event hashes: ${result.hashMismatches === 0 ? 'all recomputed and matching' : `${result.hashMismatches} do not match their content`}`,
    `links: ${LINKS_EXPLAINED[result.links]}`,
    `last hash: ${result.lastHash ?? '-'}`,
  ];
  if (result.head) lines.push(`head: ${result.head.ok ? 'matches' : 'DOES NOT MATCH'} the expected ${result.head.expected}`);
  else lines.push('head: not checked (pass --head HASH, e.g. from verifyIntegrity, to prove nothing was cut off the end)');
  if (result.problemCount > 0) {
    lines.push(`problems: ${result.problemCount}${result.problemCount > result.problems.length ? ` (the first ${result.problems.length} shown)` : ''}`);
    for (const problem of result.problems)
      lines.push(`  line ${problem.line}${problem.position ? ` (position ${problem.position})` : ''}: ${problem.problem}`);
  }
  return `${lines.join('\n')}\n`;
};
