/** Error codes of the deliberation function (协商议事), with the Chinese message a villager reads. */
export const DELIBERATION_ERRORS = {} as const;
