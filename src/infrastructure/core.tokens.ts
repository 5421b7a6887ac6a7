/** The event store's connection pool (the simulator's log shares it). */
export const PG_POOL = Symbol('PG_POOL');

/** True when the log consumers (dispatcher, projections, class-text resume) are left to the caller: tests, the CLI. */
export const MANUAL_REACTIONS = Symbol('MANUAL_REACTIONS');
