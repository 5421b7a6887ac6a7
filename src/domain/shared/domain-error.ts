/**
 * The one way the domain says no. Codes are stable strings the API exposes; the domain knows nothing of HTTP.
 * `kind` lets the edge map to a status without a table of codes: a business rule, a missing thing,
 * a permission, a conflict, or bad input that only the domain can judge.
 */
export type DomainErrorKind = 'rule' | 'not_found' | 'forbidden' | 'conflict' | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule',
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
