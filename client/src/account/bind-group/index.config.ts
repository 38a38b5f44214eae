export default definePageConfig({ navigationBarTitleText: '绑定村民群', enableShareAppMessage: true });
