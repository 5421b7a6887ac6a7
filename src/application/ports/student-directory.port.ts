/** Finds students by their SMS number (a read model), to route a text that arrives from the phone network. */
export interface DirectoryMatch {
  studentId: string;
  districtId: string;
  /** When staff last texted this student (null: never), so siblings on one family phone route right. */
  lastOutboundAt: Date | null;
}

export interface StudentDirectory {
  findBySmsNumber(e164: string): Promise<DirectoryMatch[]>;
}

export const STUDENT_DIRECTORY = Symbol('STUDENT_DIRECTORY');
