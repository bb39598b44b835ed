import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from '../../src/eventstore/hash-chain';

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
});
