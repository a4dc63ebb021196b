export default definePageConfig({ navigationBarTitleText: '服务时长与证明' });
