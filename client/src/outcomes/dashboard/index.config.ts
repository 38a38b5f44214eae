export default definePageConfig({ navigationBarTitleText: '成效看板' });
