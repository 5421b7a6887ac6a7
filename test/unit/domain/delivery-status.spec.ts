import {
  DELIVERY_STATUS_RANK,
  deliveryStatusAdvances,
  deliveryStatusRank,
  FINAL_DELIVERY_STATUSES,
  REPORTED_STATUS,
} from '../../../src/domain/student/delivery-status';

describe('the delivery-status order (one definition for the domain and the read models)', () => {
  it('ranks waiting, then handed to the network, then final; scheduled and retrying are the waiting step', () => {
    expect(DELIVERY_STATUS_RANK).toEqual({
      queued: 0,
      scheduled: 0,
      retrying: 0,
      sent: 1,
      delivered: 2,
      failed: 2,
      cancelled: 2,
    });
    expect([...FINAL_DELIVERY_STATUSES].sort()).toEqual(['cancelled', 'delivered', 'failed']);
  });

  it('moves only forward: a late or repeated report changes nothing, a final status is never replaced', () => {
    expect(deliveryStatusAdvances('queued', 'sent')).toBe(true);
    expect(deliveryStatusAdvances('scheduled', 'delivered')).toBe(true);
    expect(deliveryStatusAdvances('retrying', 'failed')).toBe(true);
    expect(deliveryStatusAdvances('sent', 'delivered')).toBe(true);
    expect(deliveryStatusAdvances('sent', 'sent')).toBe(false);
    expect(deliveryStatusAdvances('delivered', 'sent')).toBe(false);
    expect(deliveryStatusAdvances('delivered', 'failed')).toBe(false);
    expect(deliveryStatusAdvances('cancelled', 'delivered')).toBe(false);
  });

  it('treats a status it does not know (or none) as final, so nothing moves past it', () => {
    expect(deliveryStatusRank(null)).toBe(2);
    expect(deliveryStatusRank('received')).toBe(2);
    expect(deliveryStatusRank('toString')).toBe(2);
    expect(deliveryStatusAdvances(null, 'delivered')).toBe(false);
  });

  it('names the status each report event carries', () => {
    expect(REPORTED_STATUS).toEqual({ SmsSent: 'sent', SmsDelivered: 'delivered', SmsFailed: 'failed' });
  });
});
