import type { VNode } from 'preact';
import type { Session } from './auth';
import { Analytics } from './screens/analytics';
import { ClassTexting } from './screens/class-texting';
import { CommunicationLog } from './screens/communication-log';
import { ComplianceRecord, ComplianceSearch } from './screens/compliance';
import { EditInformation } from './screens/edit-information';
import { Enrollments } from './screens/enrollments';
import { Inbox } from './screens/inbox';
import { Worklists } from './screens/worklists';
import { MyThread, MyThreads } from './screens/my-messages';
import { SendSms } from './screens/send-sms';
import { Templates } from './screens/templates';
import { ThreadList, ThreadScreen } from './screens/thread';

const STAFF = ['teacher', 'registrar', 'school_admin', 'compliance'];

export interface Route {
  path: string;
  roles: string[];
  render: (params: Record<string, string>, session: Session) => VNode;
}

export const ROUTES: Route[] = [
  { path: '/console/enrollments', roles: STAFF, render: (_p, s) => <Enrollments session={s} /> },
  { path: '/console/inbox', roles: STAFF, render: (_p, s) => <Inbox session={s} /> },
  { path: '/console/worklists', roles: ['teacher'], render: (_p, s) => <Worklists session={s} /> },
  { path: '/console/classes', roles: ['teacher'], render: (_p, s) => <ClassTexting session={s} /> },
  {
    path: '/console/templates',
    roles: ['teacher', 'registrar', 'school_admin'],
    render: (_p, s) => <Templates session={s} />,
  },
  {
    path: '/console/students/:id/send',
    roles: ['teacher'],
    render: (p, s) => <SendSms session={s} studentId={p.id!} />,
  },
  {
    path: '/console/students/:id/threads',
    roles: ['registrar', 'school_admin', 'compliance'],
    render: (p, s) => <ThreadList session={s} studentId={p.id!} />,
  },
  {
    path: '/console/students/:id/log',
    roles: STAFF,
    render: (p, s) => <CommunicationLog session={s} studentId={p.id!} />,
  },
  {
    path: '/console/students/:id/edit',
    roles: ['registrar', 'school_admin'],
    render: (p, s) => <EditInformation session={s} studentId={p.id!} />,
  },
  { path: '/console/compliance', roles: ['compliance'], render: () => <ComplianceSearch /> },
  { path: '/console/compliance/:id', roles: ['compliance'], render: (p) => <ComplianceRecord studentId={p.id!} /> },
  { path: '/console/analytics', roles: ['school_admin', 'analytics'], render: () => <Analytics /> },
  { path: '/console/messages', roles: ['student'], render: () => <MyThreads /> },
  { path: '/console/messages/:staffId', roles: ['student'], render: (p) => <MyThread staffId={p.staffId!} /> },
  {
    path: '/console/students/:id/threads/:staffId',
    roles: STAFF,
    render: (p, s) => <ThreadScreen session={s} studentId={p.id!} staffId={p.staffId!} />,
  },
];

export function homeFor(role: string): string {
  if (role === 'student') return '/console/messages';
  if (role === 'analytics') return '/console/analytics';
  return '/console/enrollments';
}

export function navFor(role: string): { href: string; label: string }[] {
  const items: { href: string; label: string; roles: string[] }[] = [
    { href: '/console/enrollments', label: 'Current Enrollments', roles: STAFF },
    { href: '/console/inbox', label: 'Inbox', roles: STAFF },
    { href: '/console/worklists', label: 'Worklists', roles: ['teacher'] },
    { href: '/console/classes', label: 'Class texting', roles: ['teacher'] },
    { href: '/console/templates', label: 'Templates', roles: ['teacher', 'registrar', 'school_admin'] },
    { href: '/console/messages', label: 'Messages', roles: ['student'] },
    { href: '/console/compliance', label: 'Compliance', roles: ['compliance'] },
    { href: '/console/analytics', label: 'Analytics', roles: ['school_admin', 'analytics'] },
  ];
  return items.filter((i) => i.roles.includes(role));
}
