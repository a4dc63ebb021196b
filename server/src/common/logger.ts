import type { LoggerService } from '@nestjs/common';
import { pino } from 'pino';
import { redactNumbers } from '../contract/redact';
import { redactValue } from './redact';

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogSink = (line: string) => void;

/**
 * stdout written asynchronously (pino's sonic-boom): a synchronous write per request line cost
 * a fifth of the server's time under load (#15). What is still buffered at exit is flushed.
 */
const stdout = pino.destination({ dest: 1, sync: false });
process.on('exit', () => {
  try {
    stdout.flushSync();
  } catch {
    // stdout already closed: nothing more can be written anyway
  }
});

/** pino serializes (level as its name, ISO time, fields, msg); each line goes to JsonLogger.sink. */
const serializer = pino(
  { base: null, level: 'trace', timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
  { write: (line: string) => JsonLogger.sink(line.endsWith('\n') ? line.slice(0, -1) : line) },
);

/**
 * Structured logs: one JSON object per line on stdout, personal data masked (see redact.ts).
 * Nest's own logger calls land here too, so framework messages share the format.
 */
export class JsonLogger implements LoggerService {
  /** Where lines go; tests swap it to read what would have been written. */
  static sink: LogSink = (line) => stdout.write(line + '\n');
  private static threshold = RANK.info;

  static setLevel(level: Level | 'silent'): void {
    JsonLogger.threshold = RANK[level];
  }

  static write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (RANK[level] < JsonLogger.threshold) return;
    serializer[level](redactValue(fields) as object, redactNumbers(msg));
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
