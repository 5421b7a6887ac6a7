import type { VNode } from 'preact';
import type { Session } from './auth';
import { Enrollments } from './screens/enrollments';

const STAFF = ['teacher', 'registrar', 'school_admin', 'compliance'];

export interface Route {
  path: string;
  roles: string[];
  render: (params: Record<string, string>, session: Session) => VNode;
}

export const ROUTES: Route[] = [
  { path: '/console/enrollments', roles: STAFF, render: (_p, s) => <Enrollments session={s} /> },
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
