import type { Actor } from './actor';

/** A domain event as `decide` returns it: a past-tense fact with an explicit, registered type name. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/** Stored with every event: who, why (correlation/causation), which command, when (from the injected clock). */
export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string;
  command: string;
  occurredAt: string;
}
