export default definePageConfig({ navigationBarTitleText: '巡群准确率' });
