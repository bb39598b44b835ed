import type { AuthenticatedUser } from '../auth/tokens';
import type { App } from '../app';
import type { Actor } from '../core/event';
import { actorOf } from '../auth/actor';
import { Unauthenticated } from '../core/errors';

export interface GraphQLContext {
  requestId: string;
  user: AuthenticatedUser | null;
  /** Set when a token was presented but failed verification: every operation then answers UNAUTHENTICATED. */
  authError: Error | null;
  app: App;
  /** Per-request memo for loaders (DataLoader instances keyed by name). */
  loaders: Map<string, unknown>;
}

export const actorFrom = (ctx: GraphQLContext): Actor => {
  if (!ctx.user) throw ctx.authError ?? new Unauthenticated();
  return actorOf(ctx.user);
};
