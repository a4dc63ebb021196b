import { IsInt, Max, MaxLength, validate } from 'class-validator';
import { createValidationPipe } from '../../../server/src/common/validation';

describe('remembered validation rules (class-validator lookups cached per DTO)', () => {
  it('validates as before, repeatedly, and sees rules added after the first lookup (a class loaded later)', async () => {
    createValidationPipe();
    class First {
      @IsInt()
      n: unknown;
    }
    const bad = Object.assign(new First(), { n: 'x' });
    expect((await validate(bad)).map((e) => e.property)).toEqual(['n']);
    expect((await validate(bad)).map((e) => e.property)).toEqual(['n']);
    expect(await validate(Object.assign(new First(), { n: 3 }))).toEqual([]);

    // A subclass decorated after First's rules were remembered: both its own and the inherited rules apply.
    class Second extends First {
      @MaxLength(2)
      s: unknown;
    }
    const errs = await validate(Object.assign(new Second(), { n: 'x', s: 'abc' }));
    expect(errs.map((e) => e.property).sort()).toEqual(['n', 's']);
    // And First itself gains a rule later (a decorator applied at runtime): the cache is forgotten.
    Max(5)(First.prototype, 'n');
    expect((await validate(Object.assign(new First(), { n: 9 }))).map((e) => Object.keys(e.constraints ?? {}))).toEqual([['max']]);
  });
});
