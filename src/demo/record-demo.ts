import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { DuplicateSuspected } from '../core/errors';
import type { Role } from '../core/event';
import type { App } from '../app';
import type { GraphQLContext } from '../graphql/context';
import { buildSchema } from '../schema';
import {
  COOPERATION_DOCUMENTS,
  DATES,
  DELEGATED_POWERS,
  DUPLICATE_DOCUMENT,
  ILLUSTRATIVE,
  ORGANIZATIONS,
  OUTCOMES,
  PARTICIPANTS,
  PROVINCES,
  REGIONAL_GROUPS,
  RESOLUTIONS,
  WORKING_GROUPS,
} from './tabriz-data';

export interface DemoSummary {
  organizations: number;
  meetingId: string;
  outcomes: number;
  resolutions: number;
  delegations: number;
  cooperationDocuments: number;
}

/** What a run did: recorded the demo, or found it already recorded (by the demo clerk) and recorded nothing. */
export type DemoOutcome =
  | ({ status: 'recorded' } & DemoSummary)
  | { status: 'already-recorded'; demoEvents: number; firstRecordedAt: string; lastRecordedAt: string };

type Progress = (step: string) => void;

/** The identity the demo records under: its events are told apart from everyone else's by it. */
const DEMO_CLERK = { id: 'demo-clerk', name: `منشی داده‌های نمایشی ${ILLUSTRATIVE}` };

/**
 * Records the Tabriz demo through the public GraphQL mutations, executed in-process with a clerk's
 * identity: the same validation, deciders and events a front-end client would produce. A store
 * where the demo clerk has recorded anything already holds the demo: nothing is recorded again.
 */
