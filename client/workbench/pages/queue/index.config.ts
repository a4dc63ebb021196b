export default definePageConfig({ navigationBarTitleText: '需求受理' });
