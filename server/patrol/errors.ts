/** Error codes of the patrol function (巡群), with the Chinese message a villager reads. */
export const PATROL_ERRORS = {} as const;
