export default definePageConfig({ navigationBarTitleText: '志愿活动与考勤' });
