/** A readiness probe: resolves when the dependency answers, rejects (or hangs) when it does not. */
export type HealthCheckFn = () => Promise<void>;

/** Provide a HealthCheckFn for the read-model database under this token. */
export const HEALTH_DATABASE_CHECK = Symbol('HEALTH_DATABASE_CHECK');
/** Provide a HealthCheckFn for the event store under this token. */
export const HEALTH_EVENT_STORE_CHECK = Symbol('HEALTH_EVENT_STORE_CHECK');
