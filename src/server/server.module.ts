import { Module } from '@nestjs/common';

import { ClientLogController } from './client-logs/client-log.controller.js';
import { ClientLogService } from './client-logs/client-log.service.js';
import { ServerInfoService } from './server-info.service.js';
import { ServerController } from './server.controller.js';

/** The `/api/v1/server/*` endpoints CVAT clients call. */
@Module({
  controllers: [ServerController, ClientLogController],
  providers: [ServerInfoService, ClientLogService],
})
export class ServerModule {}
