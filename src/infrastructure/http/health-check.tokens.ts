/** A readiness probe: resolves when the dependency answers, rejects (or hangs) when it does not. */
export type HealthCheckFn = () => Promise<void>;

/** Provide a HealthCheckFn for the read-model database under this token. */
export const HEALTH_DATABASE_CHECK = Symbol('HEALTH_DATABASE_CHECK');
/** Provide a HealthCheckFn for the event store under this token. */
export const HEALTH_EVENT_STORE_CHECK = Symbol('HEALTH_EVENT_STORE_CHECK');

/** Where each projection stands: events behind, events isolated (stuck). No student ids: /health is public. */
export type ProjectionsHealthFn = () => Promise<{ name: string; lag: number; stuck: unknown[] }[]>;
/** Optional: provide a ProjectionsHealthFn under this token for a `degraded` status naming stuck projections. */
export const HEALTH_PROJECTIONS = Symbol('HEALTH_PROJECTIONS');
