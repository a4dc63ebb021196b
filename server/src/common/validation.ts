import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { AppError, ErrorCode, type FieldError } from './errors';

/**
 * Request validation: one pipe for the whole API. A failed check answers 400 VALIDATION_FAILED
 * with each field named and a Chinese message built from the field's label (`@Label`) and the
 * rule that failed, e.g. `楼栋不能超过 16 个字`.
 */

const LABEL = Symbol('field-label');

/** Names a DTO field for people (validation messages) and for the OpenAPI document. */
export function Label(label: string, options: ApiPropertyOptions = {}): PropertyDecorator {
  return (target, key) => {
    Reflect.defineMetadata(LABEL, label, target, key);
    ApiProperty({ description: label, ...options } as ApiPropertyOptions)(target, key as string);
  };
}

type Rule = (label: string, c: unknown[]) => string;

const RULES: Record<string, Rule> = {
  isDefined: (l) => `请填写${l}`,
  isNotEmpty: (l) => `请填写${l}`,
  isString: (l) => `${l}应为文字`,
  isInt: (l) => `${l}应为整数`,
  isNumber: (l) => `${l}应为数字`,
  isBoolean: (l) => `${l}应为是或否`,
  isPositive: (l) => `${l}应大于 0`,
  min: (l, c) => `${l}不能小于 ${c[0]}`,
  max: (l, c) => `${l}不能大于 ${c[0]}`,
  minLength: (l, c) => `${l}至少需要 ${c[0]} 个字`,
  maxLength: (l, c) => `${l}不能超过 ${c[0]} 个字`,
  length: (l, c) => `${l}应为 ${c[0]}–${c[1]} 个字`,
  isIn: (l, c) => `${l}只能是：${(c[0] as unknown[]).join('、')}`,
  isEnum: (l, c) => `${l}只能是：${Object.values(c[0] as object).join('、')}`,
  matches: (l) => `${l}格式不正确`,
  isDateString: (l) => `${l}应为日期时间（如 2026-05-01T09:00:00+08:00）`,
  isISO8601: (l) => `${l}应为日期时间（如 2026-05-01T09:00:00+08:00）`,
  arrayMaxSize: (l, c) => `${l}最多 ${c[0]} 项`,
  arrayMinSize: (l, c) => `${l}至少 ${c[0]} 项`,
  isArray: (l) => `${l}应为列表`,
  whitelistValidation: (l) => `不支持的字段“${l}”，请去掉后重试`,
};

const FIRST = ['whitelistValidation', 'isDefined', 'isNotEmpty', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isIn', 'isEnum'];
const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);

function constraintArgs(target: object | undefined, property: string, name: string): unknown[] {
  if (!target) return [];
  const metas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const meta = metas.find((m) => m.propertyName === property && (m.name === name || m.type === name));
  return meta?.constraints ?? [];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const label: string =
      (e.target && Reflect.getMetadata(LABEL, Object.getPrototypeOf(e.target), e.property)) || e.property;
    const names = Object.keys(e.constraints ?? {});
    // Report the most basic failure first: a missing value before its type, its type before its range.
    const name = names.sort((a, b) => rank(a) - rank(b))[0];
    if (name) {
      const rule = RULES[name];
      const message = rule
        ? rule(name === 'whitelistValidation' ? e.property : label, constraintArgs(e.target, e.property, name))
        : `${label}不符合要求`;
      out.push({ field, message });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

export function validationErrorToAppError(errors: ValidationError[]): AppError {
  const fields = flatten(errors);
  const message = fields.length ? fields.map((f) => f.message).join('；') : '请求内容不符合要求';
  return new AppError(ErrorCode.VALIDATION_FAILED, message, fields);
}

/**
 * The pipe, refusing a body that is not a JSON object (an array, a string, null) before
 * class-transformer turns it into something a service would trip over.
 */
class ObjectBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata) && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, '请求内容应为一个 JSON 对象（用 { } 括起的字段），请检查后重新提交');
    }
    return super.transform(value, metadata);
  }
}

type MetadataLookup = ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas'];
const REMEMBERED = Symbol.for('wushe.rememberedValidationMetadata');

/**
 * class-validator looks up a DTO's rules on every validation by filtering every rule it holds and
 * testing the DTO against every decorated class (`instanceof`, for inherited rules): ~2 % of a
 * request's CPU (#15). The rules are fixed once the classes are loaded, so each lookup is
 * remembered, and forgotten whenever a rule is added.
 */
function rememberValidationMetadata(): void {
  const storage = getMetadataStorage() as ReturnType<typeof getMetadataStorage> & { [REMEMBERED]?: true };
  if (storage[REMEMBERED]) return;
  Object.defineProperty(storage, REMEMBERED, { value: true });
  const lookup: MetadataLookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let remembered = new Map<unknown, Map<string, ReturnType<MetadataLookup>>>();
  storage.addValidationMetadata = (metadata) => {
    remembered = new Map();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const variant = `${schema}|${always}|${strictGroups}|${groups?.join(',') ?? ''}`;
    let byVariant = remembered.get(target);
    if (!byVariant) remembered.set(target, (byVariant = new Map()));
    let found = byVariant.get(variant);
    if (!found) byVariant.set(variant, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
}

export function createValidationPipe(): ValidationPipe {
  rememberValidationMetadata();
  return new ObjectBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // Keep the DTO instance on each error: its prototype carries the labels and constraints.
    validationError: { target: true, value: false },
    exceptionFactory: validationErrorToAppError,
  });
}

/**
 * A whole number from a path or query string, written as plain digits: '12' → 12, while '1e2',
 * '0x10', ' 7', '1.0' stay strings and fail @IsInt (Number() would read them as numbers).
 */
export const IntString = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value));

/** Trims surrounding whitespace of a string field before it is validated. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
