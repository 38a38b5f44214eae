export default definePageConfig({ navigationBarTitleText: '乡镇总览' });
