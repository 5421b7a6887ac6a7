import type { Actor } from './actor';
import type { DomainEvent } from './event';

/** What every decision is told besides the command and the stream's state: who acts, and when (the injected clock). */
export interface DecisionContext {
  actor: Actor;
  now: Date;
}

/**
 * One stream kind's rules, in the one shape every stream has (student, district, access record, unmatched inbox):
 * - `decide(command, state, ctx)`: the events to record; [] means "already so", a DomainError "no, and here is why".
 *   Pure: never mutates the state.
 * - `evolve(state, event)`: one recorded event folded into the state. It may update the state in place (the fold
 *   owns it, which keeps a 5,000-event replay linear) and returns the state to use next. Never throws: events are facts.
 */
export interface Decider<
  C extends { type: string },
  S,
  E extends DomainEvent,
  X extends DecisionContext = DecisionContext,
> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, ctx: X): E[];
}

/** A stream's history folded into a state: the one fold every reader of a stream uses (runner, replay, snapshots). */
export function fold<S, E extends DomainEvent>(
  decider: Pick<Decider<never, S, E, never>, 'initialState' | 'evolve'>,
  events: Iterable<E>,
  state: S = decider.initialState(),
): S {
  let next = state;
  for (const e of events) next = decider.evolve(next, e);
  return next;
}
