import type { Pool } from 'pg';
import type { SimulatedMessage, SimulatorLog } from './sms-simulator.gateway';

/** The simulator's memory of what it accepted, in the service's PostgreSQL (table from the read-model migrations). */
export class PostgresSimulatorLog implements SimulatorLog {
  constructor(private readonly pool: Pool) {}

  async accepted(m: SimulatedMessage): Promise<void> {
    await this.pool.query(
      `INSERT INTO sms_simulator_messages (provider_message_id, message_id, student_id, district_id, to_number, body, status)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (provider_message_id) DO NOTHING`,
      [m.providerMessageId, m.messageId, m.studentId, m.districtId, m.to, m.body, m.status],
    );
  }

  async statusChanged(providerMessageId: string, status: SimulatedMessage['status']): Promise<void> {
    await this.pool.query('UPDATE sms_simulator_messages SET status = $2 WHERE provider_message_id = $1', [
      providerMessageId,
      status,
    ]);
  }

  async find(by: { messageId: string } | { providerMessageId: string }): Promise<SimulatedMessage | null> {
    const { rows } =
      'messageId' in by
        ? await this.pool.query(
            'SELECT * FROM sms_simulator_messages WHERE message_id = $1 ORDER BY accepted_at DESC LIMIT 1',
            [by.messageId],
          )
        : await this.pool.query('SELECT * FROM sms_simulator_messages WHERE provider_message_id = $1', [
            by.providerMessageId,
          ]);
    const r = rows[0] as
      | {
          provider_message_id: string;
          message_id: string;
          student_id: string;
          district_id: string | null;
          to_number: string;
          body: string;
          status: SimulatedMessage['status'];
        }
      | undefined;
    return r
      ? {
          providerMessageId: r.provider_message_id,
          messageId: r.message_id,
          studentId: r.student_id,
          districtId: r.district_id,
          to: r.to_number,
          from: null,
          body: r.body,
          status: r.status,
        }
      : null;
  }
}
