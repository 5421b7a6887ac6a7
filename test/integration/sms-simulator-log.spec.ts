import type { Pool } from 'pg';
import { PG_POOL } from '../../src/infrastructure/core.module';
import { PostgresSimulatorLog } from '../../src/infrastructure/sms/simulator/simulator-log.postgres';
import { SmsSimulatorGateway } from '../../src/infrastructure/sms/simulator/sms-simulator.gateway';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/** The simulator keeps what it accepted in the service's PostgreSQL: a new process can still answer lookups. */
describe('SMS simulator: what it sent survives a restart', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIMULATOR_INVALID_NUMBERS: '+12015550177' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a new simulator over the same database finds each text by our id and by its provider id, with its final status', async () => {
    const running = t.app.get(SmsSimulatorGateway);
    const ok = await running.send({
      messageId: 'm-ok',
      studentId: 's1',
      districtId: 'd1',
      to: '+12015550123',
      from: null,
      body: 'Hi Sarah',
    });
    const bad = await running.send({
      messageId: 'm-bad',
      studentId: 's2',
      districtId: 'd1',
      to: '+12015550177',
      from: null,
      body: 'Hi Tim',
    });
    await running.drain();

    const restarted = new SmsSimulatorGateway({ invalidNumbers: ['+12015550177'] });
    expect(await restarted.statusOf(ok.providerMessageId)).toBeNull();
    restarted.attachLog(new PostgresSimulatorLog(t.app.get<Pool>(PG_POOL)));
    await eventually(async () =>
      expect(await restarted.statusOf(ok.providerMessageId)).toMatchObject({
        providerMessageId: ok.providerMessageId,
        status: 'delivered',
      }),
    );
    expect(await restarted.findByMessageId('m-bad')).toMatchObject({
      providerMessageId: bad.providerMessageId,
      status: 'failed',
      errorCode: '30006',
      failureKind: 'invalid_number',
    });
    expect(await restarted.findByMessageId('m-unknown')).toBeNull();
  });

  it('a text accepted just before the process died (its status never updated) is reported as the network delivered it', async () => {
    const log = new PostgresSimulatorLog(t.app.get<Pool>(PG_POOL));
    await log.accepted({
      providerMessageId: 'SIMdead',
      messageId: 'm-dead',
      studentId: 's1',
      districtId: 'd1',
      to: '+12015550123',
      from: null,
      body: 'Hi',
      status: 'sent',
    });
    const restarted = new SmsSimulatorGateway();
    restarted.attachLog(log);
    expect(await restarted.statusOf('SIMdead')).toMatchObject({ status: 'delivered' });
  });
});
