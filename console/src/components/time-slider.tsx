import { isValidJalaaliDate } from 'jalaali-js';
import { useEffect, useState } from 'preact/hooks';
import { digits, t, useLanguage } from '../i18n';
import { DateTime } from './date-time';

/** One stop of the slider: an event of the entity's own history. */
export interface Stop {
  position: string;
  revision: number;
  type: string;
  recordedAt: string;
}

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC = '٠١٢٣٤٥٦٧٨٩';

/** Persian and Arabic-Indic digits as Latin ones. */
export const latinDigits = (text: string): string =>
  text.replace(/[۰-۹٠-٩]/g, (d) => String(PERSIAN.includes(d) ? PERSIAN.indexOf(d) : ARABIC.indexOf(d)));

/**
 * A Solar Hijri date, typed `۱۴۰۳/۰۱/۰۲` or `1403/01/02` (`-` also taken, an optional `HH:MM[:SS]`),
 * checked with jalaali-js and written back in the form the API's DateTime takes as input
 * (`1403/01/02`, `1403/01/02 14:30`): the server reads it in Tehran time, so the instant is the
 * server's to compute, the same one every other client gets. Null when it is not such a date.
 */
export const parseSolarHijri = (text: string): string | null => {
  const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(latinDigits(text.trim()));
  if (!match) return null;
  const [, y, m, d, hh, mm, ss] = match;
  if (!isValidJalaaliDate(Number(y), Number(m), Number(d))) return null;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59)) return null;
  const two = (n: string) => n.padStart(2, '0');
  const date = `${y}/${two(m)}/${two(d)}`;
  return hh === undefined ? date : `${date} ${two(hh)}:${mm}${ss !== undefined ? `:${ss}` : ''}`;
};

/**
 * A range input whose stops are the entity's events, oldest first (right to left in Persian):
 * dragging shows the stop under the thumb, letting go (or a key) picks it. `index` -1 is before
 * the first event (the entity did not exist yet): the thumb rests on the first stop, unlit.
 */
export const TimeSlider = ({ stops, index, onPick, onNow }: { stops: Stop[]; index: number; onPick(stop: Stop): void; onNow?: () => void }) => {
  useLanguage();
  const [hover, setHover] = useState<number | null>(null);
  useEffect(() => setHover(null), [index]);
  const shown = hover ?? index;
  const stop = shown >= 0 ? stops[shown] : null;
  const pick = (value: string) => {
    const chosen = stops[Number(value)];
    if (chosen) onPick(chosen);
  };
  return (
    <div class="time-slider" data-testid="time-slider-box">
      <input
        type="range"
        data-testid="time-slider"
        min={0}
        max={stops.length - 1}
        step={1}
        value={Math.max(index, 0)}
        class={index < 0 ? 'before-first' : undefined}
        aria-label={t('atTime.slider')}
        aria-valuetext={stop ? `${stop.type} · ${digits(stop.revision)}` : t('atTime.notYet')}
        data-index={index}
        onInput={(e) => setHover(Number((e.target as HTMLInputElement).value))}
        onChange={(e) => pick((e.target as HTMLInputElement).value)}
      />
      <ol class="time-slider-ticks" aria-hidden="true">
        {stops.map((s, i) => (
          <li key={s.position} class={i === shown ? 'current' : undefined} title={s.type} />
        ))}
      </ol>
      <p class="time-slider-stop" data-testid="time-slider-stop" data-position={stop?.position ?? ''}>
        {stop ? (
          <>
            <span class="event-type">{stop.type}</span> · {t('timeline.revision')} {digits(stop.revision)} ({digits(stop.revision + 1)}/{digits(stops.length)}) · {t('atTime.position')}{' '}
            <code>{stop.position}</code> · {t('timeline.recordedAt')}: <DateTime iso={stop.recordedAt} testId="time-slider-recorded-at" />
          </>
        ) : (
          t('atTime.beforeFirst')
        )}
        {onNow && (
          <>
            {' '}
            <button type="button" class="link" data-testid="at-time-back-to-now" onClick={onNow}>
              {t('atTime.backToNow')}
            </button>
          </>
        )}
      </p>
    </div>
  );
};
