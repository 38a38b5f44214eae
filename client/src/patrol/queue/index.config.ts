export default definePageConfig({ navigationBarTitleText: '线索待办' });
