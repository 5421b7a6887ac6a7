import { useMemo, useRef, useState } from 'preact/hooks';
import { api, type CurrentEnrollment } from '../api';
import type { Session } from '../auth';
import { smsEnabledSentence } from '../sms-enabled';
import { formatDate, formatTime } from '../time';
import { ErrorNotice, Loading, LoadMore, pageSize, Screen, useDebounced, useLoad } from '../ui';

/** Links from a row to the student's screens, as the role may open them. */
export function studentLinks(
  role: string,
  row: { studentId: string; smsEnabled: boolean; teacherId?: string },
  self: string,
): { href: string; label: string }[] {
  const base = `/console/students/${encodeURIComponent(row.studentId)}`;
  const links: { href: string; label: string }[] = [];
  if (role === 'teacher' && row.smsEnabled) links.push({ href: `${base}/send`, label: 'Send SMS' });
  links.push({
    href: role === 'teacher' ? `${base}/threads/${encodeURIComponent(self)}` : `${base}/threads`,
    label: 'Texts',
  });
  links.push({ href: `${base}/log`, label: 'Communication Log' });
  if (role === 'registrar' || role === 'school_admin') links.push({ href: `${base}/edit`, label: 'Edit Information' });
  if (role === 'compliance')
    links.push({ href: `/console/compliance/${encodeURIComponent(row.studentId)}`, label: 'Compliance' });
  return links;
}

/** "3 loaded enrollments found for "sarah"; more to load.": how many rows, whether more pages wait, what was asked. */
function countLine(count: number, more: boolean, q: string): string {
  const rows = `${count} ${more ? 'loaded ' : ''}${count === 1 ? 'enrollment' : 'enrollments'}`;
  return `${rows} ${q ? `found for “${q}”` : 'shown'}${more ? '; more to load.' : '.'}`;
}

export function Enrollments({ session }: { session: Session }) {
  const [sms, setSms] = useState<'' | 'yes' | 'no'>('');
  const [course, setCourse] = useState('');
  const [teacher, setTeacher] = useState('');
  const [search, setSearch] = useState('');
  // Asked of the service 300 ms after the last key, so one request per pause in typing, not one per letter.
  const q = useDebounced(search.trim(), 300);
  const size = pageSize(200);
  // Search, SMS Enabled, course and teacher are all asked of the service, so they hold over every page, not only the
  // rows loaded so far (a teacher's search, like her list, covers her own students only).
  const query = {
    ...(sms ? { smsEnabled: sms } : {}),
    ...(course ? { courseId: course } : {}),
    ...(teacher ? { teacherId: teacher } : {}),
    ...(q ? { q } : {}),
  };
  const rows = useLoad(() => api.enrollmentsPage(query, size), [sms, course, teacher, q, size]);
  // Later pages ("Load more", following X-Next-Cursor) for the first page loaded; a new first page starts over.
  const [more, setMore] = useState<{ first: unknown; items: CurrentEnrollment[]; cursor: string | null }>({
    first: null,
    items: [],
    cursor: null,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const later =
    more.first === rows.data ? more : { first: rows.data, items: [], cursor: rows.data?.nextCursor ?? null };
  const all = useMemo(() => [...(rows.data?.items ?? []), ...later.items], [rows.data, later.items]);
  async function loadMore() {
    setLoadingMore(true);
    try {
      const page = await api.enrollmentsPage(query, size, later.cursor);
      setMore({ first: rows.data, items: [...later.items, ...page.items], cursor: page.nextCursor });
      setMoreError(null);
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  }
  // The drop-downs offer every course and teacher seen so far, so choosing one does not hide the others.
  const seen = useRef({ courses: new Map<string, string>(), teachers: new Map<string, string>() });
  for (const r of all) {
    seen.current.courses.set(r.courseId, r.courseName);
    seen.current.teachers.set(r.teacherId, r.teacherName);
  }
  const byName = (m: Map<string, string>) => [...m.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const courses = byName(seen.current.courses);
  const teachers = byName(seen.current.teachers);
  // The course and teacher filters also apply at once to the rows on screen, while the service's answer is on its way.
  const shown = [...all]
    .sort((a, b) => a.studentFirstName.localeCompare(b.studentFirstName) || a.courseName.localeCompare(b.courseName))
    .filter((r: CurrentEnrollment) => (!course || r.courseId === course) && (!teacher || r.teacherId === teacher));
  const role = session.user.role;
  return (
    <Screen title="Current Enrollments">
      <form class="filters" role="search" aria-label="Find students" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search{' '}
          <input
            type="search"
            value={search}
            maxLength={100}
            onInput={(e) => setSearch(e.currentTarget.value)}
            placeholder="Name, course or id"
          />
        </label>
        <label>
          Course{' '}
          <select value={course} onChange={(e) => setCourse(e.currentTarget.value)}>
            <option value="">All courses</option>
            {courses.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {role === 'teacher' ? null : (
          <label>
            Teacher{' '}
            <select value={teacher} onChange={(e) => setTeacher(e.currentTarget.value)}>
              <option value="">All teachers</option>
              {teachers.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          SMS Enabled{' '}
          <select value={sms} onChange={(e) => setSms(e.currentTarget.value as '' | 'yes' | 'no')}>
            <option value="">Any</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </label>
      </form>
      <ErrorNotice error={rows.error ?? moreError} />
      {rows.loading && !rows.data ? <Loading what="enrollments" /> : null}
      <p role="status" class="muted">
        {rows.data ? (rows.loading ? 'Looking for enrollments…' : countLine(shown.length, !!later.cursor, q)) : ''}
      </p>
      {rows.data ? (
        <div class="table-wrap" aria-busy={rows.loading}>
          <table>
            <caption class="visually-hidden">Current enrollments{role === 'teacher' ? ' in your classes' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Course</th>
                {role === 'teacher' ? null : <th scope="col">Teacher</th>}
                <th scope="col">Started</th>
                <th scope="col">SMS Enabled</th>
                <th scope="col">Last contact</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.enrollmentId}>
                  <th scope="row">
                    {r.studentFirstName} <span class="muted">({r.studentId})</span>
                  </th>
                  <td>{r.courseName}</td>
                  {role === 'teacher' ? null : <td>{r.teacherName}</td>}
                  <td>{formatDate(r.startedOn)}</td>
                  <td class={r.smsEnabled ? 'yes' : 'no'}>{smsEnabledSentence(r.smsEnabled, r.smsDisabledReason)}</td>
                  <td>{formatTime(r.lastContactAt)}</td>
                  <td>
                    <ul class="actions" aria-label={`Actions for ${r.studentFirstName}, ${r.courseName}`}>
                      {studentLinks(role, r, session.user.sub).map((l) => (
                        <li key={l.href}>
                          <a href={l.href}>{l.label}</a>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <LoadMore more={!!later.cursor} busy={loadingMore} what="enrollments" onClick={() => void loadMore()} />
    </Screen>
  );
}
