import { graphql } from './graphql';

/**
 * What the oversight dashboard and its list view read: resolutions with the province and working
 * group they belong to, cooperation documents due for review, and duplicates acknowledged.
 *
 * How a resolution is placed (the schema has no direct field for either):
 * - its **province** is its meeting's host organization when that is a PROVINCE (the Tabriz
 *   meeting is hosted by East Azerbaijan); a resolution with no meeting, or whose meeting is hosted
 *   by a body that is not a province, is counted under "no province";
 * - its **working group** is that of the PROPOSED_RESOLUTION outcome it was drawn from
 *   (`fromOutcomeId` → the meeting's outcome → `workingGroup`); a resolution drawn from no outcome
 *   (or from one no working group prepared) is counted under "no working group".
 *
 * Counts by status are the API's own `totalCount`s (one request, an alias per status). Counts per
 * province and per working group have no server filter, so every resolution is read (pages of 500,
 * keyset `after`) with the meetings it names, and grouped here. At scale that is one request per
 * 500 resolutions plus one per meeting that has resolutions drawn from outcomes: 100 000
 * resolutions are 200 round trips and some tens of MB to the browser on each dashboard load.
 * A `ResolutionFilter.provinceId` / `workingGroupId` (resolved on the server from the meeting's
 * host and the outcome's working group) would turn each cell into a `totalCount` alias, and a
 * `ResolutionFilter.overdue: Boolean` (dueDate < now and not done) the overdue list likewise;
 * `CooperationDocumentFilter.duplicateAcknowledged: Boolean` would do the same for duplicates.
 */

export const RESOLUTION_STATUSES = ['PROPOSED', 'ADOPTED', 'IMPLEMENTED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

/** Statuses after which nothing is left to carry out: such a resolution is never overdue. */
const DONE: ReadonlySet<string> = new Set(['IMPLEMENTED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED']);

/** The key of resolutions with no province / no working group, in groupings and in list addresses. */
export const NONE = 'none';

const PAGE = 500;

interface Page<Node> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Node }[];
}

/** Every node of a connection, page after page (keyset `after`); `path` is where the connection sits in the answer (`meeting.outcomes`). */
export const pageAll = async <Node>(query: string, path: string, variables: Record<string, unknown> = {}): Promise<Node[]> => {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const data = await graphql<Record<string, unknown>>(query, { ...variables, first: PAGE, after });
    const page = path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], data) as Page<Node> | undefined;
    if (!page) return nodes;
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return nodes;
    after = page.pageInfo.endCursor;
  }
};

/** The totals the dashboard heads with: one request, one alias per status (8 aliases of the 15 allowed). */
export const TOTALS = `query OversightTotals {
  PROPOSED: resolutions(filter: { status: PROPOSED }, first: 0) { totalCount }
  ADOPTED: resolutions(filter: { status: ADOPTED }, first: 0) { totalCount }
  IMPLEMENTED: resolutions(filter: { status: IMPLEMENTED }, first: 0) { totalCount }
  REJECTED: resolutions(filter: { status: REJECTED }, first: 0) { totalCount }
  WITHDRAWN: resolutions(filter: { status: WITHDRAWN }, first: 0) { totalCount }
  SUPERSEDED: resolutions(filter: { status: SUPERSEDED }, first: 0) { totalCount }
  reviewOverdue: cooperationDocuments(filter: { reviewOverdue: true }, first: 0) { totalCount }
}`;
export type Totals = Record<ResolutionStatus | 'reviewOverdue', { totalCount: number }>;

const RESOLUTIONS = `query OversightResolutions($first: Int!, $after: String, $filter: ResolutionFilter) {
  resolutions(first: $first, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges { node { entityId title status dueDate meetingId fromOutcomeId responsibleOrganization { name } } }
  }
}`;

const MEETINGS = `query OversightMeetings($first: Int!, $after: String) {
  meetings(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { entityId title hostOrganization { entityId name kind } } }
  }
}`;

