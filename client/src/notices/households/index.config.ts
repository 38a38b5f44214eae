export default definePageConfig({ navigationBarTitleText: '当面告知' });
