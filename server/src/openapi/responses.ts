import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';
import schemas from './contract-schemas.json';

/** The name of a type exported by the wire contract (server/src/contract); a typo does not compile. */
export type ContractType = keyof typeof schemas.definitions;

const ref = (type: ContractType) => ({ $ref: `#/components/schemas/${type}` });

/** `{ data: <schema> }`, the envelope every success goes out in (EnvelopeInterceptor). */
function enveloped(data: object, description: string) {
  return ApiResponse({
    status: '2XX',
    description,
    schema: { type: 'object', properties: { data }, required: ['data'], additionalProperties: false },
  });
}

/**
 * The response of a route, as a contract type: `@ApiData('NeedView')`, a list with
 * `@ApiData(['NeedListItem'])`, or nothing (`@ApiData(null)`, data is null). It goes into
 * /api/docs-json with the schema generated from the type, and the integration tests check every
 * response against it.
 */
export function ApiData(type: ContractType | [ContractType] | null, description = '成功') {
  if (type === null) return enveloped({ type: 'null' }, description);
  if (Array.isArray(type)) return enveloped({ type: 'array', items: ref(type[0]) }, description);
  return enveloped(ref(type), description);
}

/** A page of a list: `{ data: { items: T[], total } }` (contract Paged<T>). */
export function ApiPage(type: ContractType, description = '成功') {
  return enveloped(
    {
      type: 'object',
      properties: { items: { type: 'array', items: ref(type) }, total: { type: 'integer', minimum: 0 } },
      required: ['items', 'total'],
      additionalProperties: false,
    },
    description,
  );
}

/** A file rather than JSON (a photo, a PDF, an Excel ledger). */
export function ApiFile(mime: string, description = '文件') {
  return applyDecorators(ApiProduces(mime), ApiResponse({ status: 200, description, content: { [mime]: { schema: { type: 'string', format: 'binary' } } } }));
}
