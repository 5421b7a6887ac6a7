import type { DataSource } from 'typeorm';
import type { PortalMessageView, PortalThreadView } from '../../application/messaging/threads.queries';
import { DomainError } from '../../domain/shared/domain-error';

/** Outbound texts a student is shown: those the phone network took. Everything else never reached their phone. */
const WENT_OUT = `('sent', 'delivered')`;

/** A staff member who gave neither a name nor initials is still not shown by id. */
const UNNAMED = 'Your teacher';

interface Row {
  message_id: string;
  staff_id: string;
  direction: 'outbound' | 'inbound';
  channel: 'sms' | 'portal';
  body: string;
  at: Date;
  staff_name: string | null;
}

/**
 * The portal's messages tab (PortalThreadView): a student's threads with only what really went out and their own
 * replies, each with the teacher's display name. A thread whose texts all still wait (or were cancelled or failed)
 * is not shown at all. Authorization is the caller's (authorizeStudentRead).
 */
export async function portalThreads(db: DataSource, studentId: string, staffId?: string): Promise<PortalThreadView[]> {
  const rows = await db.query<Row[]>(
    `SELECT m.message_id, m.staff_id, m.direction, m.channel, m.body, CASE m.direction WHEN 'outbound' THEN m.status_at ELSE m.created_at END AS at, t.staff_name
       FROM thread_messages m JOIN threads t ON t.student_id = m.student_id AND t.staff_id = m.staff_id
      WHERE m.student_id = $1 AND ($2::text IS NULL OR m.staff_id = $2) AND (m.direction = 'inbound' OR m.status IN ${WENT_OUT})
      ORDER BY at, m.position`,
    [studentId, staffId ?? null],
  );
  const threads = new Map<string, PortalThreadView & { messages: PortalMessageView[] }>();
  for (const r of rows) {
    const staffName = r.staff_name ?? UNNAMED;
    let thread = threads.get(r.staff_id);
    if (!thread)
      threads.set(
        r.staff_id,
        (thread = { staffId: r.staff_id, staffName, messageCount: 0, lastMessageAt: '', messages: [] }),
      );
    const at = r.at.toISOString();
    thread.messages.push({
      messageId: r.message_id,
      direction: r.direction,
      channel: r.channel,
      body: r.body,
      at,
      staffName,
    });
    thread.messageCount += 1;
    thread.lastMessageAt = at;
  }
  return [...threads.values()].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
}

export async function portalThread(db: DataSource, studentId: string, staffId: string): Promise<PortalThreadView> {
  const [thread] = await portalThreads(db, studentId, staffId);
  if (!thread)
    throw new DomainError('THREAD_NOT_FOUND', 'There is no conversation with this teacher yet.', 'not_found');
  return thread;
}

/** The list leaves the messages out, as the staff list does. */
export const withoutMessages = ({ messages: _m, ...thread }: PortalThreadView): PortalThreadView => thread;
