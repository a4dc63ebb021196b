import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import schemas from './contract-schemas.json';

/**
 * The OpenAPI document at /api/docs-json: Nest's request schemas (from the DTO classes) plus a
 * response schema for every route (ApiData/ApiPage), taken from the JSON Schemas generated from
 * the contract types. JSON Schema says "string or null" as `type: [..., 'null']`, which is
 * OpenAPI 3.1, so the document says 3.1.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('五社联动 API')
    .setDescription(
      '社区、社会组织、社会工作者、社区志愿者、社会慈善资源联动的服务闭环。' +
        '成功响应为 `{ data }`，失败响应为 `{ error: { code, message, requestId, fields? } }`（ErrorBody）。' +
        '响应结构来自共享契约 server/src/contract。' +
        '创建类的 POST 可带请求头 `Idempotency-Key`（8–64 位字母、数字、- 或 _，同一次提交重试时不变）：' +
        '同一用户 24 小时内重复发送同一编号，返回第一次的结果（响应头 `Idempotent-Replayed: true`），不会重复创建；' +
        '同一编号用于不同的接口或内容为 422 IDEMPOTENCY_KEY_REUSED，第一次仍在处理时稍候片刻后为 409。',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  doc.openapi = '3.1.0';
  doc.components = doc.components ?? {};
  doc.components.schemas = { ...(doc.components.schemas ?? {}), ...contractSchemas() };
  return doc;
}

let cached: Record<string, object> | null = null;

/** The generated definitions with their references pointed at components/schemas. */
export function contractSchemas(): Record<string, object> {
  if (!cached) {
    const text = JSON.stringify(schemas.definitions).replace(/"#\/definitions\//g, '"#/components/schemas/');
    cached = JSON.parse(text) as Record<string, object>;
  }
  return cached;
}
