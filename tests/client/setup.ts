// Runs before each client test file: the constant that config/index.ts injects at build time.
(globalThis as unknown as { API_BASE: string }).API_BASE = 'http://api.test';
(globalThis as unknown as { SUBSCRIBE_TEMPLATES: Record<string, string> }).SUBSCRIBE_TEMPLATES = { need_status: 'tmpl-need-status' };
