import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { TaskStatusDerivation } from '../../tasks/jobs/task-status-derivation.service.js';
import { TaskTouch } from '../../tasks/tasks/task-touch.service.js';

/**
 * What a saved change of annotations means for its task (spec/annotations.md, section 4): a write
 * that saved or deleted at least one object refreshes `updated_date`, which also invalidates cached
 * exports, and the task status is derived again from its jobs.
 */
@Injectable()
export class AnnotationWriteEffects {
  constructor(
    private readonly touch: TaskTouch,
    private readonly statusDerivation: TaskStatusDerivation,
  ) {}

  async afterWrite(manager: EntityManager, taskId: number, changed: boolean): Promise<void> {
    if (!changed) return;
    await this.touch.touch(manager, taskId);
    await this.statusDerivation.afterJobSaved(manager, taskId);
  }
}
