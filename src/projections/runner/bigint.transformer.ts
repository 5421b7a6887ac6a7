import type { ValueTransformer } from 'typeorm';

/** pg returns int8 as a string; read models keep positions and revisions as bigint, never Number. */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};
