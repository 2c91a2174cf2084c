/** Size limits of a schedule (DESIGN §13, §16). */
export const SCHEDULE_LIMITS = { nameMax: 200, weeklyMax: 50, exceptionsMax: 366, windowsPerExceptionMax: 10 } as const;
