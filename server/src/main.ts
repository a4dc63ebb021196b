import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { startBackgroundJobs } from './background-jobs';
import { PiiCipher } from './common/crypto';
import { JsonLogger } from './common/logger';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config';
import { seedDemo } from './seed/demo-seed';
import { FakeWechatServer } from './wechat/fake-wechat.server';

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
  startBackgroundJobs(app, config);
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
