#!/usr/bin/env node
/*
 * `npm run bench` (part 3): the H5 home tab as a resident sees it after logging in, loaded cold
 * (empty cache, the login kept) in Debian's Chromium against the product as `npm start` runs it
 * (its own process, embedded database, demo data). Prints, as medians of BENCH_RUNS loads, the
 * time from navigation to the home tab showing her community, and the bytes of script on the
 * wire — on loopback, and through Chromium's emulation of a weak mobile network (1.6 Mbit/s
 * down, 750 kbit/s up, 150 ms round trip: DevTools' "Fast 3G").  Goal: < 1.5 s, ≤ 300 KB.
 * Needs `npm run build` first (dist/server, dist/h5).
 */
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { chromium } = require('playwright-core');
const { freePort, load, root, startFlags, startProcess } = require('./bench-support');

const RUNS = Number(process.env.BENCH_RUNS || 5);
const NETWORKS = [
  { name: 'loopback', conditions: null },
  { name: 'Fast 3G (1.6 Mbit/s, 150 ms)', conditions: { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 } },
];

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wushe-bench-h5-'));
  const port = await freePort();
  const product = await startProcess(
    join(root, 'server', 'tools', 'start.js'),
    { NODE_ENV: 'development', DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SKIP_BUILD: 'true', LOG_LEVEL: 'info' },
    '"msg":"server started"',
    startFlags(),
  );
  const url = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    // Log in once as the demo resident; every measured load starts from that login, cache empty.
    const first = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await first.newPage();
    await page.goto(`${url}/`);
    await page.locator('.demo-account[data-account="wenchang-resident"]').click({ timeout: 30_000 });
    await page.locator('.home-community').waitFor({ timeout: 30_000 });
    const storageState = await first.storageState();
    await first.close();

    console.log(`H5 home tab after login, cold cache, median of ${RUNS} (load average ${load()})`);
    for (const net of NETWORKS) {
      const times = [];
      const scripts = [];
      for (let i = 0; i < RUNS; i++) {
        const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, storageState });
        const p = await ctx.newPage();
        const cdp = await ctx.newCDPSession(p);
        await cdp.send('Network.enable');
        if (net.conditions) await cdp.send('Network.emulateNetworkConditions', net.conditions);
        let wire = 0;
        const types = new Map();
        cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
        cdp.on('Network.loadingFinished', (e) => {
          if (types.get(e.requestId) === 'Script') wire += e.encodedDataLength;
        });
        const t0 = Date.now();
        await p.goto(`${url}/#/pages/index/index`);
        await p.locator('.home-community').waitFor({ timeout: 60_000 });
        times.push(Date.now() - t0);
        await p.waitForLoadState('networkidle');
        scripts.push(wire);
        await ctx.close();
      }
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(`  ${net.name.padEnd(30)} shown in ${String(median(times)).padStart(5)} ms (all: ${times.join(', ')}); script on the wire ${(median(scripts) / 1024).toFixed(0)} KB   goal < 1500 ms, ≤ 300 KB`);
    }
  } finally {
    await browser.close();
    await product.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
