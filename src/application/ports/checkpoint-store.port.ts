/** Where a reaction (the SMS dispatcher) remembers how far into the log it got. Projections keep their own. */
export interface CheckpointStore {
  load(name: string): Promise<bigint | undefined>;
  save(name: string, position: bigint): Promise<void>;
}
export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');
