/** How long a stop may take before the process ends anyway (an orchestrator would send SIGKILL after its grace). */
export const SHUTDOWN_GRACE_MS = 10_000;
export const SHUTDOWN_TIMED_OUT_EXIT_CODE = 70;

/**
 * A stop must end. Closing waits for sends in flight, checkpoints and pools; with the database gone at the same
 * moment, one of those can wait on a connection that never answers. After the grace period the process exits with
 * its own code and a sentence, instead of lingering half-closed. Nothing is lost: every step is recorded before the
 * next, and the next start resumes from the checkpoints.
 */
export function exitIfShutdownHangs(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(
          `The service did not finish stopping within ${SHUTDOWN_GRACE_MS / 1000} s (a dependency did not answer); exiting now.`,
        );
        process.exit(SHUTDOWN_TIMED_OUT_EXIT_CODE);
      }, SHUTDOWN_GRACE_MS).unref();
    });
  }
}
