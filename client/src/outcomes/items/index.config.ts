export default definePageConfig({ navigationBarTitleText: '看明细' });
