import type { ExportVerification, StoreSource } from '../audit/exports/export-verification';
import type { ExportedStore } from '../audit/exports/event-export';

/** `count` followed by the singular or plural phrase: `1 event does`, `2 events do`. */
const counted = (count: number, singular: string, plural: string) => `${count} ${count === 1 ? singular : plural}`;

const HASH_RULES_EXPLAINED: Record<ExportedStore, string> = {
  sqlite: 'each envelope hashed with its position',
  memory: 'each envelope hashed with its position',
  esdb: 'each envelope hashed with its position blank (EventStoreDB assigns it after the write)',
  postgres: 'each envelope hashed with its position',
};

const STORE_SOURCES_EXPLAINED: Record<StoreSource, string> = {
  file: 'as the file says',
  option: 'as --store says: the file does not name its store',
  default: 'assumed: the file does not name its store (an export from before exports did; pass --store esdb for one from EventStoreDB)',
};

const hashRuleLine = (result: ExportVerification): string =>
  result.store && result.storeSource
    ? `hash rule: ${result.store}'s, ${HASH_RULES_EXPLAINED[result.store]}; ${STORE_SOURCES_EXPLAINED[result.storeSource]}`
    : 'hash rule: -';

const hashesLine = (result: ExportVerification): string => {
  if (result.events === 0) return 'no events to check';
  return result.hashMismatches === 0
    ? `all ${result.events} recomputed and matching`
    : `${counted(result.hashMismatches, 'event does', 'events do')} not match ${result.hashMismatches === 1 ? 'its' : 'their'} content: changed after ${result.hashMismatches === 1 ? 'it was' : 'they were'} recorded`;
};

/** What the links between lines showed: a claim of wholeness only when no line broke them. */
const linksLine = (result: ExportVerification): string => {
  switch (result.links) {
    case 'empty':
      return 'the file holds no events';
    case 'not-checkable':
      return "not checkable: this is one entity's events (a filtered export), the events between them are not in the file; each event's hash and its stream's revisions were checked instead";
    case 'from-genesis':
      return result.linkBreaks === 0
        ? 'every event links to the one before it, from the genesis hash on: nothing is missing, inserted or reordered up to the last line'
        : `${counted(result.linkBreaks, 'line does', 'lines do')} not link to the line before: events were removed, inserted or changed there`;
    case 'contiguous-range':
      return result.linkBreaks === 0
        ? 'every event links to the one before it; the first follows an event outside the file (a filtered export), so the start is not anchored to the genesis'
        : `${counted(result.linkBreaks, 'line does', 'lines do')} not link to the line before: events were removed, inserted or changed there; the first line follows an event outside the file`;
  }
};

const headLine = (result: ExportVerification): string => {
  if (!result.head) return 'head: not checked (pass --head HASH, e.g. from verifyIntegrity, to prove nothing was cut off the end)';
  return result.head.ok
    ? `head: matches the expected ${result.head.expected}: nothing was cut off the end`
    : `head: DOES NOT MATCH the expected ${result.head.expected}: events were cut off or added at the end`;
};

/** Every kind of problem found, with its count, for the verdict line; empty when none was. */
const findings = (result: ExportVerification): string[] =>
  [
    result.unreadableLines > 0 && `${counted(result.unreadableLines, 'line is', 'lines are')} not an event`,
    result.storeMismatches > 0 && `${counted(result.storeMismatches, 'line names', 'lines name')} another store's hash rule`,
    result.hashMismatches > 0 && counted(result.hashMismatches, 'event changed', 'events changed'),
    result.linkBreaks > 0 && counted(result.linkBreaks, 'broken link', 'broken links'),
    result.revisionGaps > 0 && counted(result.revisionGaps, "gap in a stream's revisions", "gaps in streams' revisions"),
    result.positionsOutOfOrder > 0 && counted(result.positionsOutOfOrder, 'position out of order', 'positions out of order'),
    result.head?.ok === false && 'the last hash is not the expected head',
  ].filter((finding): finding is string => typeof finding === 'string');

/**
 * What an auditor reads: the verdict with what was found, then each check with its own finding.
 * Every sentence is derived from the counts, so the report never claims what a finding contradicts.
 */
export const describeVerification = (file: string, result: ExportVerification): string => {
  const found = findings(result);
  const verdict = result.ok
    ? `VERIFIED: ${file}`
    : `FAILED: ${file}: ${found.length > 0 ? found.join(', ') : counted(result.problemCount, 'problem', 'problems')}`;
  const lines = [
    verdict,
    `events: ${result.events}${result.firstPosition ? ` (positions ${result.firstPosition} to ${result.lastPosition})` : ''}`,
    hashRuleLine(result),
    `per-event hashes: ${hashesLine(result)}`,
    `links: ${linksLine(result)}`,
    `stream revisions: ${result.revisionGaps === 0 ? 'each stream without a gap' : `${counted(result.revisionGaps, 'gap', 'gaps')}: events of a stream are missing or out of order`}`,
  ];
  if (result.positionsOutOfOrder > 0) lines.push(`positions: ${counted(result.positionsOutOfOrder, 'line does', 'lines do')} not come after the line before`);
  if (result.unreadableLines > 0) lines.push(`unreadable: ${counted(result.unreadableLines, 'line is', 'lines are')} not an event envelope`);
  lines.push(`last hash: ${result.lastHash ?? '-'}`, headLine(result));
  if (result.problemCount > 0) {
    lines.push(`problems: ${result.problemCount}${result.problemCount > result.problems.length ? ` (the first ${result.problems.length} shown)` : ''}`);
    for (const problem of result.problems)
      lines.push(`  line ${problem.line}${problem.position ? ` (position ${problem.position})` : ''}: ${problem.problem}`);
  }
  return `${lines.join('\n')}\n`;
};
