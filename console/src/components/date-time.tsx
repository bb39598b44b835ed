import { digits, formatGregorian, formatJalali, formatDateTime, t, useLanguage } from '../i18n';

/**
 * An instant shown per the language: Solar Hijri in Tehran time with Persian digits in Persian,
 * Gregorian in English; the other calendar and the ISO instant on hover (`title`).
 */
export const DateTime = ({ iso, testId }: { iso: string | null | undefined; testId?: string }) => {
  const language = useLanguage();
  if (!iso) return <span>{t('timeline.none')}</span>;
  const title = language === 'fa' ? `${formatGregorian(iso)} · ${iso}` : `${digits(formatJalali(iso))} · ${iso}`;
  return (
    <time dateTime={iso} title={title} data-testid={testId}>
      {formatDateTime(iso)}
    </time>
  );
};
