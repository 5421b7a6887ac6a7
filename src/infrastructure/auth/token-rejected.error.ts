export type TokenRejection = 'UNAUTHENTICATED' | 'TOKEN_EXPIRED';

/** Why a bearer token was refused. The message is safe to show the caller; the cause (the JWT library's) is not. */
export class TokenRejectedError extends Error {
  constructor(
    readonly code: TokenRejection,
    message: string,
  ) {
    super(message);
    this.name = 'TokenRejectedError';
  }
}
