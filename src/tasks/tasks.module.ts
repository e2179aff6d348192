import { Module } from '@nestjs/common';

import { TaskDataMedia } from '../data/task-data-media.js';
import { TaskAccessPolicy } from './access/task-access.policy.js';
import { JobDirectoryService } from './jobs/job-directory.service.js';
import { JobUpdateService } from './jobs/job-update.service.js';
import { JobsController } from './jobs/jobs.controller.js';
import { TaskStatusDerivation } from './jobs/task-status-derivation.service.js';
import { ProjectCreationService } from './projects/project-creation.service.js';
import { ProjectDeletionService } from './projects/project-deletion.service.js';
import { ProjectDirectoryService } from './projects/project-directory.service.js';
import { ProjectUpdateService } from './projects/project-update.service.js';
import { ProjectsController } from './projects/projects.controller.js';
import { TaskDirectories } from './storage/task-directories.js';
import { TaskMedia } from './storage/task-media.js';
import { TaskCreationService } from './tasks/task-creation.service.js';
import { TaskDeletionService } from './tasks/task-deletion.service.js';
import { TaskListCache } from './tasks/task-list-cache.js';
import { TaskDirectoryService } from './tasks/task-directory.service.js';
import { TaskReader } from './tasks/task-reader.service.js';
import { TaskTouch } from './tasks/task-touch.service.js';
import { TaskUpdateService } from './tasks/task-update.service.js';
import { TasksController } from './tasks/tasks.controller.js';

/**
 * Projects, tasks, labels and attribute specs, and the access rules of projects, tasks and jobs.
 * Media records belong to the data module: `TaskMedia` is this module's port to them, bound here
 * to the data module's implementation, which needs nothing but the transaction it is given.
 */
@Module({
  controllers: [ProjectsController, TasksController, JobsController],
  providers: [
    TaskAccessPolicy,
    TaskDirectories,
    { provide: TaskMedia, useClass: TaskDataMedia },
    TaskReader,
    TaskTouch,
    TaskDirectoryService,
    TaskListCache,
    TaskCreationService,
    TaskUpdateService,
    TaskDeletionService,
    ProjectDirectoryService,
    ProjectCreationService,
    ProjectUpdateService,
    ProjectDeletionService,
    JobDirectoryService,
    JobUpdateService,
    TaskStatusDerivation,
  ],
  exports: [TaskAccessPolicy, TaskTouch, TaskDirectories, TaskStatusDerivation],
})
export class TasksModule {}
