export default definePageConfig({ navigationBarTitleText: '本村概况', enableShareAppMessage: true });
