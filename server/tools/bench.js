#!/usr/bin/env node
/*
 * `npm run bench`: every performance figure of #15 in one run, each benchmark in its own process
 * (and each starting the server in yet another): public reads against the bare driver, the
 * flash crowd of sign-ups on MariaDB and on the embedded database, the H5 home tab, and the
 * weapp package sizes. README's "Benchmarks" says how to read them.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { loadavg } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const steps = [
  ['公开页面 vs 裸驱动 (public reads vs bare mysql2; cached, and while 10 writes/s commit)', 'server/tools/bench-public.js', {}],
  ['公开页面 不缓存 (public reads with PUBLIC_CACHE_SECONDS=0: each read computed)', 'server/tools/bench-public.js', { PUBLIC_CACHE_SECONDS: '0', BENCH_WRITES: '0' }],
  ['报名洪峰 MariaDB (flash crowd)', 'server/tools/bench-signups.js', {}],
  ['报名洪峰 内置数据库 (flash crowd, embedded)', 'server/tools/bench-signups.js', { BENCH_DB_URL: 'sqlite:bench' }],
  ['H5 首页 (home tab)', 'server/tools/bench-h5.js', {}],
];
if (existsSync(join(root, 'dist', 'weapp', 'app.json'))) steps.push(['小程序包大小 (weapp packages; goal main < 400 KB)', 'config/tools/weapp-size.js', {}]);

let failed = 0;
for (const [title, script, env] of steps) {
  console.log(`\n== ${title} — load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const res = spawnSync(process.execPath, [join(root, script)], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
