import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import type { Authentication } from '../authenticated-user.js';
import { CurrentAuthentication } from '../authentication/request-authentication.js';
import { Permission } from '../permissions/permission.decorator.js';
import { DetailDto, KeyDto, LoginDto } from './login.dto.js';
import { LoginService } from './login.service.js';
import { ThrottleBy } from '../throttling/throttle.decorator.js';
import { SessionCookieInterceptor } from './session-cookie.interceptor.js';
import type { SignedIn, SignedOut } from './signed-in.js';

@ApiTags('auth')
@Controller('auth')
@UseInterceptors(SessionCookieInterceptor)
export class LoginController {
  constructor(private readonly login: LoginService) {}

  @Post('login')
  @HttpCode(200)
  @Permission('auth.login')
  @ThrottleBy('username')
  @ApiOkResponse({ type: KeyDto, description: 'Also sets the `sessionid` and `csrftoken` cookies.' })
  @ApiBadRequestResponse({ description: 'Missing or wrong credentials.' })
  signIn(@Body() input: LoginDto): Promise<SignedIn<KeyDto>> {
    return this.login.login(input);
  }

  @Post('logout')
  @HttpCode(200)
  @Permission('auth.logout')
  @ApiOkResponse({ type: DetailDto, description: "Revokes the user's key for every client." })
  signOut(
    @CurrentAuthentication() authentication: Authentication | undefined,
  ): Promise<SignedOut<DetailDto>> {
    return this.login.logout(authentication);
  }
}
