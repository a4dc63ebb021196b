export default definePageConfig({ navigationBarTitleText: '结项报告' });