export const recordDemo = async (app: App, progress: Progress = () => {}): Promise<DemoOutcome> => {
  const schema: GraphQLSchema = await buildSchema(app.pubSub);
  const context = (roles: Role[]): GraphQLContext => ({
    requestId: 'demo',
    user: { ...DEMO_CLERK, roles },
    authError: null,
    app,
    loaders: new Map(),
  });
  const execute = async <T = any>(source: string, variables: Record<string, unknown>, contextValue: GraphQLContext): Promise<T> => {
    const result = await graphql({ schema, source, variableValues: variables, contextValue });
    if (result.errors?.length) throw new Error(`demo step failed: ${result.errors.map((e) => e.message).join('; ')}\n${source}`);
    return result.data as T;
  };
  const run = <T = any>(source: string, variables: Record<string, unknown>) => execute<T>(source, variables, context(['CLERK']));
  const attempt = async (source: string, variables: Record<string, unknown>) =>
    graphql({ schema, source, variableValues: variables, contextValue: context(['CLERK']) });

  const earlier = await demoEventsIn((source, variables) => execute(source, variables, context(['AUDITOR'])));
  if (earlier) return { status: 'already-recorded', ...earlier };

  progress('organizations');
  const org: Record<string, string> = {};
  for (const o of ORGANIZATIONS) {
    const data = await run(
      `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } } }`,
      {
        input: {
          kind: o.kind,
          name: o.name,
          nameEn: o.illustrative ? `${o.nameEn} (illustrative)` : o.nameEn,
          country: o.country,
          parentId: o.parent ? org[o.parent] : undefined,
          occurredAt: DATES.groupsDefined,
          idempotencyKey: `demo-org-${o.key}`,
        },
      },
    );
    org[o.key] = data.registerOrganization.organization.id;
  }

  progress('regional groups');
  for (const group of REGIONAL_GROUPS) {
    await run(`mutation ($input: DefineRegionalGroupInput!) { defineRegionalGroup(input: $input) { regionalGroup { id } } }`, {
      input: {
        name: group.name,
        number: group.number,
        provinceIds: group.provinces.map((key) => org[key]),
        missionIds: group.missions.map((key) => org[key]),
        occurredAt: DATES.groupsDefined,
        idempotencyKey: `demo-group-${group.number}`,
      },
    });
  }
  const firstGroup = await run(`query { regionalGroups(first: 1) { edges { node { id } } } }`, {});

  progress('meeting');
  const meetingId: string = (
    await run(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id } } }`, {
      input: {
        title: 'نشست منطقه‌ای استانداران و سفرا — تبریز',
        location: 'تبریز، استانداری آذربایجان شرقی',
        scheduledStart: DATES.meetingStart,
        scheduledEnd: DATES.meetingEnd,
        regionalGroupId: firstGroup.regionalGroups.edges[0].node.id,
        chair: 'بابک دین‌پرست',
        hostOrganizationId: org.eastAzerbaijan,
        occurredAt: DATES.scheduled,
        idempotencyKey: 'demo-meeting',
      },
    })
  ).scheduleMeeting.meeting.id;

  const participantIds: string[] = [];
  for (const [index, p] of PARTICIPANTS.entries()) {
    const data = await run(
      `mutation ($input: AddParticipantInput!) { addParticipant(input: $input) { meeting { participants { id organizationId role personName } } } }`,
      {
        input: {
          meetingId,
          organizationId: org[p.org],
          role: p.role,
          personName: p.personName,
          title: p.title,
          occurredAt: DATES.scheduled,
          idempotencyKey: `demo-participant-${index}`,
        },
      },
    );
    const participants = data.addParticipant.meeting.participants as { id: string }[];
    participantIds.push(participants[participants.length - 1].id);
  }

  await run(`mutation ($input: OpenMeetingInput!) { openMeeting(input: $input) { meeting { status } } }`, {
    input: { meetingId, occurredAt: DATES.opened, idempotencyKey: 'demo-open' },
  });

  progress('working groups');
  const workingGroupIds: Record<string, string> = {};
  for (const wg of WORKING_GROUPS) {
    const data = await run(
      `mutation ($input: FormWorkingGroupInput!) { formWorkingGroup(input: $input) { meeting { workingGroups { id title } } } }`,
      {
        input: {
          meetingId,
          title: wg.title,
          topic: wg.topic,
          // Provinces' governors, missions' heads and the private sector sat in every working group.
          memberParticipantIds: participantIds.slice(3),
          occurredAt: DATES.workingGroups,
          idempotencyKey: `demo-wg-${wg.key}`,
        },
      },
    );
    const groups = data.formWorkingGroup.meeting.workingGroups as { id: string; title: string }[];
    workingGroupIds[wg.key] = groups.find((group) => group.title === wg.title)!.id;
  }

  progress('63 outcomes');
  const proposedResolutionOutcomes: string[] = [];
  for (const [index, outcome] of OUTCOMES.entries()) {
    const data = await run(
      `mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) { meeting { outcomes(first: 500) { edges { node { id kind } } } } } }`,
      {
        input: {
          meetingId,
          kind: outcome.kind,
          text: outcome.text,
          workingGroupId: workingGroupIds[outcome.workingGroup],
          occurredAt: DATES.outcomes,
          idempotencyKey: `demo-outcome-${index}`,
        },
      },
    );
    const edges = data.recordOutcome.meeting.outcomes.edges as { node: { id: string; kind: string } }[];
    if (outcome.kind === 'PROPOSED_RESOLUTION') proposedResolutionOutcomes.push(edges[edges.length - 1].node.id);
  }

  await run(`mutation ($input: ApproveMeetingSummaryInput!) { approveMeetingSummary(input: $input) { meeting { summaryApprovedAt } } }`, {
    input: { meetingId, occurredAt: DATES.summaryApproved, idempotencyKey: 'demo-approve' },
  });
  await run(`mutation ($input: CloseMeetingInput!) { closeMeeting(input: $input) { meeting { status } } }`, {
    input: { meetingId, occurredAt: DATES.closed, idempotencyKey: 'demo-close' },
  });

  progress('resolutions');
  const resolutionIds: Record<string, string> = {};
  for (const [index, r] of RESOLUTIONS.entries()) {
    const id: string = (
      await run(`mutation ($input: ProposeResolutionInput!) { proposeResolution(input: $input) { resolution { id } } }`, {
        input: {
          title: r.title,
          text: r.text,
          meetingId,
          fromOutcomeId: index === 0 ? proposedResolutionOutcomes[0] : undefined,
          occurredAt: DATES.resolutionsProposed,
          idempotencyKey: `demo-resolution-${r.key}`,
        },
      })
    ).proposeResolution.resolution.id;
    resolutionIds[r.key] = id;
    await run(`mutation ($input: AdoptResolutionInput!) { adoptResolution(input: $input) { resolution { status } } }`, {
      input: { resolutionId: id, occurredAt: DATES.resolutionsAdopted, idempotencyKey: `demo-adopt-${r.key}` },
    });
    for (const target of r.referTo) {
      await run(`mutation ($input: ReferResolutionInput!) { referResolution(input: $input) { resolution { id } } }`, {
        input: {
          resolutionId: id,
          toOrganizationId: org[target],
          note: 'برای طرح در دستور کار',
          occurredAt: DATES.referred,
          idempotencyKey: `demo-refer-${r.key}-${target}`,
        },
      });
    }
  }

  const summary: DemoOutcome & { status: 'recorded' } = {
    status: 'recorded',
    organizations: ORGANIZATIONS.length,
    meetingId,
    outcomes: OUTCOMES.length,
    resolutions: RESOLUTIONS.length,
    delegations: 0,
    cooperationDocuments: 0,
  };

  progress('delegations');
  summary.delegations = await recordDelegations(run, org, resolutionIds.delegation);

  progress('cooperation documents');
  summary.cooperationDocuments = await recordCooperationDocuments(run, attempt, org);

  return summary;
};

type Run = <T = any>(source: string, variables: Record<string, unknown>) => Promise<T>;

/** The demo clerk's events in the store, read through the audit log: null when there are none. */
const demoEventsIn = async (read: Run): Promise<{ demoEvents: number; firstRecordedAt: string; lastRecordedAt: string } | null> => {
  const { first, last } = await read(
    `query ($actorId: ID!) {
       first: auditLog(filter: { actorId: $actorId }, first: 1) { totalCount edges { node { recordedAt } } }
       last: auditLog(filter: { actorId: $actorId }, last: 1) { edges { node { recordedAt } } }
     }`,
    { actorId: DEMO_CLERK.id },
  );
  if (first.totalCount === 0) return null;
  return { demoEvents: first.totalCount, firstRecordedAt: first.edges[0].node.recordedAt, lastRecordedAt: last.edges[0].node.recordedAt };
};

const recordDelegations = async (run: Run, org: Record<string, string>, resolutionId: string): Promise<number> => {
  // The meeting proposed that the necessary powers go to the four provinces (referred to the committee and the headquarters).
  const proposed: Record<string, string> = {};
  for (const province of PROVINCES) {
    proposed[province] = (
      await run(`mutation ($input: ProposeDelegationInput!) { proposeDelegation(input: $input) { delegation { id } } }`, {
        input: {
          delegatorId: org.interior,
          delegateId: org[province],
          powers: DELEGATED_POWERS,
          effectiveFrom: DATES.delegationGranted,
          effectiveUntil: '2021-06-01T00:00:00+04:30',
          conditions: `گزارش فصلی به کمیته روابط خارجی استان‌ها ${ILLUSTRATIVE}`,
          legalBasis: 'بند ۱۲ سیاست‌های کلی اقتصاد مقاومتی',
          canSubdelegate: province === 'eastAzerbaijan',
          basedOnResolutionId: resolutionId,
          occurredAt: DATES.delegationProposed,
          idempotencyKey: `demo-delegation-${province}`,
        },
      })
    ).proposeDelegation.delegation.id;
  }
  // Granted later for two provinces; East Azerbaijan hands one power on to Tabriz county.
  for (const province of ['eastAzerbaijan', 'westAzerbaijan']) {
    await run(`mutation ($input: GrantDelegationInput!) { grantDelegation(input: $input) { delegation { id status } } }`, {
      input: { delegationId: proposed[province], occurredAt: DATES.delegationGranted, idempotencyKey: `demo-grant-${province}` },
    });
  }
  await run(`mutation ($input: GrantDelegationInput!) { grantDelegation(input: $input) { delegation { id } } }`, {
    input: {
      delegatorId: org.eastAzerbaijan,
      delegateId: org.tabrizCounty,
      powers: [DELEGATED_POWERS[2]],
      effectiveFrom: DATES.subDelegationGranted,
      effectiveUntil: '2020-06-01T00:00:00+04:30',
      parentDelegationId: proposed.eastAzerbaijan,
      canSubdelegate: false,
      legalBasis: 'تفویض فرعی بر پایه تفویض وزارت کشور',
      occurredAt: DATES.subDelegationGranted,
      idempotencyKey: 'demo-subdelegation',
    },
  });
  // A revocation that took effect in March 2018 but is only recorded now: the past answer changes for later asOf only.
  await run(`mutation ($input: RevokeDelegationInput!) { revokeDelegation(input: $input) { delegation { id status } } }`, {
    input: {
      delegationId: proposed.westAzerbaijan,
      reason: `لغو به دلیل عدم ارائه گزارش‌های فصلی؛ ثبت با تأخیر ${ILLUSTRATIVE}`,
      occurredAt: DATES.revocationEffective,
      idempotencyKey: 'demo-revoke-westAzerbaijan',
    },
  });
  return PROVINCES.length + 1;
};

const recordCooperationDocuments = async (
  run: Run,
  attempt: (source: string, variables: Record<string, unknown>) => Promise<ExecutionResult>,
  org: Record<string, string>,
): Promise<number> => {
  const REGISTER = `mutation ($input: RegisterCooperationDocumentInput!) { registerCooperationDocument(input: $input) { cooperationDocument { id } } }`;
  const ids: Record<string, string> = {};
  for (const doc of COOPERATION_DOCUMENTS) {
    ids[doc.key] = (
      await run(REGISTER, {
        input: {
          provinceId: org[doc.province],
          counterpartCountry: doc.counterpartCountry,
          counterpartName: doc.counterpartName,
          title: doc.title,
          documentType: doc.documentType,
          subjects: doc.subjects,
          signedAt: doc.signedAt,
          occurredAt: doc.signedAt,
          idempotencyKey: `demo-document-${doc.key}`,
        },
      })
    ).registerCooperationDocument.cooperationDocument.id;
    if (doc.review) {
      await run(
        `mutation ($input: ReviewCooperationDocumentInput!) { reviewCooperationDocument(input: $input) { cooperationDocument { status } } }`,
        { input: { documentId: ids[doc.key], ...doc.review, occurredAt: DATES.documentsReviewed, idempotencyKey: `demo-review-${doc.key}` } },
      );
    }
  }
  const { justification, province, ...duplicate } = DUPLICATE_DOCUMENT;
  const input = { ...duplicate, provinceId: org[province], occurredAt: duplicate.signedAt };
  const refused = (await attempt(REGISTER, { input })).errors?.[0]?.originalError;
  // In-process execution skips the HTTP error formatting: the domain error itself says what happened.
  if (!(refused instanceof DuplicateSuspected))
    throw new Error(`demo: the duplicate registration was expected to be refused as DUPLICATE_SUSPECTED, got ${String(refused ?? 'success')}`);
  // Only the demo's own documents: on a second run the duplicate registered by the first is a
  // candidate too, and acknowledging it would make the keyed request differ from the first run's.
  const ownIds = new Set(Object.values(ids));
  const candidates = (refused.extensions.candidates as string[]).filter((id) => ownIds.has(id)).sort();
  await run(REGISTER, { input: { ...input, acknowledgeDuplicateOf: candidates, justification, idempotencyKey: 'demo-document-duplicate' } });
  return COOPERATION_DOCUMENTS.length + 1;
};

/** `npm start -- --demo`: only on an empty store, so a restart with the flag does not record it twice. */
export const recordDemoIfEmpty = async (app: App): Promise<void> => {
  if (await app.store.head()) {
    app.logger.info('store is not empty: the demo is not recorded again');
    return;
  }
  const outcome = await recordDemo(app, (step) => app.logger.info({ step }, 'demo: recording'));
  app.logger.info(outcome, 'demo recorded');
};
