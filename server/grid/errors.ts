/** Error codes of the grid function (网格上报), with the Chinese message a villager reads. */
export const GRID_ERRORS = {} as const;
