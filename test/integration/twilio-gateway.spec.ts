import { SmsGatewayError } from '../../src/application/ports/sms-gateway.port';
import { TwilioSmsGateway } from '../../src/infrastructure/sms/twilio/twilio-sms.gateway';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  MESSAGING_SERVICE_SID,
  twilioConfigFor,
} from '../support/twilio-standin/twilio-standin.config';
import { TwilioStandin } from '../support/twilio-standin/twilio-standin.server';

/** The Twilio adapter with the real SDK over HTTP, against the Twilio stand-in (never a mocked SDK). */
describe('Twilio adapter against the Twilio stand-in', () => {
  let standin: TwilioStandin;
  let gateway: TwilioSmsGateway;
  const sms = (over: Partial<{ messageId: string; to: string; body: string; from: string | null }> = {}) => ({
    messageId: 'm-1',
    studentId: 'sarah',
    districtId: 'd1',
    to: '+12015550123',
    body: 'Hi Sarah',
    from: null,
    ...over,
  });
  const failure = async (promise: Promise<unknown>): Promise<SmsGatewayError> => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SmsGatewayError);
    return error as SmsGatewayError;
  };

  beforeEach(async () => {
    standin = await TwilioStandin.start({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    standin.callbackMode = 'none';
    gateway = new TwilioSmsGateway(twilioConfigFor(standin), 2_000);
  });
  afterEach(async () => {
    await standin.close();
  });

  it("sends through the Messaging Service with a status callback carrying our ids, and gets Twilio's SID", async () => {
    const accepted = await gateway.send(sms());
    expect(accepted.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const [m] = standin.messages();
    expect(m).toMatchObject({
      sid: accepted.providerMessageId,
      to: '+12015550123',
      body: 'Hi Sarah',
      messagingServiceSid: MESSAGING_SERVICE_SID,
    });
    expect(m!.statusCallback).toBe(
      'https://texting.school.example/webhooks/twilio/status?messageId=m-1&studentId=sarah&districtId=d1',
    );
  });

  it('sends from a number when that is what is configured', async () => {
    const fromGateway = new TwilioSmsGateway({
      ...twilioConfigFor(standin),
      messagingServiceSid: null,
      fromNumber: '+12015550100',
    });
    await fromGateway.send(sms());
    expect(standin.messages()[0]).toMatchObject({
      from: '+12015550100',
      messagingServiceSid: null,
      status: expect.any(String),
    });
  });

  it("sends from the thread's number, through the Messaging Service too, when the text has one", async () => {
    await gateway.send(sms({ from: '+12015550191' }));
    const fromGateway = new TwilioSmsGateway({
      ...twilioConfigFor(standin),
      messagingServiceSid: null,
      fromNumber: '+12015550100',
    });
    await fromGateway.send(sms({ from: '+12015550192' }));
    expect(standin.messages().map((m) => [m.from, m.messagingServiceSid])).toEqual([
      ['+12015550191', MESSAGING_SERVICE_SID],
      ['+12015550192', null],
    ]);
  });

  it('classifies 21211 as an invalid number, masking the number Twilio quotes', async () => {
    standin.invalidNumbers.add('+12015550177');
    const e = await failure(gateway.send(sms({ to: '+12015550177' })));
    expect(e).toMatchObject({ kind: 'invalid_number', providerCode: '21211', ambiguous: false });
    expect(e.message).toMatch(/not a valid phone number/);
    expect(standin.messages()).toHaveLength(0);
  });

  it("classifies 21610 as unsubscribed, and any other code as rejected with Twilio's own message", async () => {
    standin.unsubscribedNumbers.add('+12015550145');
    expect(await failure(gateway.send(sms({ to: '+12015550145' })))).toMatchObject({
      kind: 'unsubscribed',
      providerCode: '21610',
    });
    standin.rejectNext(21408);
    const e = await failure(gateway.send(sms()));
    expect(e).toMatchObject({ kind: 'rejected', providerCode: '21408' });
    expect(e.message).toBe(
      "Permission to send an SMS has not been enabled for the region indicated by the 'To' number (Twilio error 21408)",
    );
  });

  it('classifies 429 as retryable (certainly not sent) and 5xx and a lost answer as retryable but ambiguous', async () => {
    standin.failNext(1, 429);
    expect(await failure(gateway.send(sms()))).toMatchObject({
      kind: 'retryable',
      providerCode: '20429',
      ambiguous: false,
    });
    standin.failNext(1, 503);
    expect(await failure(gateway.send(sms()))).toMatchObject({
      kind: 'retryable',
      providerCode: '20503',
      ambiguous: true,
    });
    standin.dropResponseNext(1);
    expect(await failure(gateway.send(sms()))).toMatchObject({
      kind: 'retryable',
      providerCode: null,
      ambiguous: true,
    });
    expect(standin.messages()).toHaveLength(1); // the dropped answer's message exists at "Twilio"
  });

  it('a refused connection is retryable and certainly not sent; wrong credentials are rejected', async () => {
    const closed = await TwilioStandin.start({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const nowhere = new TwilioSmsGateway(twilioConfigFor(closed), 2_000);
    await closed.close();
    expect(await failure(nowhere.send(sms()))).toMatchObject({ kind: 'retryable', ambiguous: false });
    const wrong = new TwilioSmsGateway({ ...twilioConfigFor(standin), authToken: 'not-the-token' });
    expect(await failure(wrong.send(sms()))).toMatchObject({ kind: 'rejected', providerCode: '20003' });
  });

  it('finds a text Twilio accepted by number, exact body and time, skipping copies other texts claimed', async () => {
    const first = await gateway.send(sms({ messageId: 'm-1', body: 'Same words' }));
    const second = await gateway.send(sms({ messageId: 'm-2', body: 'Same words' }));
    const hint = {
      to: '+12015550123',
      body: 'Same words',
      notBefore: new Date(Date.now() - 60_000),
      excludeProviderIds: [] as string[],
    };
    expect(await gateway.findByMessageId('m-1', hint)).toMatchObject({
      providerMessageId: first.providerMessageId,
      status: 'delivered',
    });
    expect(
      await gateway.findByMessageId('m-2', { ...hint, excludeProviderIds: [first.providerMessageId] }),
    ).toMatchObject({ providerMessageId: second.providerMessageId });
    expect(
      await gateway.findByMessageId('m-3', {
        ...hint,
        excludeProviderIds: [first.providerMessageId, second.providerMessageId],
      }),
    ).toBeNull();
    expect(await gateway.findByMessageId('m-1', { ...hint, body: 'Other words' })).toBeNull();
    expect(await gateway.findByMessageId('m-1', { ...hint, notBefore: new Date(Date.now() + 60_000) })).toBeNull();
    expect(await gateway.findByMessageId('m-1')).toBeNull();
  });

  it('finds a text the number received hundreds of texts ago, reading page after page (newest first)', async () => {
    const lost = await gateway.send(sms({ messageId: 'm-lost', body: 'Lab notebook tomorrow' }));
    for (let i = 0; i < 450; i++) await gateway.send(sms({ messageId: `m-${i}`, body: `Later text ${i}` }));
    const hint = { to: '+12015550123', body: 'Lab notebook tomorrow', notBefore: new Date(0), excludeProviderIds: [] };
    expect(await gateway.findByMessageId('m-lost', hint)).toMatchObject({ providerMessageId: lost.providerMessageId });
    // Three pages of 200 were needed; a lookup for a text queued after all of them stops at the first page.
    expect(await gateway.findByMessageId('m-new', { ...hint, notBefore: new Date(Date.now() + 60_000) })).toBeNull();
  });

  it('reports an undelivered copy found by lookup with its classified failure', async () => {
    standin.undeliverable.set('+12015550123', 30003);
    const sent = await gateway.send(sms());
    const found = await gateway.findByMessageId('m-1', {
      to: '+12015550123',
      body: 'Hi Sarah',
      notBefore: new Date(0),
      excludeProviderIds: [],
    });
    expect(found).toMatchObject({
      providerMessageId: sent.providerMessageId,
      status: 'failed',
      errorCode: '30003',
      failureKind: 'retryable',
    });
  });
});
