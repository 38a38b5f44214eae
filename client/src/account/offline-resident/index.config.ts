export default definePageConfig({ navigationBarTitleText: '新增线下居民' });
