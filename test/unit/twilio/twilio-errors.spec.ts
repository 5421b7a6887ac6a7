import { classifyTwilioCode, reasonFor, toGatewayError } from '../../../src/infrastructure/sms/twilio/twilio-errors';
import { twilioDeliveryState } from '../../../src/infrastructure/sms/twilio/twilio-status.mapper';

describe('Twilio error codes and statuses, as the dispatcher needs them', () => {
  it.each([
    ['21211', null, 'invalid_number'],
    ['30005', null, 'invalid_number'],
    ['30006', null, 'invalid_number'],
    ['21610', null, 'unsubscribed'],
    ['30003', null, 'retryable'],
    ['20429', 429, 'retryable'],
    ['20500', 500, 'retryable'],
    [null, 503, 'retryable'],
    ['21408', 400, 'rejected'],
    ['30007', null, 'rejected'],
  ] as const)('code %s (HTTP %s) is %s', (code, status, kind) => {
    expect(classifyTwilioCode(code, status)).toBe(kind);
  });

  it("keeps Twilio's message for other codes, with the phone number masked", () => {
    expect(
      reasonFor(
        '21408',
        "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +12015550123",
      ),
    ).toBe(
      "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ***0123 (Twilio error 21408)",
    );
  });

  it('turns SDK errors into gateway errors: REST errors by code, network errors as retryable (ambiguous unless never connected)', () => {
    expect(toGatewayError({ status: 400, code: 21211, message: 'Invalid' })).toMatchObject({
      kind: 'invalid_number',
      providerCode: '21211',
      ambiguous: false,
    });
    expect(toGatewayError({ status: 502 })).toMatchObject({ kind: 'retryable', providerCode: '502', ambiguous: true });
    expect(toGatewayError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toMatchObject({
      kind: 'retryable',
      ambiguous: false,
    });
    expect(toGatewayError(Object.assign(new Error('timeout'), { code: 'ECONNABORTED' }))).toMatchObject({
      kind: 'retryable',
      ambiguous: true,
    });
  });

  it('maps statuses: queued/accepted say nothing new, sending/sent -> sent, delivered/read -> delivered, undelivered/failed -> failed with the code', () => {
    expect(twilioDeliveryState('queued', null).status).toBeNull();
    expect(twilioDeliveryState('accepted', null).status).toBeNull();
    expect(twilioDeliveryState('sending', null).status).toBe('sent');
    expect(twilioDeliveryState('read', null).status).toBe('delivered');
    expect(twilioDeliveryState('undelivered', '30003')).toMatchObject({
      status: 'failed',
      errorCode: '30003',
      failureKind: 'retryable',
      reason: expect.stringMatching(/unreachable/),
    });
    expect(twilioDeliveryState('failed', 30006)).toMatchObject({
      status: 'failed',
      errorCode: '30006',
      failureKind: 'invalid_number',
    });
    expect(twilioDeliveryState('canceled', null)).toMatchObject({ status: 'failed', failureKind: 'rejected' });
  });
});
