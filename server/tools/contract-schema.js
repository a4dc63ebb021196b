#!/usr/bin/env node
/**
 * Writes server/src/openapi/contract-schemas.json: a JSON Schema for every type exported by the
 * wire contract (server/src/contract), generated from the TypeScript itself, so the OpenAPI
 * document's response schemas can never say something the types do not. The file is committed;
 * `npm run contract` regenerates it and a test fails when it is stale.
 *
 *   node server/tools/contract-schema.js          write the file
 *   node server/tools/contract-schema.js --check  exit 1 (and say so) if the file is stale
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');

const root = join(__dirname, '..', '..');
const out = join(root, 'server/src/openapi/contract-schemas.json');

function generate() {
  const schema = createGenerator({
    path: join(root, 'server/src/contract/*.ts'),
    tsconfig: join(root, 'server/tsconfig.json'),
    type: '*',
    expose: 'export',
    topRef: true,
    jsDoc: 'basic',
    skipTypeCheck: true,
    // The shared formatting rules (format.ts) are functions, not wire shapes.
    functions: 'hide',
    additionalProperties: false,
    sortProps: true,
  }).createSchema('*');
  // Only the definitions (named after the exported types), in a stable order.
  const definitions = Object.fromEntries(Object.entries(schema.definitions ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ definitions }, null, 2)}\n`;
}

const text = generate();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('server/src/openapi/contract-schemas.json is stale: run `npm run contract` and commit it');
    process.exit(1);
  }
  console.log('contract schemas are up to date');
} else {
  writeFileSync(out, text);
  console.log(`wrote ${Object.keys(JSON.parse(text).definitions).length} schemas to server/src/openapi/contract-schemas.json`);
}
