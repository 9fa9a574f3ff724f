/** The slot's rules applied in the browser before anything is sent (the server checks them again, and the content too). Pure. */
export type DocumentFormat = 'application/pdf' | 'image/jpeg' | 'image/png';

const BY_EXTENSION: Record<string, DocumentFormat> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/** The declared format of a chosen file: its MIME type, else its extension (some systems send none). */
export function formatOf(file: { name: string; type: string }): DocumentFormat | undefined {
  if (file.type && Object.values(BY_EXTENSION).includes(file.type as DocumentFormat))
    return file.type as DocumentFormat;
  if (file.type && file.type !== 'application/octet-stream') return undefined;
  return BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''];
}

export type PreCheck =
  | { ok: true; format: DocumentFormat }
  | { ok: false; reason: 'format'; accepted: readonly DocumentFormat[] }
  | { ok: false; reason: 'size'; maxSizeMb: number }
  | { ok: false; reason: 'empty' };

/** The slot's rules applied before sending (the server checks them again, and the content too). */
export function precheck(
  file: { name: string; type: string; size: number },
  rules: { formats: readonly DocumentFormat[]; maxSizeMb: number },
): PreCheck {
  if (file.size === 0) return { ok: false, reason: 'empty' };
  const format = formatOf(file);
  if (!format || !rules.formats.includes(format))
    return { ok: false, reason: 'format', accepted: rules.formats };
  if (file.size > rules.maxSizeMb * 1024 * 1024)
    return { ok: false, reason: 'size', maxSizeMb: rules.maxSizeMb };
  return { ok: true, format };
}
