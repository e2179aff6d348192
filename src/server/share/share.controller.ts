import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';

import { Permission } from '../../auth/permissions/permission.decorator.js';
import { ShareBrowser } from './share-browser.service.js';
import { ShareEntryDto } from './share.dto.js';

@ApiTags('server')
@Controller('server')
export class ShareController {
  constructor(private readonly share: ShareBrowser) {}

  @Get('share')
  @Permission('server.share')
  @ApiQuery({
    name: 'directory',
    type: String,
    required: false,
    description: 'A directory of the share, relative to its root; `/` (the root) when absent.',
  })
  @ApiOkResponse({
    type: ShareEntryDto,
    isArray: true,
    description: 'The files (`REG`) and directories (`DIR`) in it, by name.',
  })
  @ApiBadRequestResponse({
    description: 'The bare string "<directory> is an invalid directory" for anything else.',
    schema: { type: 'string', example: 'test4 is an invalid directory' },
  })
  list(@Query('directory') directory: unknown): Promise<ShareEntryDto[]> {
    return this.share.list(directory);
  }
}
