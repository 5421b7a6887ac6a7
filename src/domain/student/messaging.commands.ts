/** Commands of sending through a real phone network; student.commands.ts adds them to StudentCommand. */
export type MessagingCommand =
  /** Staff withdraw a text that has not gone out yet (typically a scheduled one). */
  | { type: 'CancelScheduledSms'; data: { messageId: string } }
  /**
   * The dispatcher (or a delivery report) found a failure worth another try. `providerMessageId` is set when a copy
   * the provider accepted was not delivered (30003): that copy is superseded.
   */
  | { type: 'RecordSendRetry'; data: { messageId: string; retryAt: string; errorCode: string | null; reason: string; outcome: 'not_accepted' | 'unknown'; providerMessageId: string | null } }
  /** The provider said the number cannot receive texts (21211, 30005, 30006): flag it for the registrar. */
  | { type: 'FlagInvalidNumber'; data: { messageId: string; errorCode: string | null; reason: string } };
