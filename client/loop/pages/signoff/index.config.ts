export default definePageConfig({ navigationBarTitleText: '结项签署' });
