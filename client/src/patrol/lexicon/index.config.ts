export default definePageConfig({ navigationBarTitleText: '巡群词库' });