const MEETING_OUTCOMES = `query OversightOutcomes($id: ID!, $first: Int!, $after: String) {
  meeting(id: $id) {
    outcomes(first: $first, after: $after, includeWithdrawn: true) {
      pageInfo { hasNextPage endCursor }
      edges { node { id workingGroup { id title } } }
    }
  }
}`;

export interface ResolutionRow {
  entityId: string;
  title: string;
  status: ResolutionStatus;
  dueDate: string | null;
  meetingId: string | null;
  fromOutcomeId: string | null;
  responsibleOrganization: { name: string } | null;
}

export interface Placed extends ResolutionRow {
  provinceId: string;
  provinceName: string | null;
  workingGroupId: string;
  workingGroupName: string | null;
  overdue: boolean;
}

export const isOverdue = (row: Pick<ResolutionRow, 'dueDate' | 'status'>, now = Date.now()): boolean =>
  row.dueDate !== null && Date.parse(row.dueDate) < now && !DONE.has(row.status);

/**
 * Every resolution (with `status`, only those: a server filter), each with its province, working
 * group and whether it is overdue.
 */
export const loadPlacedResolutions = async (status?: string): Promise<Placed[]> => {
  const [resolutions, meetings] = await Promise.all([
    pageAll<ResolutionRow>(RESOLUTIONS, 'resolutions', { filter: status ? { status } : null }),
    pageAll<{ entityId: string; title: string; hostOrganization: { entityId: string; name: string; kind: string } | null }>(MEETINGS, 'meetings'),
  ]);
  const meetingById = new Map(meetings.map((meeting) => [meeting.entityId, meeting]));
  const withOutcomes = [...new Set(resolutions.filter((r) => r.fromOutcomeId && r.meetingId).map((r) => r.meetingId!))];
  const groupOfOutcome = new Map<string, { id: string; title: string } | null>();
  await Promise.all(
    withOutcomes.map(async (meetingId) => {
      const outcomes = await pageAll<{ id: string; workingGroup: { id: string; title: string } | null }>(MEETING_OUTCOMES, 'meeting.outcomes', { id: meetingId });
      for (const outcome of outcomes) groupOfOutcome.set(outcome.id, outcome.workingGroup);
    }),
  );
  const now = Date.now();
  return resolutions.map((row) => {
    const host = row.meetingId ? meetingById.get(row.meetingId)?.hostOrganization : null;
    const province = host && host.kind === 'PROVINCE' ? host : null;
    const group = row.fromOutcomeId ? groupOfOutcome.get(row.fromOutcomeId) : null;
    return {
      ...row,
      provinceId: province?.entityId ?? NONE,
      provinceName: province?.name ?? null,
      workingGroupId: group?.id ?? NONE,
      workingGroupName: group?.title ?? null,
      overdue: isOverdue(row, now),
    };
  });
};

export interface DocumentRow {
  entityId: string;
  title: string;
  counterpartName: string | null;
  counterpartCountry: string;
  status: string;
  reviewDueAt: string | null;
  province: { entityId: string; name: string } | null;
  acknowledgedDuplicateOf: string[] | null;
  justification: string | null;
}

const DOCUMENTS = `query OversightDocuments($first: Int!, $after: String, $filter: CooperationDocumentFilter) {
  cooperationDocuments(first: $first, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges { node { entityId title counterpartName counterpartCountry status reviewDueAt province { entityId name } acknowledgedDuplicateOf justification } }
  }
}`;

/** Cooperation documents: those due for review (a server filter), or every one (for the duplicates, which have none). */
export const loadDocuments = (filter: { reviewOverdue?: boolean } | null): Promise<DocumentRow[]> =>
  pageAll<DocumentRow>(DOCUMENTS, 'cooperationDocuments', { filter });

/** Registered despite DUPLICATE_SUSPECTED: the candidates the clerk acknowledged, with the justification. */
export const isAcknowledgedDuplicate = (row: DocumentRow): boolean => (row.acknowledgedDuplicateOf?.length ?? 0) > 0;
