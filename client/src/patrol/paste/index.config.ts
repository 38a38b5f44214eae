export default definePageConfig({ navigationBarTitleText: '转为线索' });
