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
  /** The automatic answers to STOP, START, HELP and a text before any teacher wrote (defaults: keyword-replies.ts). */
  keywordReplies?: KeywordReplyTexts;
}

/** Who the HELP answer names, and any answer the district words itself ({school} and {phone} are filled in). */
export interface KeywordReplyTexts {
  schoolName: string | null;
  helpPhone: string | null;
  stop?: string | null;
  start?: string | null;
  help?: string | null;
  noThread?: string | null;
}

export type DistrictSmsPolicySet = DomainEvent<'DistrictSmsPolicySet', DistrictSmsPolicy>;
export type DistrictEvent = DistrictSmsPolicySet;

export const districtStreamId = (districtId: string): string => `district-${districtId}`;
