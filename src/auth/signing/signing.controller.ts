import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { Origin } from '../../common/http/origin.decorator.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { CurrentUser } from '../authentication/request-authentication.js';
import { Permission } from '../permissions/permission.decorator.js';
import { SigningDto } from './signing.dto.js';
import { UrlSigningService } from './url-signing.service.js';

@ApiTags('auth')
@Controller('auth')
export class SigningController {
  constructor(private readonly signing: UrlSigningService) {}

  @Post('signing')
  @HttpCode(200)
  @Permission('auth.signing')
  // The answer is a bare JSON string; Fastify would send a returned string as plain text.
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({
    schema: { type: 'string', format: 'uri' },
    description: 'The absolute URL with a `sign` parameter, valid for 30 seconds.',
  })
  @ApiBadRequestResponse({ description: '`["Please provide `url` parameter"]` when `url` is missing.' })
  async sign(
    @CurrentUser() user: AuthenticatedUser,
    @Body() input: SigningDto,
    @Origin() origin: RequestOrigin,
  ): Promise<string> {
    return JSON.stringify(await this.signing.sign(user, input.url, origin));
  }
}
