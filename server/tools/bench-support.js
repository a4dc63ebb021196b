'use strict';
/* Shared by the benchmarks: a fresh database beside BENCH_DB_URL, dropped afterwards. */
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

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
    /** A mysql2 connection to the fresh database (the bare driver). */
    connect: () => conn(name),
    drop: async () => {
      const d = await conn();
      await d.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await d.end();
    },
  };
}

/** The p-th percentile (nearest rank) of sorted numbers. */
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

module.exports = { freshDatabase, pct };
