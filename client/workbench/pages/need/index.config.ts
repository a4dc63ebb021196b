export default definePageConfig({ navigationBarTitleText: '办理需求' });
