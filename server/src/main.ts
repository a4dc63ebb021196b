import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { startBackgroundJobs } from './background-jobs';
import { PiiCipher } from './common/crypto';
import { JsonLogger } from './common/logger';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config';
import { seedDemo } from './seed/demo-seed';
import { FakeWechatServer } from './wechat/fake-wechat.server';

/** The longest a graceful shutdown may take (requests in flight, a sweep's current step). */
const SHUTDOWN_TIMEOUT_MS = 25_000;

/**
 * The server process: checks the configuration, starts the fake WeChat server on loopback if
 * asked (demo and development), opens and migrates the database, seeds the demo into an empty
 * database if asked, and serves the API and the H5 build on one port.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  let fake: FakeWechatServer | null = null;
  if (config.wechat.fake) {
    fake = new FakeWechatServer({
      appId: config.wechat.appId,
      appSecret: config.wechat.appSecret,
      // WeChat DevTools against the fake: any wx.login code is the one local developer.
      unknownLoginCodesAs: 'o-local-developer',
      unknownPhoneCodesAs: '13800000000',
    });
    const url = await fake.start(Number(process.env.WECHAT_FAKE_PORT ?? 0));
    config = { ...config, wechat: { ...config.wechat, apiBase: url } };
    JsonLogger.write('info', 'fake WeChat server started', { url });
  }

  const app = await createApp(config);
  if (config.seedDemo && (await seedDemo(app.get(DataSource), app.get(PiiCipher)))) {
    JsonLogger.write('info', 'demo data seeded into the empty database');
  }
  await app.listen(config.port, config.host);
  // The in-process fake pushes image-check verdicts back to this server, as WeChat would.
  if (fake) fake.pushTo(`http://127.0.0.1:${config.port}/api/wechat/push`, config.wechat.pushToken);
  // Stopped when shutdown begins (Lifecycle.beforeApplicationShutdown), before the HTTP server closes.
  startBackgroundJobs(app, config);
  // SIGTERM (systemd stop, pm2 reload, a rolling deploy): enableShutdownHooks (app.factory.ts) runs
  // app.close(): readiness turns 503, the sweeps finish their current step and give their leases
  // back, Fastify stops accepting and waits for the requests in flight, then the database and
  // Redis connections close and the process exits. A shutdown that hangs is cut short.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        JsonLogger.write('error', 'shutdown did not finish in time; exiting', { signal, seconds: SHUTDOWN_TIMEOUT_MS / 1000 });
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS).unref();
    });
  }
  const shown = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  JsonLogger.write('info', 'server started', {
    url: `http://${shown}:${config.port}/`,
    docs: `http://${shown}:${config.port}/api/docs`,
    database: config.database.kind,
    mode: config.mode,
    devLogin: config.devLogin,
  });
}

main().catch((err) => {
  JsonLogger.write('error', 'server failed to start', { err: { name: err?.name, message: err?.message, stack: err?.stack } });
  process.exit(1);
});
