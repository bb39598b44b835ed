import type { Actor, Role } from '../core/event';
import type { AuthenticatedUser } from './tokens';

/** The role recorded on an event: the most specific one that may write, so the log says in what capacity. */
const WRITING_PREFERENCE: Role[] = ['CLERK', 'ADMIN', 'OVERSIGHT', 'AUDITOR'];

export const actorOf = (user: AuthenticatedUser): Actor => ({
  id: user.id,
  name: user.name,
  role: WRITING_PREFERENCE.find((role) => user.roles.includes(role)) ?? user.roles[0],
});
