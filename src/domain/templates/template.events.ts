import type { DomainEvent } from '../shared/event';

/** The seed's times to text (its "when should I use ILVP texting" table); worklists pick a template by purpose. */
export const TEMPLATE_PURPOSES = [
  'welcome',
  'not_working',
  'study_session',
  'milestone',
  'tutoring_or_meeting',
  'other',
] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

/** 'district': the district library (school admins edit it); 'teacher': one teacher's own (`ownerId`). */
export type TemplateScope = 'district' | 'teacher';

export interface TemplateContent {
  title: string;
  purpose: TemplatePurpose;
  body: string;
}

type E<T extends string, D> = DomainEvent<T, D & { districtId: string; templateId: string }>;

/** Created or changed; `version` counts the saves of this template (the built-in ones start at version 0). */
export type TemplateSaved = E<
  'TemplateSaved',
  TemplateContent & { scope: TemplateScope; ownerId: string | null; version: number }
>;
/** Withdrawn from the library; its saves stay in the record. */
export type TemplateRetired = E<'TemplateRetired', { scope: TemplateScope; ownerId: string | null }>;
export type TemplateEvent = TemplateSaved | TemplateRetired;

export const templatesStreamId = (districtId: string): string => `templates-${districtId}`;
