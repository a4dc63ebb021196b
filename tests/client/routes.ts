/** A small fake API for client tests: answer the requests a test names; everything else 404s. */
import Taro from '@tarojs/taro';
import { fail } from './fixtures';
import { fake, type FakeRequest } from './stubs/taro';

export type Route = (req: FakeRequest) => { statusCode: number; data: unknown } | undefined;

/** Logs in (a stored token) and answers with the first route that matches. */
export function serve(...routes: Route[]) {
  Taro.setStorageSync('token', 't-1');
  fake.setHandler((req) => {
    for (const r of routes) {
      const res = r(req);
      if (res) return res;
    }
    return fail(404, 'NOT_FOUND', `没有找到 ${req.method} ${req.url}`);
  });
}
export const path = (req: FakeRequest) => req.url.replace('http://api.test', '');
export const on =
  (method: string, p: string | RegExp, res: (req: FakeRequest) => { statusCode: number; data: unknown }): Route =>
  (req) =>
    req.method === method && (typeof p === 'string' ? path(req) === p : p.test(path(req))) ? res(req) : undefined;
export const posts = (p: string) => fake.requests.filter((r) => r.method === 'POST' && path(r) === p);
export const gets = (p: string | RegExp) => fake.requests.filter((r) => r.method === 'GET' && (typeof p === 'string' ? path(r) === p : p.test(path(r))));
