export default definePageConfig({ navigationBarTitleText: '红榜' });
