import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api';

/** A screen: its <h1> names it and takes focus when the screen opens, and the tab's title follows. */
export function Screen(props: { title: string; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} - Student texting console`;
  }, [props.title]);
  // Focus moves to the heading when a screen opens (not when its title fills in later), so a screen reader says where you are.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1} ref={heading}>
        {props.title}
      </h1>
      {props.children}
    </section>
  );
}

/** A failure in words: the service's sentence and its correlation id (for the help desk). */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const id = error instanceof ApiError ? error.correlationId : null;
  return (
    <div class="notice error" role="alert">
      <span aria-hidden="true" class="icon">
        ✕
      </span>
      <p>
        {message}
        {id ? <span class="muted"> (reference {id})</span> : null}
      </p>
    </div>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** After a write: reads again (every 300 ms, at most 20 times) until `seen` holds; the read views follow writes within moments. */
  reloadUntil: (seen: (data: T) => boolean) => void;
}

/** Runs `load` when the inputs change; `reload()` runs it again (after a write). */
export function useLoad<T>(load: () => Promise<T>, inputs: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...inputs, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const waitFor = useRef<{ seen: (data: T) => boolean; tries: number } | null>(null);
  useEffect(() => {
    const w = waitFor.current;
    if (!w || state.loading) return;
    if ((state.data !== undefined && w.seen(state.data)) || w.tries >= 20) {
      waitFor.current = null;
      return;
    }
    w.tries += 1;
    const timer = setTimeout(reload, 300);
    return () => clearTimeout(timer);
  }, [state, reload]);
  const reloadUntil = useCallback(
    (seen: (data: T) => boolean) => {
      waitFor.current = { seen, tries: 0 };
      reload();
    },
    [reload],
  );
  return { ...state, reload, reloadUntil };
}

/** `value` once it has stayed the same for `ms`: typing asks the service once the person pauses, not at every key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function Loading({ what }: { what: string }) {
  return <p role="status">Loading {what}…</p>;
}

/** The student's first name for headings, from the enrollments the caller may list (no per-student record read). */
export function useStudentName(studentId: string): string {
  const rows = useLoad(() => api.enrollments({ studentId }), [studentId]);
  const first = rows.data?.[0]?.studentFirstName;
  return first ? `${first} (${studentId})` : `student ${studentId}`;
}

/** Rows per page of a paged list: `?pageSize=` in the address (1-1,000), else the screen's default. */
export function pageSize(fallback: number): number {
  const asked = Number(new URLSearchParams(location.search).get('pageSize'));
  return Number.isInteger(asked) && asked >= 1 && asked <= 1000 ? asked : fallback;
}

/** "Load more" under a paged list: shown while the service says there is more, so nothing is cut off unsaid. */
export function LoadMore(props: { more: boolean; busy: boolean; what: string; onClick: () => void }) {
  if (!props.more) return null;
  return (
    <p>
      <button type="button" disabled={props.busy} onClick={props.onClick}>
        {props.busy ? `Loading more ${props.what}…` : `Load more ${props.what}`}
      </button>
    </p>
  );
}
