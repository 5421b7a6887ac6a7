import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../../domain/shared/actor';
import { DomainError } from '../../../domain/shared/domain-error';
import {
  decideRetireTemplate,
  decideSaveTemplate,
  evolveLibrary,
  initialLibrary,
  visibleTemplate,
  type Template,
  type TemplateLibrary,
} from '../../../domain/templates/template-library';
import {
  templatesStreamId,
  type TemplateContent,
  type TemplateEvent,
  type TemplatePurpose,
  type TemplateScope,
} from '../../../domain/templates/template.events';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../../ports/clock.port';
import { ConcurrencyError, EVENT_STORE, type EventStore } from '../../ports/event-store.port';
import type { CommandEnvelope } from '../../shared/command-envelope';
import { DistrictPolicyCache } from '../../shared/district-policy-cache';
import { asDomainEvent, toEventData } from '../../shared/to-event-data';

const MAX_ATTEMPTS = 5;
const TEMPLATE_READERS: readonly Actor['role'][] = ['teacher', 'school_admin', 'registrar'];
const requireTemplateReader = (actor: Actor): void => {
  if (!TEMPLATE_READERS.includes(actor.role))
    throw new DomainError('FORBIDDEN_ROLE', `Your role (${actor.role}) has no templates.`, 'forbidden');
};

/**
 * The district's template library and its teachers' own templates: one stream per district (templates-<district>),
 * folded on every use (a library is a few dozen events). Saved templates pass the content guard with sample values;
 * a class text checks each student's filled text again when it is sent.
 */
@Injectable()
export class TemplateLibraryService {
  private readonly districts: DistrictPolicyCache;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {
    this.districts = new DistrictPolicyCache(store);
  }

  async load(districtId: string): Promise<{ library: TemplateLibrary; revision: bigint | null }> {
    const history = await this.store.readStream(templatesStreamId(districtId));
    const library = history.reduce(
      (l, e) => evolveLibrary(l, asDomainEvent<TemplateEvent>(e)),
      initialLibrary(districtId),
    );
    return { library, revision: history.length ? history[history.length - 1]!.revision : null };
  }

  /** What the person may use: the district library, then (teachers) their own templates. */
  async list(actor: Actor): Promise<Template[]> {
    requireTemplateReader(actor);
    const { library } = await this.load(actor.districtId);
    const live = [...library.templates.values()].filter((t) => !t.retired);
    return [
      ...live.filter((t) => t.scope === 'district'),
      ...live.filter((t) => t.scope === 'teacher' && t.ownerId === actor.id),
    ];
  }

  async get(actor: Actor, templateId: string): Promise<Template> {
    requireTemplateReader(actor);
    const { library } = await this.load(actor.districtId);
    return visibleTemplate(library, templateId, actor);
  }

  /** The template a worklist row suggests: the teacher's own for that purpose (latest saved), else the district's. */
  fitting(library: TemplateLibrary, teacherId: string, purpose: TemplatePurpose): Template | null {
    const live = [...library.templates.values()].filter((t) => !t.retired && t.purpose === purpose);
    return (
      live.filter((t) => t.scope === 'teacher' && t.ownerId === teacherId).at(-1) ??
      live.find((t) => t.scope === 'district') ??
      null
    );
  }

  /** Creates (`templateId` null: a new id, `scope` required) or changes a template; unchanged content records nothing. */
  async save(
    env: CommandEnvelope,
    templateId: string | null,
    scope: TemplateScope | null,
    content: TemplateContent,
  ): Promise<{ template: Template; changed: boolean }> {
    const id = templateId ?? this.ids.next();
    const policy = await this.districts.policy(env.actor.districtId);
    return this.decideAndAppend(env, id, 'SaveTemplate', (library) =>
      decideSaveTemplate(
        library,
        { templateId: id, scope: templateId === null ? scope : null, content },
        env.actor,
        policy?.allowedLinkHosts ?? [],
      ),
    );
  }

  async retire(env: CommandEnvelope, templateId: string): Promise<{ template: Template; changed: boolean }> {
    return this.decideAndAppend(env, templateId, 'RetireTemplate', (library) =>
      decideRetireTemplate(library, templateId, env.actor),
    );
  }

  private async decideAndAppend(
    env: CommandEnvelope,
    templateId: string,
    command: string,
    decide: (l: TemplateLibrary) => TemplateEvent[],
  ): Promise<{ template: Template; changed: boolean }> {
    const streamId = templatesStreamId(env.actor.districtId);
    for (let attempt = 1; ; attempt++) {
      const { library, revision } = await this.load(env.actor.districtId);
      const events = decide(library);
      if (events.length > 0) {
        try {
          await this.store.append(
            streamId,
            toEventData(events, command, env, this.clock.now(), this.ids),
            revision ?? 'no_stream',
          );
        } catch (error) {
          // Two editors of one district at the same moment: decide again on what the other one saved.
          if (error instanceof ConcurrencyError && attempt < MAX_ATTEMPTS) continue;
          throw error;
        }
        for (const e of events) evolveLibrary(library, e);
      }
      return { template: library.templates.get(templateId)!, changed: events.length > 0 };
    }
  }
}
