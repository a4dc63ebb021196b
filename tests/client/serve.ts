/** Scripted API answers for the client tests: routes by method and path, everything else 404s. */
import Taro from '@tarojs/taro';
import { fail } from './fixtures';
import { fake, type FakeRequest } from './stubs/taro';

export type Route = (req: FakeRequest) => { statusCode: number; data: unknown } | undefined;

/** Logs in (a token in storage) and answers the requests the routes name; the first route that answers wins. */
export function serve(...routes: Route[]): void {
  Taro.setStorageSync('token', 't-1');
  fake.setHandler((req) => {
    for (const r of routes) {
      const res = r(req);
      if (res) return res;
    }
    return fail(404, 'NOT_FOUND', `没有找到 ${req.method} ${req.url}`);
  });
}

/** The request's path and query, without the test API base. */
export const path = (req: FakeRequest) => req.url.replace('http://api.test', '');

/** A route: `method` on exactly `p` (a string) or matching `p` (a RegExp). */
export const on =
  (method: string, p: string | RegExp, res: (req: FakeRequest) => { statusCode: number; data: unknown }): Route =>
  (req) =>
    req.method === method && (typeof p === 'string' ? path(req) === p : p.test(path(req))) ? res(req) : undefined;

/** The requests sent with `method` to exactly `p`. */
export const sentTo = (method: string, p: string) => fake.requests.filter((r) => r.method === method && path(r) === p);
export const posts = (p: string) => sentTo('POST', p);
export const gets = (p: string | RegExp) => fake.requests.filter((r) => r.method === 'GET' && (typeof p === 'string' ? path(r) === p : p.test(path(r))));
