import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
} from '@nestjs/swagger';

import { AnnotationDocumentDto, VersionConflictDto } from './annotation-document.dto.js';
import { PATCH_ACTIONS } from './patch-action.js';

const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: false,
  description:
    'Optional optimistic concurrency: the version the change is based on (the ETag of the last read or write). A write made on an older version is refused with 409 instead of overwriting newer work.',
});

/** The API description shared by the job and task annotation writes. */
export function AnnotationWriteDocs(kind: 'job' | 'task', patch = false): MethodDecorator {
  return applyDecorators(
    IF_MATCH,
    ApiBody({ type: AnnotationDocumentDto }),
    ...(patch ? [ApiQuery({ name: 'action', enum: PATCH_ACTIONS })] : []),
    ApiOkResponse({
      type: AnnotationDocumentDto,
      description: 'The objects as saved, with ids, and the new version (also sent as ETag).',
    }),
    ApiBadRequestResponse({
      description: 'Field errors, or a bare string naming an invalid label, attribute or id.',
    }),
    ApiConflictResponse({ type: VersionConflictDto, description: 'If-Match named an older version.' }),
    ApiForbiddenResponse({ description: `The requester may not change the ${kind}'s annotations.` }),
    ApiNotFoundResponse({ description: `No such ${kind}.` }),
  );
}

/** The API description of the job and task annotation deletes, which take If-Match too. */
export function AnnotationClearDocs(kind: 'job' | 'task', description: string): MethodDecorator {
  return applyDecorators(
    IF_MATCH,
    ApiNoContentResponse({ description }),
    ApiConflictResponse({ type: VersionConflictDto, description: 'If-Match named an older version.' }),
    ApiForbiddenResponse({ description: `The requester may not change the ${kind}'s annotations.` }),
    ApiNotFoundResponse({ description: `No such ${kind}.` }),
  );
}

export function AnnotationReadDocs(kind: 'job' | 'task'): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({
      type: AnnotationDocumentDto,
      description:
        'Every object with its attributes completed by defaults; the version is also sent as ETag.',
    }),
    ApiForbiddenResponse({ description: `The requester may not read the ${kind}.` }),
    ApiNotFoundResponse({ description: `No such ${kind}.` }),
  );
}
