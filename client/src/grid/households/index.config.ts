export default definePageConfig({ navigationBarTitleText: '网格里的各户' });
