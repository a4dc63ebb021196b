export default definePageConfig({ navigationBarTitleText: '写指导记录' });
