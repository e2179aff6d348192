import { Module } from '@nestjs/common';

import { TasksModule } from '../tasks/tasks.module.js';
import { DataModule } from './data.module.js';
import { TaskDataProcessor } from './processing/task-data.processor.js';

/** The task-creation processor; loaded only in processes that run workers. */
@Module({ imports: [DataModule, TasksModule], providers: [TaskDataProcessor] })
export class DataWorkerModule {}
