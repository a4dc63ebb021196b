/** GET /api/health: up only if the database answers. */
export interface HealthView {
  status: 'ok';
  database: { kind: 'sqlite' | 'mysql' | 'mariadb'; latencyMs: number };
}

/** GET /api/health/live: the process answers (no dependency asked). */
export interface LivenessView {
  status: 'ok';
}

/**
 * GET /api/health/ready: every dependency answered — the database (SELECT 1), Redis (PING, when
 * REDIS_URL is set), the photo storage (the folder, or the bucket). When one does not, or the
 * process is shutting down, the answer is 503 SERVICE_UNAVAILABLE naming what failed.
 */
export interface ReadinessView {
  status: 'ready';
  checks: Array<{ name: 'database' | 'redis' | 'storage'; latencyMs: number }>;
}

/** The server's clock (DEV_CLOCK=true only). */
export interface ClockView {
  now: string;
}
