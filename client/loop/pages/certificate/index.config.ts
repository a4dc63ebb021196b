export default definePageConfig({ navigationBarTitleText: '社工证' });
