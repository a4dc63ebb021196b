#!/usr/bin/env node
/**
 * Prints the size of the built mini-program: the main package (everything outside the
 * subpackage roots named in dist/weapp/app.json) against WeChat's 2 MB limit, and each
 * subpackage. Exits 1 when a limit is exceeded.  Run after `npm run build:weapp`.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', process.env.DIST_DIR || 'dist', 'weapp');
const appJson = path.join(root, 'app.json');
if (!fs.existsSync(appJson)) {
  console.error('dist/weapp/app.json is missing: run `npm run build:weapp` first.');
  process.exit(1);
}
const LIMIT = 2 * 1024 * 1024;
const app = JSON.parse(fs.readFileSync(appJson, 'utf8'));
const subRoots = (app.subPackages || app.subpackages || []).map((s) => s.root.replace(/\/+$/, ''));
// Files WeChat does not upload as part of the code package.
const ignored = (rel) => rel === 'project.config.json' || rel === 'project.private.config.json' || rel.endsWith('.LICENSE.txt') || rel.endsWith('.map');

const sizes = { main: 0 };
for (const r of subRoots) sizes[r] = 0;
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(full);
      continue;
    }
    const rel = path.relative(root, full).split(path.sep).join('/');
    if (ignored(rel)) continue;
    const sub = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`));
    sizes[sub ?? 'main'] += fs.statSync(full).size;
  }
})(root);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let over = false;
for (const [name, size] of Object.entries(sizes)) {
  const bad = size > LIMIT;
  over ||= bad;
  console.log(`${name === 'main' ? 'main package' : `subpackage ${name}`}: ${kb(size)} (${size} B) of ${kb(LIMIT)}${bad ? '  OVER THE LIMIT' : ''}`);
}
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
console.log(`total: ${kb(total)}`);
process.exit(over ? 1 : 0);
