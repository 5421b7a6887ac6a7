import type { OptOutRequester } from './student.events';

const WHO: Record<OptOutRequester, string> = {
  student: 'Student',
  parent: 'Parent',
  guardian: 'Guardian',
  keyword: 'Student texted STOP',
  carrier: 'Carrier reported the number unsubscribed',
};

/**
 * The seed's sticky note, kept as a record: "Parent requested no texting, removed SMS number, 8/13/19 - A.Bell".
 * The date is the local date in the district's time zone, written M/D/YY as staff write it.
 */
export function optOutNote(
  requestedBy: OptOutRequester,
  at: Date,
  timeZone: string,
  initials: string,
  hadNumber: boolean,
): string {
  const date = new Intl.DateTimeFormat('en-US', { timeZone, year: '2-digit', month: 'numeric', day: 'numeric' }).format(
    at,
  );
  const verb = requestedBy === 'keyword' || requestedBy === 'carrier' ? '' : ' requested no texting';
  const action = hadNumber ? 'removed SMS number' : 'no SMS number was on file';
  return `${WHO[requestedBy]}${verb}, ${action}, ${date} - ${initials}`;
}
