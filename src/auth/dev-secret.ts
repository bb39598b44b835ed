import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../core/event';
import { signToken } from './tokens';

/**
 * Outside production a newcomer should not have to invent a secret: one is made once per DATA_DIR
 * (readable by the owner only) and reused, so tokens printed at start-up stay valid across restarts.
 */
export const developmentSecret = (dataDir: string): string => {
  const file = join(dataDir, 'dev-jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
};

export interface DevelopmentToken {
  name: string;
  roles: Role[];
  token: string;
}

/**
 * The ready tokens a development server offers (printed at start, and listed to the console at
 * /console/dev-tokens.json): a clerk's and an auditor's, signed with the development secret.
 */
export const developmentTokens = async (secret: string): Promise<DevelopmentToken[]> => {
  const people: { sub: string; name: string; roles: Role[] }[] = [
    { sub: 'dev-clerk', name: 'Development clerk', roles: ['CLERK'] },
    { sub: 'dev-auditor', name: 'Development auditor', roles: ['AUDITOR'] },
  ];
  return Promise.all(people.map(async (person) => ({ name: person.name, roles: person.roles, token: await signToken({ ...person, expiresIn: '30d' }, secret) })));
};
