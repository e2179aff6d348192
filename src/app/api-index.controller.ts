import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';

import { Permission } from '../auth/permissions/permission.decorator.js';
import { absoluteUrl, type RequestOrigin } from '../common/http/absolute-url.js';
import { Origin } from '../common/http/origin.decorator.js';

export class ApiIndexDto {
  @ApiProperty({ format: 'uri', example: 'http://localhost:8080/api/v1/projects' })
  projects!: string;

  @ApiProperty({ format: 'uri', example: 'http://localhost:8080/api/v1/tasks' })
  tasks!: string;

  @ApiProperty({ format: 'uri', example: 'http://localhost:8080/api/v1/users' })
  users!: string;
}

/** `GET /api/v1`: links to the collections that have a list route, as the reference's API root. */
@ApiTags('api')
@Controller()
export class ApiIndexController {
  @Get()
  @Permission('api.index')
  @ApiOkResponse({ type: ApiIndexDto })
  index(@Origin() origin: RequestOrigin): ApiIndexDto {
    return {
      projects: absoluteUrl(origin, '/api/v1/projects'),
      tasks: absoluteUrl(origin, '/api/v1/tasks'),
      users: absoluteUrl(origin, '/api/v1/users'),
    };
  }
}
