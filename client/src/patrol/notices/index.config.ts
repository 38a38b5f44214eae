export default definePageConfig({ navigationBarTitleText: '听通知' });
