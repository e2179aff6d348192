import { Injectable } from '@nestjs/common';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { FieldValidationError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { checkReferences } from '../shared/references.js';
import type { ProjectDto } from './project.dto.js';
import { readProjectInput } from './project-input.js';
import { insertProject, presentProject } from './project-writes.js';

/** `POST /projects`, for admins and the `user` role (checked by the guard). */
@Injectable()
export class ProjectCreationService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async create(requester: AuthenticatedUser, body: unknown, origin: RequestOrigin): Promise<ProjectDto> {
    const { input, errors } = await readProjectInput(body, 'create');
    return this.unitOfWork.run(async (manager) => {
      await checkReferences(
        manager,
        [
          { field: 'owner', table: 'users', reference: input.owner },
          { field: 'assignee', table: 'users', reference: input.assignee },
        ],
        errors,
      );
      if (Object.keys(errors).length > 0) throw new FieldValidationError(errors);

      // Any user may be named owner; without one, the requester owns the project.
      const id = await insertProject(manager, input, input.owner?.id ?? requester.id);
      return presentProject(manager, id, origin);
    });
  }
}
