import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalJson, GENESIS_HASH, hashEvent, type UnhashedEvent } from '../../src/eventstore/hash-chain';

/** The hash chain is over canonicalize's output: the faster path must write the very same text for anything. */
describe('canonicalJson', () => {
  const same = (value: unknown) => expect(canonicalJson(value)).toBe(canonicalize(value));

  it('writes what canonicalize writes for any JSON, as parsed from text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => same(JSON.parse(JSON.stringify(value)))),
      { numRuns: 2000 },
    );
  });

  it('writes what canonicalize writes for objects of any keys and values, or throws as it does', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true }), (value) => {
        let expected: string | undefined;
        try {
          expected = canonicalize(value);
        } catch {
          expect(() => canonicalJson(value)).toThrow();
          return;
        }
        expect(canonicalJson(value)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the keys JSON.stringify would reorder or drop in canonical order', () => {
    same({ b: 1, a: [1, { d: null, c: 'x' }], 10: 'ten', 9: 'nine' });
    same(JSON.parse('{"__proto__": {"z": 1, "y": 2}, "a": "بند ۱"}'));
    same({ toJSON: 'not a function', a: 1 });
    same({ a: undefined, b: [undefined, 1], c: -0, d: 1e21, e: '\ud800' });
    same({ date: new Date(0), nested: { toJSON: () => ({ b: 2, a: 1 }) } });
  });

  it('writes keys past the ones it remembers quoted as it writes the first', () => {
    // More distinct keys than are kept quoted: the last ones are quoted afresh each time.
    const many = Object.fromEntries(Array.from({ length: 12_000 }, (_, n) => [`key "${n}" \u0000`, n]));
    same(many);
    same(many);
    same({ ...many, z: { [`key "11999" \u0000`]: 'again' } });
  });
});

/** An envelope's hash is written without a sorted copy of it: the text must be canonicalize's for any envelope. */
describe('hashEvent', () => {
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  const envelope = fc.record({
    eventId: fc.string(),
    type: fc.string(),
    data: fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown),
    schemaVersion: fc.integer({ min: 1 }),
    streamId: fc.fullUnicodeString(),
    revision: fc.nat(),
    position: fc.bigInt({ min: 1n }).map(String),
    recordedAt: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    metadata: fc.record({ occurredAt: fc.string(), actor: fc.record({ id: fc.fullUnicodeString(), name: fc.string(), role: fc.constantFrom('CLERK' as const, 'ADMIN' as const) }), note: fc.option(fc.jsonValue(), { nil: undefined }) }),
    previousHash: fc.hexaString({ minLength: 64, maxLength: 64 }),
  });

  it('is SHA-256 of what canonicalize writes for the envelope', () => {
    fc.assert(
      fc.property(envelope, (event) => expect(hashEvent(event)).toBe(sha256(canonicalize(event)!))),
      { numRuns: 1000 },
    );
  });

  it('takes the general path for an envelope that is not plain JSON, with the same result', () => {
    const odd = { eventId: 'e', type: 't', data: { at: new Date(0), list: [1, undefined] }, schemaVersion: 1, streamId: 's', revision: 0, position: '1', recordedAt: 'r', metadata: { actor: { id: 'a' } }, previousHash: GENESIS_HASH };
    expect(hashEvent(odd as unknown as UnhashedEvent)).toBe(sha256(canonicalize(odd)!));
  });
});
