export default definePageConfig({ navigationBarTitleText: '到会和纪要' });
