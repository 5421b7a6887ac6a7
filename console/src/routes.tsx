import type { VNode } from 'preact';
import type { Session } from './auth';
import { Enrollments } from './screens/enrollments';
import { SendSms } from './screens/send-sms';
import { ThreadList, ThreadScreen } from './screens/thread';

const STAFF = ['teacher', 'registrar', 'school_admin', 'compliance'];

export interface Route {
  path: string;
  roles: string[];
  render: (params: Record<string, string>, session: Session) => VNode;
}

export const ROUTES: Route[] = [
  { path: '/console/enrollments', roles: STAFF, render: (_p, s) => <Enrollments session={s} /> },
  { path: '/console/students/:id/send', roles: ['teacher'], render: (p, s) => <SendSms session={s} studentId={p.id!} /> },
  { path: '/console/students/:id/threads', roles: ['registrar', 'school_admin', 'compliance'], render: (p, s) => <ThreadList session={s} studentId={p.id!} /> },
  { path: '/console/students/:id/threads/:staffId', roles: STAFF, render: (p, s) => <ThreadScreen session={s} studentId={p.id!} staffId={p.staffId!} /> },
];

export function homeFor(role: string): string {
  if (role === 'student') return '/console/messages';
  if (role === 'analytics') return '/console/analytics';
  return '/console/enrollments';
}

export function navFor(role: string): { href: string; label: string }[] {
  const items: { href: string; label: string; roles: string[] }[] = [
    { href: '/console/enrollments', label: 'Current Enrollments', roles: STAFF },
    { href: '/console/messages', label: 'Messages', roles: ['student'] },
    { href: '/console/analytics', label: 'Analytics', roles: ['school_admin', 'analytics'] },
  ];
  return items.filter((i) => i.roles.includes(role));
}
