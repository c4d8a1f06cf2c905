/** Who did something, as history rows and the audit log name them (a person, or the system when `userId` is null). */
export interface Actor {
  userId: number | null;
  name: string;
  /** The HTTP request that acted, when one did: carried into workflows, activities and jobs so their log lines can be followed (docs/operations.md#logs). */
  requestId?: string;
}
