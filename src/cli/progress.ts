import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  update(value: number): void;
  stop(): void;
}

/** Bars only where a person watches (a terminal on stderr) and the job is big enough to wait for. */
const MIN_TOTAL = 10_000;

/** A progress bar on stderr, so stdout stays clean for data; silent when piped or small. */
export const progressBar = (label: string, total: number, unit: string): Progress => {
  if (!process.stderr.isTTY || total < MIN_TOTAL) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (value) => bar.update(Math.min(value, total)), stop: () => bar.stop() };
};
