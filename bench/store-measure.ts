import type { NewEvent } from '../src/eventstore/event-store';

/** What the store benchmark's contenders share: the workload, and how a round is timed and summed up. */

export interface Throughput {
  appendPerSec: number;
  readPerSec: number;
}

/** One round of one contender: the throughput, and the CPU microseconds each append cost. */
export interface Sample extends Throughput {
  appendCpuUs: number;
}

export const progress = (message: string): void => {
  process.stderr.write(`[bench store] ${message}\n`);
};

/** A command as the API would record it: one event, a realistic Persian payload, the actor and business time. */
export const commandEvent = (index: number, streamIndex: number): NewEvent => ({
  type: 'OutcomeRecorded',
  data: {
    meetingId: `meeting-${streamIndex}`,
    outcomeId: `outcome-${index}`,
    kind: index % 2 === 0 ? 'DEMAND' : 'PROPOSED_RESOLUTION',
    text: `بند ${index}: رفع مقررات مزاحم در مسیر توسعهٔ صادرات غیرنفتی استان‌های شمال‌غرب`,
    workingGroupId: `wg-${index % 3}`,
  },
  metadata: {
    occurredAt: new Date(Date.UTC(2024, 4, 1, 8, 0, 0) + index * 1000).toISOString(),
    actor: { id: `clerk-${index % 7}`, name: 'دبیر نشست', role: 'CLERK' },
    reason: 'ثبت بند صورت‌جلسه',
  },
});

export const streamIdOf = (streamIndex: number): string => `meeting-${String(streamIndex).padStart(4, '0')}`;

/** Round-robin over the streams: event i goes to stream i mod streams, as revision floor(i / streams). */
export const workload = (events: number, streams: number) =>
  Array.from({ length: events }, (_, index) => ({
    streamId: streamIdOf(index % streams),
    revision: Math.floor(index / streams),
    event: commandEvent(index, index % streams),
  }));

export type Workload = ReturnType<typeof workload>;

export const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

/**
 * Wall time decides the result; the process's CPU time per append is logged beside it because on
 * a shared machine it moves far less with the neighbours' load, which helps to read a noisy round.
 */
export const timed = async (work: () => Promise<void> | void): Promise<{ ms: number; cpuUs: number }> => {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return { ms, cpuUs: cpu.user + cpu.system };
};

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
};

export const sampleOf = (
  appended: number,
  appends: { ms: number; cpuUs: number },
  read: number,
  reads: { ms: number; cpuUs: number },
): Sample => ({
  appendPerSec: perSecond(appended, appends.ms),
  readPerSec: perSecond(read, reads.ms),
  appendCpuUs: Math.round((appends.cpuUs / appended) * 10) / 10,
});

export const medianOf = (samples: Sample[]): Throughput => ({
  appendPerSec: median(samples.map((sample) => sample.appendPerSec)),
  readPerSec: median(samples.map((sample) => sample.readPerSec)),
});

export const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
