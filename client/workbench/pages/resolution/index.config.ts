export default definePageConfig({ navigationBarTitleText: '公布议定事项' });
