import { decodeJwt } from 'jose';
import { verifyToken, type AuthenticatedUser } from './tokens';

/**
 * Bearer tokens already verified, remembered until they expire: a client sends the same token with
 * every request, and checking its signature and claims each time cost more than the read it
 * guarded. Only a token that passed `verifyToken` is kept, keyed by its full text (signature
 * included, so no other token can hit its entry), and never used at or after its `exp` (stricter
 * than the 5 s tolerance `verifyToken` allows). A token without `exp` is verified every time.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { user: AuthenticatedUser; expiresAtMs: number }>();

  constructor(
    private readonly secret: string,
    private readonly capacity = 1_000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<AuthenticatedUser> {
    const known = this.entries.get(token);
    if (known && known.expiresAtMs > this.nowMs()) return known.user;
    if (known) this.entries.delete(token);
    const user = await verifyToken(token, this.secret);
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number') {
      // Shared by every request carrying the token: frozen, so no request can change another's user.
      Object.freeze(user.roles);
      this.entries.set(token, { user: Object.freeze(user), expiresAtMs: exp * 1000 });
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return user;
  }
}
