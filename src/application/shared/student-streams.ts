import type { StudentRegistered } from '../../domain/student/student.events';
import {
  legacyAccessStreamId,
  legacyStudentStreamId,
  scopedAccessStreamId,
  scopedStudentStreamId,
  type StudentKey,
} from '../../domain/student/student-stream';
import type { EventStore } from '../ports/event-store.port';

/** The streams one student's record is kept in. */
export interface StudentStreamIds {
  student: string;
  access: string;
  /** Registered before ids were scoped: the streams are named by the id alone. */
  legacy: boolean;
}

const CAPACITY = 50_000;
const byStore = new WeakMap<EventStore, StudentStreams>();

/**
 * Finds which streams a (district, student) has (domain/student/student-stream.ts). A student registered before ids
 * were scoped by district kept their `student-<id>` stream: it is theirs when its registration names their district.
 * Every other student, registered since or not at all, has (or will have) `student-<district>/<id>`.
 *
 * The answer never changes once found: nothing writes a stream under a legacy name any more, so a (district, student)
 * without a legacy stream now never gets one, and a legacy stream's registration is its first event. Answers are
 * therefore kept (least recently used go first), and each student costs one read of the legacy name per process.
 * One resolver per event store, shared by everything that names a student's streams (StudentStreams.of).
 */
export class StudentStreams {
  private readonly known = new Map<string, StudentStreamIds>();

  constructor(private readonly store: EventStore) {}

  static of(store: EventStore): StudentStreams {
    let streams = byStore.get(store);
    if (!streams) {
      streams = new StudentStreams(store);
      byStore.set(store, streams);
    }
    return streams;
  }

  async resolve(key: StudentKey): Promise<StudentStreamIds> {
    const cacheKey = `${key.districtId}/${key.studentId}`;
    const hit = this.known.get(cacheKey);
    if (hit) {
      this.known.delete(cacheKey);
      this.known.set(cacheKey, hit);
      return hit;
    }
    const legacy = await this.isLegacy(key);
    const ids: StudentStreamIds = legacy
      ? { student: legacyStudentStreamId(key.studentId), access: legacyAccessStreamId(key.studentId), legacy }
      : { student: scopedStudentStreamId(key), access: scopedAccessStreamId(key), legacy };
    this.known.set(cacheKey, ids);
    if (this.known.size > CAPACITY) this.known.delete(this.known.keys().next().value as string);
    return ids;
  }

  async studentStream(key: StudentKey): Promise<string> {
    return (await this.resolve(key)).student;
  }

  async accessStream(key: StudentKey): Promise<string> {
    return (await this.resolve(key)).access;
  }

  /** The district whose student has the legacy stream of this id (registered before ids were scoped); null: none. */
  async legacyDistrict(studentId: string): Promise<string | null> {
    const [first] = await this.store.readStream(legacyStudentStreamId(studentId), { maxCount: 1 });
    return first?.type === 'StudentRegistered' ? (first.data as StudentRegistered['data']).districtId : null;
  }

  /** A legacy stream belongs to the district its registration (its first event) names. */
  private async isLegacy(key: StudentKey): Promise<boolean> {
    return (await this.legacyDistrict(key.studentId)) === key.districtId;
  }
}
