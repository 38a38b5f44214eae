// Shareable: a card sent from here into the village's WeChat group is how villagers join without a code.
export default definePageConfig({ navigationBarTitleText: '巡群', enableShareAppMessage: true });
