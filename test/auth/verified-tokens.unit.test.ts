import * as tokens from '../../src/auth/tokens';
import { VerifiedTokens } from '../../src/auth/verified-tokens';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

describe('VerifiedTokens: a verified token is remembered until it expires', () => {
  afterEach(() => jest.restoreAllMocks());

  it('verifies a token once and answers the same user for it until its exp', async () => {
    const verify = jest.spyOn(tokens, 'verifyToken');
    const token = await tokens.signToken({ sub: 'u1', name: 'منشی', roles: ['CLERK'], expiresIn: '1h' }, SECRET);
    let now = Date.now();
    const verified = new VerifiedTokens(SECRET, 10, () => now);
    const first = await verified.verify(token);
    expect(await verified.verify(token)).toBe(first);
    expect(first).toEqual({ id: 'u1', name: 'منشی', roles: ['CLERK'] });
    expect(verify).toHaveBeenCalledTimes(1);
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);

    now += 3_600_000; // the token's exp: checked again, and jose (on the real clock) still accepts it
    await verified.verify(token);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('never remembers a token that failed, nor lets a forged signature reach a remembered one', async () => {
    const token = await tokens.signToken({ sub: 'u1', name: 'منشی', roles: ['CLERK'] }, SECRET);
    const verified = new VerifiedTokens(SECRET);
    await verified.verify(token);
    const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${'A'.repeat(43)}`;
    await expect(verified.verify(forged)).rejects.toThrow('invalid token');
    const otherSecret = await tokens.signToken({ sub: 'u1', name: 'منشی', roles: ['ADMIN'] }, 'another-secret-that-is-long-enough-too');
    await expect(verified.verify(otherSecret)).rejects.toThrow('invalid token');
    await expect(verified.verify(otherSecret)).rejects.toThrow('invalid token');
  });

  it('keeps at most its capacity, dropping the oldest', async () => {
    const verify = jest.spyOn(tokens, 'verifyToken');
    const [a, b, c] = await Promise.all(
      ['a', 'b', 'c'].map((sub) => tokens.signToken({ sub, name: sub, roles: ['AUDITOR'] }, SECRET)),
    );
    const verified = new VerifiedTokens(SECRET, 2);
    for (const token of [a, b, c]) await verified.verify(token);
    await verified.verify(c);
    await verified.verify(b);
    expect(verify).toHaveBeenCalledTimes(3);
    await verified.verify(a);
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
