import type { LoggerService } from '@nestjs/common';
import { redactNumbers } from '../contract/redact';
import { redactValue } from './redact';

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogSink = (line: string) => void;

/**
 * Structured logs: one JSON object per line on stdout, personal data masked (see redact.ts).
 * Nest's own logger calls land here too, so framework messages share the format.
 */
export class JsonLogger implements LoggerService {
  /** Where lines go; tests swap it to read what would have been written. */
  static sink: LogSink = (line) => process.stdout.write(line + '\n');
  private static threshold = RANK.info;

  static setLevel(level: Level | 'silent'): void {
    JsonLogger.threshold = RANK[level];
  }

  static write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (RANK[level] < JsonLogger.threshold) return;
    const entry = { time: new Date().toISOString(), level, msg: redactNumbers(msg), ...(redactValue(fields) as object) };
    JsonLogger.sink(JSON.stringify(entry));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  /** Nest passes (message, ...optionalParams, context); an error adds its stack before the context. */
  private emit(level: Level, message: unknown, rest: unknown[]): void {
    const params = [...rest];
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (message instanceof Error) {
      fields.err = { name: message.name, stack: message.stack };
      message = message.message;
    }
    for (const p of params) {
      if (typeof p === 'string') fields.stack = p;
      else if (p && typeof p === 'object') Object.assign(fields, p);
    }
    if (message && typeof message === 'object') {
      const { msg, ...more } = message as Record<string, unknown>;
      Object.assign(fields, more);
      message = msg ?? '';
    }
    JsonLogger.write(level, String(message), fields);
  }
}
