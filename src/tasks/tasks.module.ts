import { Module } from '@nestjs/common';

import { TaskAccessPolicy } from './access/task-access.policy.js';
import { ProjectCreationService } from './projects/project-creation.service.js';
import { ProjectDeletionService } from './projects/project-deletion.service.js';
import { ProjectDirectoryService } from './projects/project-directory.service.js';
import { ProjectUpdateService } from './projects/project-update.service.js';
import { ProjectsController } from './projects/projects.controller.js';
import { TaskDirectories } from './storage/task-directories.js';
import { NoTaskMedia, TaskMedia } from './storage/task-media.js';
import { TaskCreationService } from './tasks/task-creation.service.js';
import { TaskDeletionService } from './tasks/task-deletion.service.js';
import { TaskDirectoryService } from './tasks/task-directory.service.js';
import { TaskReader } from './tasks/task-reader.service.js';
import { TaskTouch } from './tasks/task-touch.service.js';
import { TaskUpdateService } from './tasks/task-update.service.js';
import { TasksController } from './tasks/tasks.controller.js';

/**
 * Projects, tasks, labels and attribute specs, and the access rules of projects, tasks and jobs.
 * Media records belong elsewhere: `TaskMedia` is this module's port to them, bound here to the
 * implementation that knows none until the module owning media binds its own.
 */
@Module({
  controllers: [ProjectsController, TasksController],
  providers: [
    TaskAccessPolicy,
    TaskDirectories,
    { provide: TaskMedia, useClass: NoTaskMedia },
    TaskReader,
    TaskTouch,
    TaskDirectoryService,
    TaskCreationService,
    TaskUpdateService,
    TaskDeletionService,
    ProjectDirectoryService,
    ProjectCreationService,
    ProjectUpdateService,
    ProjectDeletionService,
  ],
  exports: [TaskAccessPolicy, TaskTouch, TaskDirectories],
})
export class TasksModule {}
