import { useState } from 'preact/hooks';
import { api, ApiError, type Preview, type Template, type TemplatePurpose } from '../api';
import type { Session } from '../auth';
import { ErrorNotice, Loading, Screen, useLoad } from '../ui';
import { GuardVerdict } from './guard-verdict';

export const PURPOSES: Record<TemplatePurpose, string> = {
  welcome: 'Welcome in the first week',
  not_working: 'Not working or falling behind',
  study_session: 'Study session reminder',
  milestone: 'Milestone congratulations',
  tutoring_or_meeting: 'Tutoring or a meeting',
  other: 'Other',
};
export const PLACEHOLDER_HINT =
  'You may use {firstName}, {className} and {teacherName}: each student gets their own first name and class.';

/** A template's text for one student: each placeholder filled once (a value that looks like {x} is not filled again). */
export function fillTemplate(
  body: string,
  values: { firstName?: string; className?: string | undefined; teacherName?: string },
): string {
  return body.replace(
    /\{(firstName|className|teacherName)\}/g,
    (all, name: keyof typeof values) => values[name] ?? all,
  );
}

/** A drop-down of the district library and the teacher's own templates; picking one hands it over. */
export function TemplatePicker({ onPick }: { onPick: (template: Template) => void }) {
  const templates = useLoad(() => api.templates(), []);
  const list = templates.data ?? [];
  if (templates.error || list.length === 0) return null;
  return (
    <div class="field">
      <label for="template">Start from a template (optional)</label>
      <select
        id="template"
        value=""
        onChange={(e) => {
          const picked = list.find((t) => t.templateId === e.currentTarget.value);
          if (picked) onPick(picked);
        }}
      >
        <option value="">Choose a template</option>
        {(['teacher', 'district'] as const).map((scope) => (
          <optgroup key={scope} label={scope === 'teacher' ? 'Your templates' : 'District library'}>
            {list
              .filter((t) => t.scope === scope)
              .map((t) => (
                <option key={t.templateId} value={t.templateId}>
                  {t.title}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

const canEdit = (t: Template, session: Session) =>
  t.scope === 'teacher' ? t.ownerId === session.user.sub : session.user.role === 'school_admin';

/** Templates: the district library and (teachers) their own; a new one or a change is checked by the guard on save. */
export function Templates({ session }: { session: Session }) {
  const templates = useLoad(() => api.templates(), []);
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [saved, setSaved] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const mayWrite = session.user.role === 'teacher' || session.user.role === 'school_admin';
  const list = templates.data ?? [];
  const groups = [
    { scope: 'district' as const, title: 'District library' },
    ...(session.user.role === 'teacher' ? [{ scope: 'teacher' as const, title: 'Your templates' }] : []),
  ];
  return (
    <Screen title="Templates">
      <p class="hint">{PLACEHOLDER_HINT}</p>
      <ErrorNotice error={templates.error ?? problem} />
      {templates.loading && !templates.data ? <Loading what="templates" /> : null}
      <p role="status">{saved}</p>
      {mayWrite && editing === null ? (
        <p>
          <button type="button" class="primary" onClick={() => (setSaved(''), setEditing('new'))}>
            New template
          </button>
        </p>
      ) : null}
      {editing !== null ? (
        <TemplateForm
          session={session}
          template={editing === 'new' ? null : editing}
          onDone={(message) => {
            setEditing(null);
            if (message) {
              setSaved(message);
              templates.reload();
            }
          }}
        />
      ) : null}
      {groups.map((g) => (
        <section key={g.scope} aria-labelledby={`tpl-${g.scope}`}>
          <h2 id={`tpl-${g.scope}`}>{g.title}</h2>
          {templates.data && !list.some((t) => t.scope === g.scope) ? <p>None yet.</p> : null}
          <ul class="cards">
            {list
              .filter((t) => t.scope === g.scope)
              .map((t) => (
                <li key={t.templateId}>
                  <h3>{t.title}</h3>
                  <p class="muted">
                    {PURPOSES[t.purpose]} · version {t.version}
                  </p>
                  <p>
                    <q>{t.body}</q>
                  </p>
                  {canEdit(t, session) && editing === null ? (
                    <p class="actions-row">
                      <button type="button" onClick={() => (setSaved(''), setEditing(t))}>
                        Edit <span class="visually-hidden">{t.title}</span>
                      </button>{' '}
                      <button
                        type="button"
                        onClick={() =>
                          api
                            .retireTemplate(t.templateId)
                            .then(
                              () => (setSaved(`Retired "${t.title}": it is no longer offered.`), templates.reload()),
                              setProblem,
                            )
                        }
                      >
                        Retire <span class="visually-hidden">{t.title}</span>
                      </button>
                    </p>
                  ) : null}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </Screen>
  );
}

function TemplateForm(props: { session: Session; template: Template | null; onDone: (message: string) => void }) {
  const [title, setTitle] = useState(props.template?.title ?? '');
  const [purpose, setPurpose] = useState<TemplatePurpose>(props.template?.purpose ?? 'other');
  const [body, setBody] = useState(props.template?.body ?? '');
  const [error, setError] = useState<unknown>(null);
  const [refused, setRefused] = useState<{ sample: string; preview: Preview } | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setRefused(null);
    try {
      const content = { title, purpose, body };
      const answer = props.template
        ? await api.saveTemplate(props.template.templateId, content)
        : await api.createTemplate({
            ...content,
            scope: props.session.user.role === 'teacher' ? 'teacher' : 'district',
          });
      props.onDone(
        answer.changed === false ? 'Nothing changed.' : `Saved "${answer.title}" (version ${answer.version}).`,
      );
    } catch (e) {
      setError(e);
      const details = e instanceof ApiError && e.code === 'CONTENT_POLICY_VIOLATION' ? e.details : null;
      if (details && typeof details.sample === 'string' && Array.isArray(details.violations))
        setRefused({
          sample: details.sample,
          preview: { allowed: false, violations: details.violations as Preview['violations'] },
        });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={save} noValidate aria-labelledby="template-form-title">
      <h2 id="template-form-title">{props.template ? `Edit "${props.template.title}"` : 'New template'}</h2>
      <div class="field">
        <label for="template-title">Title</label>
        <input id="template-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="template-purpose">Purpose</label>
        <select
          id="template-purpose"
          value={purpose}
          onChange={(e) => setPurpose(e.currentTarget.value as TemplatePurpose)}
        >
          {Object.entries(PURPOSES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="template-body">Text</label>
        <p class="hint" id="template-body-hint">
          {PLACEHOLDER_HINT} The guard checks it with a made-up student when you save.
        </p>
        <textarea
          id="template-body"
          aria-describedby="template-body-hint"
          value={body}
          maxLength={1600}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
      </div>
      <ErrorNotice error={error} />
      {refused ? (
        <>
          <p>As a student would get it:</p>
          <GuardVerdict body={refused.sample} preview={refused.preview} checking={false} />
        </>
      ) : null}
      <p class="actions-row">
        <button type="submit" class="primary" disabled={busy}>
          Save template
        </button>{' '}
        <button type="button" onClick={() => props.onDone('')}>
          Cancel
        </button>
      </p>
    </form>
  );
}
