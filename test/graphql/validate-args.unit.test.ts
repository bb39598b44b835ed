import 'reflect-metadata';
import { IsDefined, Max, Min } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { validateArgs } from '../../src/graphql/validate-args';

class Paging {
  @Min(1)
  @Max(100)
  first?: number | null;

  after?: string | null;
}

class MustName {
  @IsDefined()
  name?: string;
}

const validate = (value: unknown) => validateArgs(value, Paging, {} as Parameters<typeof validateArgs>[2]);

describe('argument validation', () => {
  it('refuses a value a rule forbids', async () => {
    await expect(validate(Object.assign(new Paging(), { first: 500 }))).rejects.toBeInstanceOf(ArgumentValidationError);
  });

  it('accepts an object whose values are all absent', async () => {
    await expect(validate(Object.assign(new Paging(), { first: undefined, after: null }))).resolves.toBeUndefined();
  });

  it('still applies a presence rule when every value is absent', async () => {
    await expect(validate(new MustName())).rejects.toBeInstanceOf(ArgumentValidationError);
  });

  it('checks each item of a list of inputs', async () => {
    await expect(validate([Object.assign(new Paging(), { first: 5 }), Object.assign(new Paging(), { first: 0 })])).rejects.toBeInstanceOf(
      ArgumentValidationError,
    );
  });
});

describe('argument validation, remembered', () => {
  it('gives the same verdict for the same values however often they come', async () => {
    for (let round = 0; round < 3; round++) {
      await expect(validate(Object.assign(new Paging(), { first: 20 }))).resolves.toBeUndefined();
      await expect(validate(Object.assign(new Paging(), { first: 101 }))).rejects.toBeInstanceOf(ArgumentValidationError);
    }
  });

  it('does not take a passed verdict for one class as a verdict for another with the same values', async () => {
    class Strict {
      @Max(10)
      first?: number;
    }
    await expect(validate(Object.assign(new Paging(), { first: 50 }))).resolves.toBeUndefined();
    await expect(validate(Object.assign(new Strict(), { first: 50 }))).rejects.toBeInstanceOf(ArgumentValidationError);
  });
});
