import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const CONTRACT = join(ROOT, 'server/src/contract');

describe('the wire contract (server/src/contract)', () => {
  const files = readdirSync(CONTRACT).filter((f) => f.endsWith('.ts'));

  it('imports nothing but other contract files: no typeorm, nest, taro or any other runtime package', () => {
    const offending: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(CONTRACT, file), 'utf8');
      for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2] ?? m[3];
        if (!/^\.\/[\w-]+$/.test(spec)) offending.push(`${file}: ${spec}`);
      }
    }
    expect(files.length).toBeGreaterThan(3);
    expect(offending).toEqual([]);
  });

  it('has its JSON Schemas (the OpenAPI response schemas) generated from the current types', () => {
    // Throws (exit 1) when server/src/openapi/contract-schemas.json is stale: run `npm run contract`.
    expect(() => execFileSync(process.execPath, [join(ROOT, 'server/tools/contract-schema.js'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
