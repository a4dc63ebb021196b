'use strict';
/* Shared by the benchmarks: a fresh database beside BENCH_DB_URL (dropped afterwards), the built
 * server in its own process, a free port, percentiles. */
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { loadavg, tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');

/** A fresh database: mariadb://… creates `wushe_bench_…` beside the one named; sqlite:… a temp file. */
async function freshDatabase(dbUrl) {
  if (dbUrl.startsWith('sqlite:')) {
    const dir = mkdtempSync(join(tmpdir(), 'wushe-bench-'));
    return { url: `sqlite:${join(dir, 'bench.sqlite')}`, kind: 'sqlite', drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { createConnection } = require('mysql2/promise');
  const base = new URL(dbUrl);
  const conn = (database) =>
    createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password), database });
  const name = `wushe_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const c = await conn();
  await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await c.end();
  const url = new URL(dbUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: base.protocol.replace(':', ''),
    name,
    /** A mysql2 connection to the fresh database (the bare driver). */
    connect: () => conn(name),
    drop: async () => {
      const d = await conn();
      await d.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await d.end();
    },
  };
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * A node script in its own process; resolves once its output contains `ready` (the server's
 * "server started"). Its output is kept (the last 100 KB) for the error message and otherwise
 * drained, as a log collector would.
 */
async function startProcess(script, env, ready, args = []) {
  const child = spawn(process.execPath, [...args, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // BENCH_SERVER_LOG=file: everything the process writes goes there too (with `--trace-gc` in BENCH_NODE_ARGS, say).
  const log = process.env.BENCH_SERVER_LOG ? require('node:fs').createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' }) : null;
  const keep = (b) => {
    out = (out + b).slice(-100_000);
    log?.write(b);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  await new Promise((resolve, reject) => {
    const check = () => out.includes(ready) && resolve();
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${out.slice(-2000)}`)));
  });
  return {
    child,
    output: () => out,
    stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))),
  };
}

/**
 * The node flags `npm start` gives the server (package.json's start script: `node <flags>
 * server/tools/start.js`), so that the benchmarks run it the same way.
 */
function startFlags() {
  const start = require(join(root, 'package.json')).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** The built server (dist/server/main.js) in its own process, as `npm start` runs it, on `database`. */
async function startServer(database, env = {}, nodeArgs = []) {
  const port = await freePort();
  nodeArgs = [...startFlags(), ...nodeArgs];
  const proc = await startProcess(
    join(root, 'dist', 'server', 'main.js'),
    {
      NODE_ENV: 'development',
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: 'bench-secret-not-for-production-0123456789abcdef',
      H5_DIR: 'none',
      LOG_LEVEL: 'info',
      SEED_DEMO: 'false',
      DEV_LOGIN: 'false',
      JOB_INTERVAL_SECONDS: '3600',
      THROTTLE_PER_MINUTE: '10000000',
      THROTTLE_LOGIN_PER_MINUTE: '1000000',
      ...env,
    },
    '"msg":"server started"',
    nodeArgs,
  );
  return { ...proc, port, base: `http://127.0.0.1:${port}/api`, secret: 'bench-secret-not-for-production-0123456789abcdef' };
}

/** The p-th percentile (nearest rank) of sorted numbers. */
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * CPU milliseconds a process has used so far (user + system, from /proc/<pid>/stat; Linux only,
 * else null). Less noisy than wall time on a shared machine: a round's difference divided by its
 * requests is the server's CPU cost per request.
 */
function cpuMs(pid) {
  try {
    const stat = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return null;
  }
}

/** The 1-minute load average, printed beside the figures (a shared machine is noisy). */
const load = () => loadavg()[0].toFixed(2);

module.exports = { freshDatabase, freePort, startProcess, startServer, startFlags, pct, load, cpuMs, root };
