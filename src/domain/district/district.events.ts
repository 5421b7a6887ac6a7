import type { DomainEvent } from '../shared/event';

export interface QuietHours {
  /** "HH:MM", 24h, local to the time zone: texts go out only from start until end. */
  start: string;
  end: string;
}

export interface DistrictSmsPolicy {
  districtId: string;
  smsAllowed: boolean;
  /** IANA zone, e.g. "America/Chicago". */
  timeZone: string;
  quietHours: QuietHours;
  /** Link hosts the content guard lets through (exact host or its subdomains). */
  allowedLinkHosts: string[];
}

export type DistrictSmsPolicySet = DomainEvent<'DistrictSmsPolicySet', DistrictSmsPolicy>;
export type DistrictEvent = DistrictSmsPolicySet;

export const DISTRICT_EVENT_TYPES = ['DistrictSmsPolicySet'] as const;
export const districtStreamId = (districtId: string): string => `district-${districtId}`;
