/** Who did something, as history rows and the audit log name them (a person, or the system when `userId` is null). */
export interface Actor {
  userId: number | null;
  name: string;
}
