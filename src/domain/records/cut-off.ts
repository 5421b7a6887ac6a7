/**
 * "Had it happened by then?" for many events at one moment, answered as happenedBy answers it
 * (Date.parse(occurredAt) <= asOf) but without parsing the times the service writes.
 *
 * Every event's time is written by Date.prototype.toISOString: "2024-05-01T12:00:00.123Z". Such a time, in the
 * years 0000 to 9999 and on a day that every such month has, sorts as text (code unit by code unit, C collation) in
 * the order of the moments, and Date.parse reads it as written. ISO_INSTANT names those (February 29th is left out:
 * it is not a date every year). A time of that shape whose day does not exist is read by Date.parse as a later day
 * ("2023-02-31" is March 3rd), or not at all, never as an earlier one; any other time is judged by Date.parse.
 */
export const ISO_INSTANT_PATTERN =
  '^[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)' +
  'T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}Z$';

const ISO_INSTANT = new RegExp(ISO_INSTANT_PATTERN);

/** The first and last moments toISOString writes with a four-digit year. */
const FIRST = Date.parse('0000-01-01T00:00:00.000Z');
const LAST = Date.parse('9999-12-31T23:59:59.999Z');

export interface CutOff {
  /**
   * A time of toISOString's four-digit shape ("dddd-dd-ddTdd:dd:dd.dddZ", digits where the d are) that sorts after
   * this text had not happened by the moment (Date.parse reads it as later, or not at all). `null`: the moment is
   * past the year 9999, and no time may be passed over on its text. Never null for a moment before the year 0000,
   * or none (an invalid Date): '' then, after which every such time sorts.
   */
  readonly after: string | null;
  /** happenedBy's answer for an event with this metadata.occurredAt. */
  happened(occurredAt: unknown): boolean;
}

export function cutOff(asOf: Date): CutOff {
  const t = asOf.getTime();
  const after = Number.isNaN(t) || t < FIRST ? '' : t > LAST ? null : asOf.toISOString();
  // Past 9999 every ISO_INSTANT time had happened: compared with the last one, they all pass.
  const bound = after ?? '9999-12-31T23:59:59.999Z';
  return {
    after,
    happened: (occurredAt) =>
      typeof occurredAt === 'string' && ISO_INSTANT.test(occurredAt)
        ? occurredAt <= bound
        : Date.parse(occurredAt as string) <= t,
  };
}
