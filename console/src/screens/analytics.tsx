import { api } from '../api';
import { ErrorNotice, Loading, Screen, useLoad } from '../ui';

type Row = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0)) || 0;
const day = (v: unknown): string => String(v ?? '').slice(0, 10);

/** A bar per label; the numbers are printed beside the bars and the chart is also a table (screen readers). */
function BarChart({ title, rows }: { title: string; rows: { label: string; value: number; text?: string }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div class="chart" aria-hidden="true">
        {rows.map((r) => (
          <div class="bar-row" key={r.label}>
            <span>{r.label}</span>
            <div class="bar" style={{ width: `${(r.value / max) * 100}%` }} />
            <span>{r.text ?? r.value}</span>
          </div>
        ))}
      </div>
      <table class="visually-hidden">
        <caption>{title}</caption>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.text ?? r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function byWeek(rows: Row[], value: (r: Row) => number): { label: string; value: number }[] {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(day(r.week), (sums.get(day(r.week)) ?? 0) + value(r));
  return [...sums.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([label, value]) => ({ label: `Week of ${label}`, value }));
}

/** The district's analytics views (no bodies, names or numbers): texting per week, delivery, replies, opt-outs, and two worklists. */
export function Analytics() {
  const data = useLoad(async () => {
    const [messages, delivery, replies, optOuts, unwelcomed, behind] = await Promise.all(
      (
        [
          'messages-per-week',
          'delivery',
          'reply-rate',
          'opt-out-rate',
          'unwelcomed-students',
          'uncontacted-falling-behind',
        ] as const
      ).map((v) => api.analytics(v)),
    );
    return {
      messages: messages!,
      delivery: delivery!,
      replies: replies!,
      optOuts: optOuts!,
      unwelcomed: unwelcomed!,
      behind: behind!,
    };
  }, []);
  const d = data.data;
  return (
    <Screen title="Analytics">
      <p class="muted">Weeks start on Monday (UTC). Students and staff appear by id only.</p>
      <ErrorNotice error={data.error} />
      {data.loading && !d ? <Loading what="the analytics" /> : null}
      {d ? (
        <>
          <BarChart title="Texts sent per week" rows={byWeek(d.messages, (r) => num(r.outbound))} />
          <BarChart title="Replies per week" rows={byWeek(d.messages, (r) => num(r.inbound))} />
          <BarChart title="Failed texts per week" rows={byWeek(d.delivery, (r) => num(r.failed))} />
          <BarChart
            title="Students who replied within 7 days, per week"
            rows={byWeek(d.replies, (r) => num(r.students_replied))}
          />
          <BarChart title="No-texting requests per week" rows={byWeek(d.optOuts, (r) => num(r.opt_outs))} />
          <h2>Students not welcomed in their first week</h2>
          <p>
            {d.unwelcomed.length === 0
              ? 'None.'
              : `${d.unwelcomed.length} enrollments: ${d.unwelcomed
                  .slice(0, 20)
                  .map((r) => `${String(r.student_id)} (${String(r.course_id)}, ${String(r.status)})`)
                  .join(', ')}`}
          </p>
          <h2>Falling behind and not contacted</h2>
          <p>
            {d.behind.length === 0
              ? 'None.'
              : `${d.behind.length} enrollments: ${d.behind
                  .slice(0, 20)
                  .map((r) => `${String(r.student_id)} (${String(r.course_id)}, ${num(r.days_behind)} days)`)
                  .join(', ')}`}
          </p>
        </>
      ) : null}
    </Screen>
  );
}
