#!/usr/bin/env node
/*
 * Writes a .br and a .gz next to every script, style sheet and page of a build (dist/h5 by
 * default), once at build time, so that the server sends them compressed without spending CPU
 * per request (@fastify/static `preCompressed`). Files under 1 KB are left alone.
 */
'use strict';
const { readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { brotliCompressSync, gzipSync, constants } = require('node:zlib');

const dir = process.argv[2] || join(__dirname, '..', '..', process.env.DIST_DIR || 'dist', 'h5');
let files = 0;
let before = 0;
let after = 0;
const walk = (p) => {
  for (const name of readdirSync(p)) {
    const full = join(p, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (/\.(js|css|html|svg|json)$/.test(name) && statSync(full).size >= 1024) {
      const body = readFileSync(full);
      const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
      writeFileSync(`${full}.br`, br);
      writeFileSync(`${full}.gz`, gzipSync(body, { level: 9 }));
      files++;
      before += body.length;
      after += br.length;
    }
  }
};
walk(dir);
process.stdout.write(`precompressed ${files} files: ${Math.round(before / 1024)} KB → ${Math.round(after / 1024)} KB (brotli)\n`);
