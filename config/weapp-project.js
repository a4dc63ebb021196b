// A Taro plugin for the weapp build: writes dist/weapp/project.config.json so that WeChat
// DevTools opens dist/weapp as it is. The appid comes from WECHAT_APPID (the tourist appid
// by default, which DevTools accepts for trying a project without an account).
const fs = require('node:fs');
const path = require('node:path');

module.exports = (ctx) => {
  ctx.onBuildFinish(() => {
    const outputRoot = ctx.paths.outputPath;
    const config = {
      description: '五社联动社区服务',
      projectname: 'wushe-liandong',
      appid: process.env.WECHAT_APPID || 'touristappid',
      miniprogramRoot: './',
      compileType: 'miniprogram',
      libVersion: '3.4.0',
      setting: { urlCheck: false, es6: false, enhance: false, postcss: false, minified: true, compileHotReLoad: false },
      condition: {},
    };
    fs.mkdirSync(outputRoot, { recursive: true });
    fs.writeFileSync(path.join(outputRoot, 'project.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  });
};
