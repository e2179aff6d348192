import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { Permission } from '../auth/permissions/permission.decorator.js';
import { AboutDto, PluginsDto } from './server-info.dto.js';
import { ServerInfoService } from './server-info.service.js';

@ApiTags('server')
@Controller('server')
export class ServerController {
  constructor(private readonly info: ServerInfoService) {}

  @Get('about')
  @Permission('server.about')
  @ApiOkResponse({ type: AboutDto })
  about(): AboutDto {
    return this.info.about();
  }

  @Get('plugins')
  @Permission('server.plugins')
  @ApiOkResponse({ type: PluginsDto })
  plugins(): PluginsDto {
    return this.info.plugins();
  }
}
