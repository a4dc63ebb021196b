#!/usr/bin/env node
/*
 * `npm run dev`: the everyday loop. Three processes, stopped together with Ctrl-C:
 *  - tsc --watch compiles the server into dist/server;
 *  - node --watch restarts the server whenever dist/server changes (embedded database,
 *    fake WeChat server, development login and demo data, as `npm start` on a fresh clone);
 *  - taro build --type h5 --watch rebuilds the mini-program's H5 version into dist/h5,
 *    which the server serves at http://127.0.0.1:3000/ (reload the page after a rebuild).
 * For the WeChat DevTools loop run `npx taro build --type weapp --watch` beside it.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const bin = (pkg, file) => require.resolve(join(pkg, file), { paths: [root] });
const env = { ...process.env };
for (const name of ['DEV_LOGIN', 'WECHAT_FAKE', 'SEED_DEMO']) if (env[name] === undefined) env[name] = 'true';
// A fixed port for the fake WeChat server, so WeChat DevTools can be pointed at it too.
if (env.WECHAT_FAKE_PORT === undefined) env.WECHAT_FAKE_PORT = '3099';

// One full compile first, so the server has something to start from.
const first = spawnSync(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'server/tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (first.status !== 0) process.exit(first.status ?? 1);

const children = [
  spawn(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'server/tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit', env }),
  spawn(process.execPath, ['--watch-path=dist/server', join(root, 'dist', 'server', 'main.js')], { cwd: root, stdio: 'inherit', env }),
  spawn(process.execPath, [bin('@tarojs/cli', 'bin/taro'), 'build', '--type', 'h5', '--watch'], { cwd: root, stdio: 'inherit', env: { ...env, NODE_ENV: 'development' } }),
];

const stop = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => {
  if (code && code !== 0) {
    stop();
    process.exitCode = code;
  }
});
