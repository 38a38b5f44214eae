export default definePageConfig({ navigationBarTitleText: '成员与角色' });
