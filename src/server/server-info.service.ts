import { Injectable } from '@nestjs/common';

import packageJson from '../../package.json' with { type: 'json' };
import type { AboutDto, PluginsDto } from './server-info.dto.js';

/** The CVAT API version this server implements; clients only display it. */
const CVAT_API_VERSION = '1.2.0';

const DESCRIPTION =
  'An annotation server for computer-vision datasets that implements the CVAT 1.x REST API, ' +
  'with bounded memory on large tasks and transactional annotation saves.';

@Injectable()
export class ServerInfoService {
  about(): AboutDto {
    return {
      name: 'Computer Vision Annotation Tool',
      description: DESCRIPTION,
      version: `${CVAT_API_VERSION}+${packageJson.version}`,
    };
  }

  /** Optional CVAT features; every one this server does not implement is reported as absent. */
  plugins(): PluginsDto {
    return { GIT_INTEGRATION: false, ANALYTICS: false, MODELS: false };
  }
}
