import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiExcludeEndpoint,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';

import { MethodNotAllowedError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { Origin } from '../../common/http/origin.decorator.js';
import type { Page } from '../../common/pagination/page-request.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { CurrentUser } from '../authentication/request-authentication.js';
import { Permission } from '../permissions/permission.decorator.js';
import { ListQuery, type ListParameters } from './list-parameters.decorator.js';
import { BasicUserDto, FullUserDto, UserPatchDto, type UserDto } from './user.dto.js';
import { UserDeletionService } from './user-deletion.service.js';
import { UserDirectoryService } from './user-directory.service.js';
import { UserUpdateService } from './user-update.service.js';

const USER_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(FullUserDto) }, { $ref: getSchemaPath(BasicUserDto) }],
  description: 'Full for staff requesters and for a user reading himself; basic otherwise.',
};

const USER_PAGE_SCHEMA = {
  type: 'object',
  properties: {
    count: { type: 'integer' },
    next: { type: 'string', format: 'uri', nullable: true },
    previous: { type: 'string', format: 'uri', nullable: true },
    results: { type: 'array', items: USER_SCHEMA },
  },
};

@ApiTags('users')
@ApiExtraModels(BasicUserDto, FullUserDto)
@Controller('users')
export class UsersController {
  constructor(
    private readonly directory: UserDirectoryService,
    private readonly updates: UserUpdateService,
    private readonly deletions: UserDeletionService,
  ) {}

  @Get()
  @Permission('users.list')
  @ApiQuery({ name: 'page', required: false, description: 'A 1-based number, or `last`.' })
  @ApiQuery({ name: 'page_size', required: false, description: 'A positive number, or `all`.' })
  @ApiQuery({ name: 'ordering', required: false, description: 'Fields of the representation; `-` descends.' })
  @ApiOkResponse({ schema: USER_PAGE_SCHEMA, description: 'Full entries for staff requesters only.' })
  list(@CurrentUser() user: AuthenticatedUser, @ListQuery() request: ListParameters): Promise<Page<UserDto>> {
    return this.directory.list(user, request);
  }

  @Post()
  @Permission('users.create')
  @ApiExcludeEndpoint()
  create(): never {
    // The permission row answers 403 or 405 before this runs; accounts come from registration.
    throw new MethodNotAllowedError('POST');
  }

  @Get('self')
  @Permission('users.self')
  @ApiOkResponse({ type: FullUserDto })
  self(@CurrentUser() user: AuthenticatedUser, @Origin() origin: RequestOrigin): Promise<UserDto> {
    return this.directory.self(user, origin);
  }

  @Get(':id')
  @Permission('users.retrieve')
  @ApiOkResponse({ schema: USER_SCHEMA })
  @ApiNotFoundResponse({ description: 'No such user.' })
  retrieve(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<UserDto> {
    return this.directory.retrieve(user, id, origin);
  }

  @Patch(':id')
  @Permission('users.update')
  @ApiBody({ type: UserPatchDto })
  @ApiOkResponse({ schema: USER_SCHEMA })
  @ApiBadRequestResponse({ description: 'Field errors, or fields the requester may not change.' })
  @ApiForbiddenResponse({ description: 'Neither the user himself nor an admin.' })
  @ApiNotFoundResponse({ description: 'No such user.' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: unknown,
    @Origin() origin: RequestOrigin,
  ): Promise<UserDto> {
    return this.updates.update(user, id, body, origin);
  }

  @Put(':id')
  @Permission('users.replace')
  @ApiExcludeEndpoint()
  replace(): never {
    // The permission row answers 403 or 405 before this runs; PATCH is the way to change a user.
    throw new MethodNotAllowedError('PUT');
  }

  @Delete(':id')
  @HttpCode(204)
  @Permission('users.delete')
  @ApiNoContentResponse({ description: 'The account is gone; what it owned stays, without owner.' })
  @ApiForbiddenResponse({ description: 'Neither the user himself nor an admin.' })
  @ApiNotFoundResponse({ description: 'No such user.' })
  delete(@Param('id') id: string): Promise<void> {
    return this.deletions.delete(id);
  }
}
