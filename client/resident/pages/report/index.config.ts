export default definePageConfig({ navigationBarTitleText: '我要反映' });
