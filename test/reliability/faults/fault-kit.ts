import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../../../src/auth/tokens';
import { runToExit } from '../../support/child-server';

/** What the fault tests share: a secret, a fresh data folder, GraphQL over HTTP to a child server. */
export const SECRET = 'fault-test-secret-at-least-32-characters';

export const freshDataDir = (): string => mkdtempSync(join(tmpdir(), 'daftar-fault-'));

export const envFor = (dataDir: string, more: Record<string, string> = {}): Record<string, string> => ({
  DATA_DIR: dataDir,
  AUTH_JWT_SECRET: SECRET,
  ...more,
});

export const tokenOf = (role: 'CLERK' | 'AUDITOR') =>
  signToken({ sub: `fault-${role.toLowerCase()}`, name: `Fault ${role}`, roles: [role], expiresIn: '1h' }, SECRET);

export interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions: { code: string; [key: string]: unknown } }[];
}

export const gql = async (url: string, query: string, variables: Record<string, unknown> = {}, role: 'CLERK' | 'AUDITOR' = 'CLERK'): Promise<Answer> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(role)}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
};

const REGISTER = `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id name } position } }`;

/** Registers `count` organizations named `<prefix> n`; returns the names the server acknowledged. */
export const registerOrganizations = async (url: string, prefix: string, count: number): Promise<string[]> => {
  const acknowledged: string[] = [];
  for (let n = 1; n <= count; n++) {
    const name = `${prefix} ${n}`;
    const answer = await gql(url, REGISTER, { input: { kind: 'OTHER', name, idempotencyKey: `${prefix}-${n}` } });
    if (answer.data?.registerOrganization) acknowledged.push(answer.data.registerOrganization.organization.name);
  }
  return acknowledged;
};

/** Every organization's name, as the read models answer. */
export const organizationNames = async (url: string): Promise<string[]> => {
  const answer = await gql(url, `query { organizations(first: 500) { edges { node { name } } } }`, {}, 'AUDITOR');
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data.organizations.edges.map((edge: { node: { name: string } }) => edge.node.name);
};

export const health = async (url: string): Promise<{ status: number; body: any }> => {
  const response = await fetch(url.replace(/\/graphql$/, '/healthz'));
  return { status: response.status, body: await response.json() };
};

/** Polls until `check` holds (or the time is up, when the last answer is returned for the assertion to fail on). */
export const eventually = async <T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** The server started on `env` to its end: it must refuse, not serve. */
export const refusedStart = (env: Record<string, string>) => runToExit('src/main.ts', { PORT: '0', ...env });

/** A stack trace's lines, which a refusal never prints. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

/**
 * Marks a file immutable (chattr +i): even root may not write to it, as a read-only file is for the
 * server's user in production. Null with the reason when the file system or the user cannot.
 */
export const makeImmutable = (path: string): string | null => {
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `chattr +i is not available here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
};

export const makeMutable = (path: string): void => {
  try {
    execFileSync('chattr', ['-i', path], { stdio: 'pipe' });
  } catch {
    // it was not immutable
  }
};
