/**
 * RFC 4180 fields: a field holding a comma, a double quote, CR or LF is enclosed in double
 * quotes with its quotes doubled; records end with CRLF. No CSV library is installed, and this
 * is the whole of the rule for writing (reading CSV is where the libraries earn their keep).
 */
export const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const csvRecord = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;
