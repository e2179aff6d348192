import { Injectable } from '@nestjs/common';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { FieldValidationError, NotFoundError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { loadProjectForAccess } from '../access/access-facts.reader.js';
import { TaskAccessPolicy } from '../access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { checkReferences } from '../shared/references.js';
import type { ProjectDto } from './project.dto.js';
import { readProjectInput } from './project-input.js';
import { presentProject, updateProject } from './project-writes.js';

/** `PATCH /projects/{id}`: changes the writable fields given. */
@Injectable()
export class ProjectUpdateService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TaskAccessPolicy,
  ) {}

  async update(
    requester: AuthenticatedUser,
    rawId: string,
    body: unknown,
    origin: RequestOrigin,
  ): Promise<ProjectDto> {
    const id = parseObjectId(rawId);
    return this.unitOfWork.run(async (manager) => {
      const project = await loadProjectForAccess(manager, id, { lock: true });
      if (!project) throw new NotFoundError();
      this.policy.authorize(
        requester,
        'project.change',
        this.policy.projectRelations(requester, project.facts),
      );

      const { input, errors } = await readProjectInput(body, 'patch');
      await checkReferences(
        manager,
        [
          { field: 'owner', table: 'users', reference: input.owner },
          { field: 'assignee', table: 'users', reference: input.assignee },
        ],
        errors,
      );
      if (Object.keys(errors).length > 0) throw new FieldValidationError(errors);

      await updateProject(manager, id, input);
      return presentProject(manager, id, origin);
    });
  }
}
