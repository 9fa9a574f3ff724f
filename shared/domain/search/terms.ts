import { type Application, applicantName } from '../applications/application.ts';

/**
 * What a file can be found by: its receipt number, its land title, its applicant's name (whole and
 * word by word) and CIN (or a company's trade-register number), its permit number. Terms are
 * normalised the same way as a query, so `tf 4567/63`, `TF 4567/63` and `TF  4567/63` meet.
 */
export function normalizeTerm(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/]+/gu, ' ')
    .trim();
}

/** Words shorter than this are not indexed on their own (a name's particles: el, al, ben). */
const MIN_WORD = 3;

export function searchTerms(app: Application): string[] {
  const applicant = app.applicant;
  const name = normalizeTerm(applicantName(applicant));
  // Identifiers are also indexed without spaces: `BE 123456` and `be123456` find the same CIN.
  const identifiers = [
    app.receiptNumber,
    app.parcel.landTitle,
    applicant.kind === 'person' ? applicant.cin : applicant.registrationNumber,
    app.permit?.number,
  ]
    .filter((v): v is string => Boolean(v))
    .map(normalizeTerm);
  const values = [
    ...identifiers,
    ...identifiers.map(compact),
    name,
    ...name.split(' ').filter((w) => w.length >= MIN_WORD),
  ];
  return [...new Set(values)].filter((t) => t.length > 0);
}

/** A normalised term without its spaces. */
export const compact = (term: string): string => term.replaceAll(' ', '');

/** The events after which a file's searchable fields may have changed (drafts are found through the professional's list). */
export const SEARCH_EVENTS = ['APPLICATION_SUBMITTED', 'APPLICATION_RESUBMITTED', 'PERMIT_ISSUED'] as const;
