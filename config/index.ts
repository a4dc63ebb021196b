import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * Taro build configuration for both targets.
 *
 * - H5: served by the NestJS server from dist/h5 at '/', so the API is same-origin ('/api').
 * - weapp: the API lives elsewhere; its base comes from TARO_APP_API_BASE at build time.
 *   dist/weapp/project.config.json is written by config/weapp-project.js (appid from
 *   WECHAT_APPID, the tourist appid by default).
 */
export default defineConfig<'webpack5'>(async (merge) => {
  const env = process.env.TARO_ENV ?? 'h5';
  const apiBase = env === 'h5' ? '' : (process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');

  const contractDir = path.resolve(__dirname, '..', 'server', 'src', 'contract');
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'wushe-liandong',
    date: '2026-11-22',
    // Our own pages are written against 750 (rpx-like); NutUI's styles are written against 375.
    designWidth(input) {
      const file = typeof input === 'object' && input && 'file' in input ? String((input as { file?: string }).file ?? '') : '';
      return file.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'client',
    // DIST_DIR (relative to the repository, default dist) lets parallel checkouts build apart.
    outputRoot: `${process.env.DIST_DIR || 'dist'}/${env}`,
    plugins: env === 'weapp' ? [path.resolve(__dirname, 'weapp-project.js')] : [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      // Subscribe-message template ids by the server's key (server: WECHAT_TEMPLATE_NEED_STATUS).
      // Empty: the app does not ask (H5 never can). Must match the server's configuration.
      SUBSCRIBE_TEMPLATES: JSON.stringify({
        need_status: process.env.TARO_APP_TEMPLATE_NEED_STATUS ?? '',
        // Volunteer activity reminders (server: WECHAT_TEMPLATE_ACTIVITY_REMINDER).
        activity_reminder: process.env.TARO_APP_TEMPLATE_ACTIVITY_REMINDER ?? '',
        // A spending waits for the staff member's approval (server: WECHAT_TEMPLATE_FUND_APPROVAL).
        fund_approval: process.env.TARO_APP_TEMPLATE_FUND_APPROVAL ?? '',
        // A 紧急 need was reported in the staff member's community (server: WECHAT_TEMPLATE_URGENT_NEED).
        urgent_need: process.env.TARO_APP_TEMPLATE_URGENT_NEED ?? '',
      }),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'client'),
      // The wire contract shared with the server (types, enums, Chinese labels; no runtime imports).
      '@contract': contractDir,
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // How deep base.wxml's templates nest (Taro's default 16; not in Taro's config type): deeper
      // trees go on through Taro's `comp` component. 8 makes base.wxml ~22 KB smaller (#15: the
      // main package under 400 KB).
      ...({ baseLevel: 8 } as Record<string, unknown>),
      // Compile the contract's TypeScript too (it lives beside the server, outside sourceRoot).
      compile: { include: [contractDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      compile: { include: [contractDir] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
