import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { useLeanAsyncBind } from '../../../server/src/common/async-bind';

describe('useLeanAsyncBind (AsyncResource#bind without the deprecated accessor)', () => {
  beforeAll(() => useLeanAsyncBind());

  it('runs the bound function in the async context it was bound in, as Nest and Fastify rely on', async () => {
    const als = new AsyncLocalStorage<string>();
    const bound = als.run('request-1', () => AsyncResource.bind(() => als.getStore()));
    expect(als.getStore()).toBeUndefined();
    expect(bound()).toBe('request-1');
    // Later, from another context and after an await, still the context it was bound in.
    const seen = await als.run('request-2', async () => {
      await new Promise((r) => setImmediate(r));
      return bound();
    });
    expect(seen).toBe('request-1');
  });

  it('keeps the caller’s `this` unless thisArg is given, passes arguments and results through, and refuses a non-function', () => {
    const resource = new AsyncResource('test');
    function who(this: { name?: string } | undefined, a: number, b: number) {
      return `${this?.name}:${a + b}`;
    }
    const loose = resource.bind(who);
    expect(loose.call({ name: 'caller' }, 1, 2)).toBe('caller:3');
    const fixed = (resource.bind as (fn: typeof who, thisArg: unknown) => typeof who)(who, { name: 'given' });
    expect(fixed.call({ name: 'caller' }, 2, 3)).toBe('given:5');
    // (by message: under jest another test file's realm may have installed it, with its own TypeError)
    expect(() => resource.bind(42 as unknown as () => void)).toThrow(/"fn" argument must be of type function/);
    expect(Object.prototype.hasOwnProperty.call(loose, 'asyncResource')).toBe(false);
  });

  it('is idempotent', () => {
    const first = AsyncResource.prototype.bind;
    useLeanAsyncBind();
    expect(AsyncResource.prototype.bind).toBe(first);
  });
});
