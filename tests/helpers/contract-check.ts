import Ajv, { type ValidateFunction } from 'ajv';
import schemas from '../../server/src/openapi/contract-schemas.json';

/**
 * Checks every JSON success response the integration tests receive against the response schema
 * its route declares in /api/docs-json (generated from the contract types). So every existing
 * test also checks that the server sends exactly what the contract says: a field the contract
 * lacks, a missing one or a wrong type fails the test that saw it.
 */
interface Operation {
  method: string;
  pattern: RegExp;
  params: number;
  path: string;
  validate: ValidateFunction | null;
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'contract', definitions: JSON.parse(JSON.stringify(schemas.definitions)) });

const toContractRefs = (schema: unknown): object => JSON.parse(JSON.stringify(schema).replace(/"#\/(components\/schemas|definitions)\//g, '"contract#/definitions/'));

export class ContractChecker {
  private constructor(private readonly operations: Operation[]) {}

  /** Reads the server's OpenAPI document once. */
  static async load(baseUrl: string): Promise<ContractChecker> {
    const doc = (await (await fetch(`${baseUrl}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
    };
    const ops: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const schema = op.responses?.['2XX']?.content?.['application/json']?.schema;
        const params = (path.match(/\{[^}]+\}/g) ?? []).length;
        const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
        ops.push({ method: method.toUpperCase(), pattern, params, path, validate: schema ? ajv.compile(toContractRefs(schema)) : null });
      }
    }
    // A literal segment wins over a parameter (/needs/mine before /needs/{id}).
    ops.sort((a, b) => a.params - b.params);
    return new ContractChecker(ops);
  }

  /** Throws when a 2xx JSON body does not match the route's declared response. */
  check(method: string, url: string, status: number, body: unknown): void {
    if (status < 200 || status >= 300) return;
    const path = url.split('?')[0];
    const op = this.operations.find((o) => o.method === method && o.pattern.test(path));
    if (!op?.validate) return;
    if (!op.validate(body)) {
      const problems = (op.validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
      throw new Error(`${method} ${path} (${op.path}) answered ${status} with a body that does not match the contract:\n  ${problems.join('\n  ')}`);
    }
  }
}

const checkers = new Map<string, ContractChecker>();
export const checkerFor = (baseUrl: string) => checkers.get(baseUrl);
export async function registerChecker(baseUrl: string): Promise<void> {
  checkers.set(baseUrl, await ContractChecker.load(baseUrl));
}
export const forgetChecker = (baseUrl: string) => checkers.delete(baseUrl);
