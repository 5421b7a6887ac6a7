import { DomainError } from '../shared/domain-error';

export const MAX_PURPOSE_LENGTH = 500;

/**
 * The stated purpose of a read ("parent records request of 3/2", "IEP meeting"). Free text from the caller, so it is
 * bounded and single-line: it is stored in the access record and printed in exports.
 */
export function normalizePurpose(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw invalid('The purpose must be a single text value.');
  const purpose = raw.trim();
  if (purpose === '') return null;
  if (purpose.length > MAX_PURPOSE_LENGTH)
    throw invalid(`The purpose is ${purpose.length} characters; the limit is ${MAX_PURPOSE_LENGTH}.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(purpose)) throw invalid('The purpose must be one line of plain text.');
  return purpose;
}

export function requirePurpose(raw: unknown, what: string): string {
  const purpose = normalizePurpose(raw);
  if (purpose === null) {
    throw new DomainError(
      'PURPOSE_REQUIRED',
      `State the purpose of ${what} (?purpose= or the X-Access-Purpose header): FERPA asks for it in the record of disclosures.`,
      'invalid',
    );
  }
  return purpose;
}

const invalid = (message: string) => new DomainError('INVALID_PURPOSE', message, 'invalid');
