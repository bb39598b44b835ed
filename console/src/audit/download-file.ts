import { auditFileText, type AuditFileFormat, type StoredEnvelope } from './audit-file';

export const AUDIT_FILE_TYPES: Record<AuditFileFormat, string> = { ndjson: 'application/x-ndjson', csv: 'text/csv;charset=utf-8' };

/** Hands the file to the browser as a download (a Blob behind an `<a download>`), nothing sent anywhere. */
export const downloadAuditFile = (format: AuditFileFormat, envelopes: readonly StoredEnvelope[], baseName: string): void => {
  const blob = new Blob([auditFileText(format, envelopes)], { type: AUDIT_FILE_TYPES[format] });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${baseName}.${format}`;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
