import { AsyncResource } from 'node:async_hooks';

const LEAN = Symbol.for('wushe.leanAsyncBind');

/**
 * `AsyncResource#bind` without its deprecated extra (#15). Node's own version gives every bound
 * function an `asyncResource` accessor (deprecated, DEP0172) built from two fresh `util.deprecate`
 * wrappers. Nest calls `AsyncResource.bind` once per interceptor per request and Fastify once per
 * parsed body, and under a flash crowd those wrappers were ~a fifth of the framework's own CPU
 * per request (a CPU profile of GET /api/health/live under a 2,000-request crowd). The binding
 * itself is the same: the function runs in the resource's async scope (AsyncLocalStorage and
 * async_hooks see what they saw), with the caller's `this` unless `thisArg` is given.
 * Process-wide and idempotent; nothing of ours reads `asyncResource` or a bound function's length.
 */
export function useLeanAsyncBind(): void {
  const proto = AsyncResource.prototype as AsyncResource & { [LEAN]?: true };
  if (proto[LEAN]) return;
  Object.defineProperty(proto, LEAN, { value: true });
  proto.bind = function bind<Func extends (...args: any[]) => any>(this: AsyncResource, fn: Func, thisArg?: ThisParameterType<Func>) {
    if (typeof fn !== 'function') throw new TypeError(`The "fn" argument must be of type function. Received ${typeof fn}`);
    const resource = this;
    if (thisArg !== undefined) return resource.runInAsyncScope.bind(resource, fn, thisArg) as unknown as Func;
    return function (this: unknown, ...args: unknown[]) {
      return resource.runInAsyncScope(fn, this, ...args);
    } as unknown as Func;
  } as AsyncResource['bind'];
}
