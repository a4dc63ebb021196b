#!/usr/bin/env node
/*
 * `npm start`: builds what is missing or stale (the server with tsc, the H5 mini-program with
 * Taro), then runs the server on one port: the API under /api, its docs at /api/docs and the
 * H5 build at /.
 *
 * Without DATABASE_URL the server uses the embedded database (data/wushe.sqlite) and runs as
 * a demo: the fake WeChat server on loopback, the development login and demo data in an empty
 * database. Each of these can still be switched off with its variable (DEV_LOGIN=false …).
 * With a real database (DATABASE_URL=mysql://… or mariadb://…) nothing of the demo is turned
 * on by default, and in production mode (NODE_ENV=production) the server refuses it outright.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const env = process.env;
/** Where builds go (relative to the repository): dist unless DIST_DIR says otherwise. */
const dist = env.DIST_DIR || 'dist';

/** Newest modification time of any file under `dirs` (0 if none). */
function newest(dirs) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules') walk(join(p, name));
    } else if (st.mtimeMs > max) max = st.mtimeMs;
  };
  dirs.forEach((d) => walk(join(root, d)));
  return max;
}

function mtime(file) {
  const p = join(root, file);
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}

function run(label, args) {
  const started = Date.now();
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: `building ${label}` })}\n`);
  const res = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  if (res.status !== 0) {
    process.stderr.write(`构建${label}失败，服务未启动\n`);
    process.exit(res.status ?? 1);
  }
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: `built ${label}`, seconds: Math.round((Date.now() - started) / 100) / 10 })}\n`);
}

const bin = (pkg, file) => require.resolve(join(pkg, file), { paths: [root] });

if (env.SKIP_BUILD !== 'true') {
  if (mtime(`${dist}/server/main.js`) < newest(['server/src', 'server/tsconfig.json', 'server/tsconfig.build.json'])) {
    run('server', [bin('typescript', 'bin/tsc'), '-p', 'server/tsconfig.build.json', '--outDir', `${dist}/server`]);
  }
  const h5Wanted = env.H5_DIR !== 'none' && env.H5_DIR !== '';
  if (h5Wanted && !env.H5_DIR && mtime(`${dist}/h5/index.html`) < newest(['client', 'config', 'tsconfig.json'])) {
    run('H5 mini-program', [bin('@tarojs/cli', 'bin/taro'), 'build', '--type', 'h5']);
    run('H5 compressed copies', [join(__dirname, 'precompress.js'), join(root, dist, 'h5')]);
  }
}

const dbUrl = env.DATABASE_URL || '';
const embedded = dbUrl === '' || dbUrl.startsWith('sqlite:');
const production = (env.NODE_ENV || '').trim() === 'production';
if (embedded && !production) {
  for (const name of ['DEV_LOGIN', 'WECHAT_FAKE', 'SEED_DEMO']) if (env[name] === undefined) env[name] = 'true';
}

if (env.H5_DIR === undefined) env.H5_DIR = join(root, dist, 'h5');
require(join(root, dist, 'server', 'main.js'));
