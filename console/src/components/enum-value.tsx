import { enumLabel } from '../i18n/enum-labels';
import { useLanguage } from '../i18n';

/** An enum value in words, the API's spelling kept in `data-value` and on hover (what a filter or a query names). */
export const EnumValue = ({ value, testId }: { value: string | null | undefined; testId?: string }) => {
  useLanguage();
  if (!value) return null;
  return (
    <span class="status" data-value={value} data-testid={testId} title={value}>
      {enumLabel(value)}
    </span>
  );
};
