import { Module } from '@nestjs/common';

import { ClientLogController } from './client-logs/client-log.controller.js';
import { ClientLogService } from './client-logs/client-log.service.js';
import { ServerInfoService } from './server-info.service.js';
import { ServerController } from './server.controller.js';
import { ShareBrowser } from './share/share-browser.service.js';
import { ShareController } from './share/share.controller.js';

/** The `/api/v1/server/*` endpoints CVAT clients call. */
@Module({
  controllers: [ServerController, ClientLogController, ShareController],
  providers: [ServerInfoService, ClientLogService, ShareBrowser],
})
export class ServerModule {}
