/** A page of a list across students: its items and the cursor of the next page (null: the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
