import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * One Taro config for both builds. Both run offline with `--no-check`.
 * weapp → ../dist/weapp (opened by WeChat DevTools through the root project.config.json);
 * h5 → ../dist/h5 (served at `/` by the emulator; hash router, so any path falls back to index.html).
 */
/** Only files the client imports get compiled; the rule stays: from server/ import pure data or types only. */
const SHARED_SERVER_DATA = path.resolve(__dirname, '..', '..', 'server');

export default defineConfig<'webpack5'>(async (merge) => {
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'cunqun',
    date: '2025-11-23',
    // Our styles use a 750 design; NutUI's own CSS is written for 375.
    designWidth(input: any) {
      if (input?.file?.replace(/\\+/g, '/').includes('@nutui')) return 375;
      return 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: process.env.TARO_ENV === 'h5' ? '../dist/h5' : '../dist/weapp',
    plugins: [],
    // The CloudBase environment id for Taro.cloud.init (empty: the account's default environment).
    defineConstants: { CLOUD_ENV: JSON.stringify(process.env.CUNQUN_CLOUD_ENV || '') },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      // Modules used only by one subpackage stay in that subpackage (keeps the main package small).
      optimizeMainPackage: { enable: true },
      // pure-data tables the UI shares with the server (e.g. server/grid/transitions.ts) are compiled too
      compile: { include: [SHARED_SERVER_DATA] },
    },
    h5: {
      publicPath: '/',
      compile: { include: [SHARED_SERVER_DATA] },
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, base, { mini: {}, h5: {} });
  return merge({}, base, { mini: {}, h5: {} });
});
