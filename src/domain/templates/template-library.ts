import { checkContent, type ContentViolation } from '../content-policy';
import type { Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { requireText } from '../student/decide-context';
import { MAX_SMS_LENGTH } from '../student/student.commands';
import { DEFAULT_TEMPLATES } from './default-templates';
import { fillPlaceholders, requireKnownPlaceholders, SAMPLE_SUBJECT, SAMPLE_VALUES } from './placeholders';
import type { TemplateContent, TemplateEvent, TemplateScope } from './template.events';

export interface Template extends TemplateContent {
  templateId: string;
  scope: TemplateScope;
  ownerId: string | null;
  version: number;
  retired: boolean;
}

export interface TemplateLibrary {
  districtId: string;
  templates: Map<string, Template>;
}

export const MAX_TEMPLATE_TITLE = 80;

/** The library before any event: the built-in district templates (default-templates.ts) at version 0. */
export function initialLibrary(districtId: string): TemplateLibrary {
  const templates = new Map<string, Template>();
  for (const t of DEFAULT_TEMPLATES)
    templates.set(t.templateId, { ...t, scope: 'district', ownerId: null, version: 0, retired: false });
  return { districtId, templates };
}

export function evolveLibrary(library: TemplateLibrary, event: TemplateEvent): TemplateLibrary {
  const { templateId } = event.data;
  if (event.type === 'TemplateSaved') {
    const { title, purpose, body, scope, ownerId, version } = event.data;
    library.templates.set(templateId, { templateId, title, purpose, body, scope, ownerId, version, retired: false });
  } else {
    const t = library.templates.get(templateId);
    if (t) t.retired = true;
  }
  return library;
}

/** Who edits what: the district library its school admins; a teacher's own templates that teacher alone. */
function requireEditor(actor: Actor, scope: TemplateScope): void {
  if (scope === 'district' && actor.role !== 'school_admin') {
    throw new DomainError('FORBIDDEN_ROLE', "Only a school admin edits the district's template library.", 'forbidden');
  }
  if (scope === 'teacher' && actor.role !== 'teacher')
    throw new DomainError('FORBIDDEN_ROLE', 'Only teachers keep their own templates.', 'forbidden');
}

/** A template the actor may see: the district's, and a teacher's own. Else it is "not found" (no hint it exists). */
export function visibleTemplate(library: TemplateLibrary, templateId: string, actor: Actor): Template {
  const t = library.templates.get(templateId);
  if (!t || t.retired || (t.scope === 'teacher' && t.ownerId !== actor.id))
    throw new DomainError('TEMPLATE_NOT_FOUND', 'No such template in your library.', 'not_found');
  return t;
}

/**
 * The guard on a template as it will be used: filled with a made-up student, class and teacher, judged as a text
 * to that student (a first and last name together, a date of birth, an address, a grade... are refused as in a text).
 */
export function sampleVerdict(
  body: string,
  actor: Actor,
  allowedLinkHosts: readonly string[],
): { allowed: boolean; violations: ContentViolation[]; sample: string } {
  const sample = fillPlaceholders(body, SAMPLE_VALUES);
  const senderNames = [SAMPLE_VALUES.teacherName, ...(actor.name ? [actor.name] : [])];
  return { ...checkContent(sample, SAMPLE_SUBJECT, { allowedLinkHosts, senderNames }), sample };
}

export function decideSaveTemplate(
  library: TemplateLibrary,
  cmd: { templateId: string; scope: TemplateScope | null; content: TemplateContent },
  actor: Actor,
  allowedLinkHosts: readonly string[],
): TemplateEvent[] {
  const existing = library.templates.get(cmd.templateId);
  if (existing && existing.retired)
    throw new DomainError('TEMPLATE_NOT_FOUND', 'No such template in your library.', 'not_found');
  if (!existing && cmd.scope === null)
    throw new DomainError('TEMPLATE_NOT_FOUND', 'No such template in your library.', 'not_found');
  const scope = existing?.scope ?? cmd.scope!;
  // Another teacher's template is not in this person's library: "not found", no hint that it exists.
  if (existing?.scope === 'teacher' && existing.ownerId !== actor.id)
    throw new DomainError('TEMPLATE_NOT_FOUND', 'No such template in your library.', 'not_found');
  requireEditor(actor, scope);
  const title = requireText(cmd.content.title, MAX_TEMPLATE_TITLE, 'EMPTY_TITLE', 'title');
  const body = requireText(cmd.content.body, MAX_SMS_LENGTH, 'EMPTY_MESSAGE', 'template');
  requireKnownPlaceholders(body);
  const verdict = sampleVerdict(body, actor, allowedLinkHosts);
  if (!verdict.allowed) {
    const categories = [...new Set(verdict.violations.map((v) => v.category))].join(', ');
    throw new DomainError(
      'CONTENT_POLICY_VIOLATION',
      `This template would text a student something the guard refuses (${categories}): ${verdict.violations[0]!.message}`,
      'rule',
      { sample: verdict.sample, violations: verdict.violations },
    );
  }
  if (existing && existing.title === title && existing.body === body && existing.purpose === cmd.content.purpose)
    return [];
  const ownerId = scope === 'teacher' ? actor.id : null;
  return [
    {
      type: 'TemplateSaved',
      data: {
        districtId: library.districtId,
        templateId: cmd.templateId,
        scope,
        ownerId,
        title,
        purpose: cmd.content.purpose,
        body,
        version: (existing?.version ?? 0) + 1,
      },
    },
  ];
}

export function decideRetireTemplate(library: TemplateLibrary, templateId: string, actor: Actor): TemplateEvent[] {
  const existing = library.templates.get(templateId);
  if (!existing || (existing.scope === 'teacher' && existing.ownerId !== actor.id))
    throw new DomainError('TEMPLATE_NOT_FOUND', 'No such template in your library.', 'not_found');
  requireEditor(actor, existing.scope);
  if (existing.retired) return [];
  return [
    {
      type: 'TemplateRetired',
      data: { districtId: library.districtId, templateId, scope: existing.scope, ownerId: existing.ownerId },
    },
  ];
}
