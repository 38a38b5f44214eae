export default definePageConfig({ navigationBarTitleText: '问题曝光' });
