import { DispatchQueue, type DispatchTarget } from '../../../src/application/delivery/dispatch-sms/dispatch-queue';

const target = (messageId: string, position: bigint, over: Partial<DispatchTarget> = {}): DispatchTarget => ({
  messageId,
  studentId: 's1',
  districtId: 'd1',
  position,
  dueAt: 0,
  correlationId: 'c',
  causationId: 'e',
  ...over,
});

describe("DispatchQueue: pending texts and the checkpoint's low-water mark", () => {
  it('hands out due texts oldest first, one per student at a time', () => {
    const q = new DispatchQueue();
    q.add(target('a', 10n));
    q.add(target('b', 11n));
    q.add(target('c', 12n, { studentId: 's2' }));
    expect(q.takeDue(0)?.messageId).toBe('a');
    expect(q.takeDue(0)?.messageId).toBe('c'); // b waits: s1 is busy with a
    expect(q.takeDue(0)).toBeUndefined();
    q.finish('a', 'done');
    expect(q.takeDue(0)?.messageId).toBe('b');
  });

  it('keeps a scheduled text until it is due, and the checkpoint just before it meanwhile', () => {
    const q = new DispatchQueue();
    q.add(target('later', 10n, { dueAt: 5_000 }));
    q.add(target('now', 11n, { studentId: 's2' }));
    expect(q.takeDue(1_000)?.messageId).toBe('now');
    q.finish('now', 'done');
    expect(q.lowWaterMark(40n)).toBe(9n);
    expect(q.takeDue(1_000)).toBeUndefined();
    expect(q.takeDue(5_000)?.messageId).toBe('later');
    q.finish('later', 'done');
    expect(q.lowWaterMark(40n)).toBe(40n);
    expect(q.size).toBe(0);
  });

  it('a retry puts the text back to wait; news about a running text makes it looked at again', () => {
    const q = new DispatchQueue();
    q.add(target('a', 10n));
    q.takeDue(0);
    q.add(target('a', 20n, { dueAt: 300 })); // e.g. SmsRetryScheduled while it runs
    q.finish('a', 'done');
    expect(q.size).toBe(1);
    expect(q.lowWaterMark(30n)).toBe(9n);
    expect(q.takeDue(299)).toBeUndefined();
    expect(q.takeDue(300)?.messageId).toBe('a');
    q.finish('a', { waitUntil: 1_000 });
    expect(q.takeDue(999)).toBeUndefined();
  });

  it('drops a cancelled text unless it is running', () => {
    const q = new DispatchQueue();
    q.add(target('a', 10n));
    q.add(target('b', 11n, { studentId: 's2' }));
    q.drop('a');
    const running = q.takeDue(0)!;
    q.drop(running.messageId);
    expect(q.size).toBe(1);
    expect(q.lowWaterMark(20n)).toBe(10n);
  });

  it('stays compact when many texts finish behind one that waits a long time', () => {
    const q = new DispatchQueue();
    q.add(target('next-week', 1n, { dueAt: Number.MAX_SAFE_INTEGER }));
    for (let i = 0; i < 5_000; i++) {
      q.add(target(`m${i}`, BigInt(i + 2), { studentId: `s${i}` }));
      q.finish(q.takeDue(0)!.messageId, 'done');
    }
    expect(q.size).toBe(1);
    expect(q.lowWaterMark(6_000n)).toBe(0n);
  });
});
