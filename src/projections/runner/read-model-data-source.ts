/** Injection token of the TypeORM DataSource that holds the read models. */
export const READ_MODEL_DATA_SOURCE = Symbol('READ_MODEL_DATA_SOURCE');
