export default definePageConfig({ navigationBarTitleText: '创建服务项目' });
