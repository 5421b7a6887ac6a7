import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Preview } from '../api';

/** The draft with each span the guard objects to marked, and the rule's sentence beside it. */
function MarkedDraft({ body, preview }: { body: string; preview: Preview }) {
  const spans = preview.violations.filter((v) => v.end > v.start).sort((a, b) => a.start - b.start);
  const parts: (string | JSX.Element)[] = [];
  let at = 0;
  spans.forEach((v, i) => {
    if (v.start < at) return;
    parts.push(body.slice(at, v.start));
    parts.push(
      <mark key={i}>
        {body.slice(v.start, v.end)}
        <span class="visually-hidden"> (problem {i + 1})</span>
      </mark>,
    );
    at = v.end;
  });
  parts.push(body.slice(at));
  return (
    <p class="draft-echo" aria-label="Your text with the problems marked">
      {parts}
    </p>
  );
}

/**
 * The content guard while typing: the preview route for `studentId` (its names and record are what a text must not
 * give away), 300 ms after the last key; the newest answer wins. Nothing is sent.
 */
export function useGuard(studentId: string | null, body: string): { preview: Preview | null; checking: boolean } {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    if (!body.trim() || !studentId) {
      setPreview(null);
      setChecking(false);
      return;
    }
    let live = true;
    setChecking(true);
    const timer = setTimeout(() => {
      api.preview(studentId, body).then(
        (p) => live && (setPreview(p), setChecking(false)),
        () => live && setChecking(false),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [body, studentId]);
  return { preview, checking };
}

/** The guard's verdict: fine, or each problem marked in the text with the rule's sentence, and a safe rewrite. */
export function GuardVerdict(props: {
  body: string;
  preview: Preview | null;
  checking: boolean;
  onRewrite?: (text: string) => void;
}) {
  const { body, preview, checking } = props;
  const setBody = (text: string) => props.onRewrite?.(text);
  return (
    <div id="guard-verdict" aria-live="polite">
      {checking ? <p class="muted">Checking the text…</p> : null}
      {!checking && preview?.allowed ? (
        <div class="notice ok">
          <span aria-hidden="true" class="icon">
            ✓
          </span>
          <p>The content check found nothing that identifies the student.</p>
        </div>
      ) : null}
      {!checking && preview && !preview.allowed ? (
        <div class="notice error">
          <span aria-hidden="true" class="icon">
            ✕
          </span>
          <div>
            <p>
              <strong>
                This text cannot be sent as written ({preview.violations.length}{' '}
                {preview.violations.length === 1 ? 'problem' : 'problems'}).
              </strong>
            </p>
            <MarkedDraft body={body} preview={preview} />
            <ol>
              {preview.violations.map((v, i) => (
                <li key={i}>
                  {v.end > v.start ? (
                    <>
                      <q>{body.slice(v.start, v.end)}</q>:{' '}
                    </>
                  ) : null}
                  {v.message}
                  {v.suggestion ? <> {v.suggestion}</> : null}
                </li>
              ))}
            </ol>
            {preview.suggestedRewrite ? (
              <>
                <p>
                  Suggested safe rewrite: <q>{preview.suggestedRewrite}</q>
                </p>
                <button type="button" onClick={() => setBody(preview.suggestedRewrite!)}>
                  Use the suggested rewrite
                </button>
              </>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
