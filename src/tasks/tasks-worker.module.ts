import { Module } from '@nestjs/common';

import { OrphanTaskDirectoriesProcessor } from './maintenance/orphan-task-directories.processor.js';
import { TaskMaintenanceScheduler } from './maintenance/task-maintenance.scheduler.js';
import { TaskDirectories } from './storage/task-directories.js';

/** Housekeeping of task files; loaded only in processes that run workers. */
@Module({ providers: [TaskDirectories, OrphanTaskDirectoriesProcessor, TaskMaintenanceScheduler] })
export class TasksWorkerModule {}
