import { Inject, Injectable, Logger } from '@nestjs/common';
import { LEADER_LEASE, type LeaderLease } from '../../ports/leader-lease.port';
import { SmsDispatcher } from './sms-dispatcher';

const LEASE = 'sms-dispatcher';
const STANDBY_RETRY_MS = 5_000;

/**
 * Runs the SMS dispatcher only in the replica that holds the lease, so two replicas never both send a queued
 * text. A stand-by retries every few seconds and takes over when the holder's database session dies.
 */
@Injectable()
export class DispatcherLeadership {
  private readonly logger = new Logger(DispatcherLeadership.name);
  private stopped = false;
  private wake: () => void = () => undefined;
  private readonly stopping = new Promise<void>((resolve) => (this.wake = resolve));
  private loop: Promise<void> | null = null;

  constructor(
    private readonly dispatcher: SmsDispatcher,
    @Inject(LEADER_LEASE) private readonly leases: LeaderLease,
  ) {}

  /** Resolves after the first attempt: the dispatcher is running here, or another replica holds the lease. */
  async start(): Promise<void> {
    const first = await this.attempt();
    this.loop = this.run(first);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  private async run(leading: Awaited<ReturnType<DispatcherLeadership['attempt']>>): Promise<void> {
    let current = leading;
    while (!this.stopped) {
      if (current) {
        await Promise.race([current.lost, this.stopping]);
        await this.dispatcher.stop();
        await current.release();
        if (!this.stopped) this.logger.warn('SMS dispatcher lease lost; standing by');
      } else {
        await Promise.race([new Promise((r) => setTimeout(r, STANDBY_RETRY_MS).unref()), this.stopping]);
      }
      current = this.stopped ? null : await this.attempt();
    }
  }

  private async attempt() {
    const lease = await this.leases.tryAcquire(LEASE).catch(() => null);
    if (lease) await this.dispatcher.start();
    return lease;
  }
}
