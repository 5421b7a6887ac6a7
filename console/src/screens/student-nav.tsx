import type { Session } from '../auth';
import { usePath } from '../router';
import { studentLinks } from './enrollments';

/** The student's tabs (as the signed-in role may open them), on every student screen. */
export function StudentNav({ session, studentId }: { session: Session; studentId: string }) {
  const path = usePath().split('?')[0]!;
  const links = studentLinks(session.user.role, { studentId, smsEnabled: true }, session.user.sub);
  return (
    <nav class="subnav" aria-label={`Student ${studentId}`}>
      <ul>
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href} aria-current={path === l.href ? 'page' : undefined}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
