import type { AuthChecker } from 'type-graphql';
import type { Role } from '../core/event';
import { Forbidden, Unauthenticated } from '../core/errors';
import type { GraphQLContext } from './context';

/**
 * The one place roles are enforced. `@Authorized()` lets any signed-in role read;
 * `@Authorized('CLERK')` names who may; ADMIN may do everything.
 */
export const authChecker: AuthChecker<GraphQLContext, Role> = ({ context }, roles) => {
  if (!context.user) throw context.authError ?? new Unauthenticated();
  if (roles.length === 0) return true;
  if (context.user.roles.includes('ADMIN')) return true;
  if (roles.some((role) => context.user!.roles.includes(role))) return true;
  // ADMIN may do everything, so it is one of the roles that would do, and the answer says so.
  const wouldDo = [...new Set<Role>([...roles, 'ADMIN'])];
  throw new Forbidden(`requires one of the roles ${wouldDo.join(', ')}`, wouldDo);
};

/** Who may do what, named once so resolvers read like the matrix in API.md. */
export const MAY_WRITE: Role[] = ['CLERK'];
export const MAY_READ: Role[] = [];
export const MAY_AUDIT: Role[] = ['CLERK', 'AUDITOR', 'OVERSIGHT'];
