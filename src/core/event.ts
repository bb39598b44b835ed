export const ROLES = ['CLERK', 'AUDITOR', 'OVERSIGHT', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Who did it: always taken from the verified token (or the system itself), never from client input. */
export interface Actor {
  id: string;
  name: string;
  role: Role | 'SYSTEM';
}

/** A domain event as a decider emits it: a fact in the past tense, named by its `type`. */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;
