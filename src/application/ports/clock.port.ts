/** Time and identity come from here so decide() stays pure and tests stay deterministic. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');

export interface IdGenerator {
  next(): string;
}
export const ID_GENERATOR = Symbol('ID_GENERATOR');
