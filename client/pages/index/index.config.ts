export default definePageConfig({ navigationBarTitleText: '五社联动 · 社区服务' });
