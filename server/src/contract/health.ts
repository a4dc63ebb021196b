/** GET /api/health: up only if the database answers. */
export interface HealthView {
  status: 'ok';
  database: { kind: 'sqlite' | 'mysql' | 'mariadb'; latencyMs: number };
}

/** The server's clock (DEV_CLOCK=true only). */
export interface ClockView {
  now: string;
}
