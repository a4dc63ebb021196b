export default definePageConfig({ navigationBarTitleText: '代居民上报' });
