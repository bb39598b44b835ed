import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { ROLES, type Role } from '../core/event';
import { Unauthenticated } from '../core/errors';

export interface AuthenticatedUser {
  id: string;
  name: string;
  roles: Role[];
}

const ALGORITHM = 'HS256';

const Claims = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  roles: z.array(z.enum(ROLES)).min(1),
});

const keyOf = (secret: string): Uint8Array => new TextEncoder().encode(secret);

/** Verifies a bearer token: HS256 only (no `none`, no key confusion), expiry enforced, claims as API.md says. */
export const verifyToken = async (token: string, secret: string): Promise<AuthenticatedUser> => {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { algorithms: [ALGORITHM], clockTolerance: 5 });
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw new Unauthenticated('token claims must include sub, name and roles');
    return { id: claims.data.sub, name: claims.data.name, roles: [...new Set(claims.data.roles)] };
  } catch (error) {
    if (error instanceof Unauthenticated) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new Unauthenticated('token expired');
    throw new Unauthenticated('invalid token');
  }
};

export interface TokenRequest {
  sub: string;
  name: string;
  roles: Role[];
  /** e.g. '8h', '30d' (jose's time span syntax). */
  expiresIn?: string;
}

export const signToken = async (request: TokenRequest, secret: string): Promise<string> =>
  new SignJWT({ name: request.name, roles: request.roles })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(keyOf(secret));

export const bearerTokenOf = (header: string | undefined): string | null => {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : null;
};
