export { startScheduler } from './start-scheduler';
export type { SchedulerOptions } from './start-scheduler';
export { slotFor } from './slots';
export { scheduleEnvShape, scheduleOptionsFrom } from './schedule-env';
export { startSchedulerRole } from './scheduler-role';
export type { ScheduleEnv } from './schedule-env';
