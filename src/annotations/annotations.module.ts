import { Module } from '@nestjs/common';

import { TasksModule } from '../tasks/tasks.module.js';
import { AnnotationWriteEffects } from './editing/write-effects.js';
import { JobAnnotationReader } from './jobs/job-annotation-reader.service.js';
import { JobAnnotationWriter } from './jobs/job-annotation-writer.service.js';
import { JobAnnotationsController } from './jobs/job-annotations.controller.js';
import { TaskAnnotationReader } from './tasks/task-annotation-reader.service.js';
import { TaskAnnotationWriter } from './tasks/task-annotation-writer.service.js';
import { TaskAnnotationsController } from './tasks/task-annotations.controller.js';

/**
 * Tags, shapes and tracks of jobs, and the task-level view that splits and merges them. Uses the
 * tasks module for access rules, `updated_date` and the task status that follow a save.
 */
@Module({
  imports: [TasksModule],
  controllers: [JobAnnotationsController, TaskAnnotationsController],
  providers: [
    AnnotationWriteEffects,
    JobAnnotationReader,
    JobAnnotationWriter,
    TaskAnnotationReader,
    TaskAnnotationWriter,
  ],
})
export class AnnotationsModule {}
