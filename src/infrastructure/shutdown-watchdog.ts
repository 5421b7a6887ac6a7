/** How long a stop may take before the process ends anyway (an orchestrator would send SIGKILL after its grace). */
export const SHUTDOWN_GRACE_MS = 10_000;
export const SHUTDOWN_TIMED_OUT_EXIT_CODE = 70;

/**
 * A stop must end. Closing waits for sends in flight, checkpoints and pools; with the database gone at the same
 * moment, one of those can wait on a connection that never answers. After the grace period the process exits with
 * its own code and a sentence, instead of lingering half-closed. Nothing is lost: every step is recorded before the
 * next, and the next start resumes from the checkpoints.
 */
let step: { name: string; since: number } | null = null;

/** Names the stop's current step (CoreLifecycle), so a stop that hangs says where: the next one replaces it. */
export function shutdownStep(name: string): void {
  step = { name, since: Date.now() };
}

export function exitIfShutdownHangs(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // Nest runs the modules' own stop hooks (the live inbox's listener, class-text jobs) before CoreLifecycle's.
      step ??= { name: "in the modules' own stop hooks", since: Date.now() };
      setTimeout(() => {
        const waiting = step ? `, still ${step.name} after ${((Date.now() - step.since) / 1000).toFixed(1)} s` : '';
        console.error(
          `The service did not finish stopping within ${SHUTDOWN_GRACE_MS / 1000} s (a dependency did not answer${waiting}); exiting now.`,
        );
        process.exit(SHUTDOWN_TIMED_OUT_EXIT_CODE);
      }, SHUTDOWN_GRACE_MS).unref();
    });
  }
}
