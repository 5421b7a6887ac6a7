/** Injection token of the TypeORM DataSource that holds the read models. */
export const READ_MODEL_DATA_SOURCE = Symbol('READ_MODEL_DATA_SOURCE');
/** Injection token of the pg ClientConfig of the read models' OWNER (rebuilds create and swap tables). */
export const READ_MODEL_OWNER = Symbol('READ_MODEL_OWNER');
