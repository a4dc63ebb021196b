import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const clientDir = join(__dirname, '..', '..', 'client');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : sources(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

describe('page modules', () => {
  // Taro builds each page as its own entry that exports only the page: a named import from a page
  // module is undefined in the built mini-program and H5 (and only a build warning), though jest,
  // which reads the source, sees it. Shared code lives in utils/, components/, services/, hooks/.
  it('are never imported for anything but the page itself', () => {
    const offenders: string[] = [];
    for (const file of sources(clientDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/import\s+([^'"]*?)\s+from\s+'([^']+)'/g)) {
        const [, bindings, from] = m;
        if (from.startsWith('.') && /(^|\/)pages\/.*index$/.test(from) && bindings.includes('{')) offenders.push(`${relative(clientDir, file)}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
