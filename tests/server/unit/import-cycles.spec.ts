import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Import loops (what `madge --circular` reports, without the dependency): runtime imports only
 * (`import type` is erased), between files, and between the domain folders of server/src. The
 * platform folders (auth, users, roles, tree, orgs, common, config, database, audit, wechat,
 * openapi, contract, health, redis) form the layer the domains stand on; a domain may use them, and they must
 * not import a domain.
 */
const SRC = resolve(__dirname, '../../../server/src');
const PLATFORM = new Set(['auth', 'users', 'roles', 'tree', 'orgs', 'common', 'config', 'database', 'audit', 'wechat', 'openapi', 'contract', 'health', 'redis']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Runtime imports of a file, resolved to files (type-only imports and bindings left out). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)([^'";]*?)from\s+['"](\.[^'"]+)['"]/gms)) {
    const named = /\{([^}]*)\}/.exec(m[1]);
    const rest = m[1].replace(/\{[^}]*\}/, '').replace(/[,\s]/g, '');
    if (named && !rest && named[1].split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))) continue;
    const base = resolve(dirname(file), m[2]);
    for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
      try {
        if (statSync(candidate).isFile()) {
          out.push(candidate);
          break;
        }
      } catch {
        /* not this one */
      }
    }
  }
  return out;
}

const folderOf = (file: string) => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : '(top)';
};

describe('import loops in server/src', () => {
  const all = files(SRC);
  const graph = new Map(all.map((f) => [f, runtimeImports(f)]));

  it('has none between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      path.push(f);
      for (const g of graph.get(f) ?? []) {
        if (state.get(g) === 'open') cycles.push(path.slice(path.indexOf(g)).map((x) => relative(SRC, x)).join(' → '));
        else if (!state.has(g)) visit(g);
      }
      path.pop();
      state.set(f, 'done');
    };
    for (const f of all) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('has none between domain folders, and the platform imports no domain', () => {
    const edges = new Map<string, Set<string>>();
    const platformToDomain: string[] = [];
    for (const [f, imports] of graph) {
      const a = folderOf(f);
      for (const g of imports) {
        const b = folderOf(g);
        if (a === b || b === '(top)') continue;
        if (PLATFORM.has(a) && !PLATFORM.has(b) && a !== '(top)') platformToDomain.push(`${relative(SRC, f)} → ${relative(SRC, g)}`);
        if (!PLATFORM.has(a) && !PLATFORM.has(b)) (edges.get(a) ?? edges.set(a, new Set()).get(a)!).add(b);
      }
    }
    const loops: string[] = [];
    for (const start of edges.keys()) {
      const stack: string[][] = [[start]];
      while (stack.length) {
        const p = stack.pop()!;
        for (const n of edges.get(p[p.length - 1]) ?? []) {
          if (n === start) loops.push([...p, start].join(' → '));
          else if (!p.includes(n)) stack.push([...p, n]);
        }
      }
    }
    expect(platformToDomain).toEqual([]);
    expect(loops).toEqual([]);
  });
});
