import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';

import { SessionCookieInterceptor } from '../login/session-cookie.interceptor.js';
import type { SignedIn } from '../login/signed-in.js';
import { Permission } from '../permissions/permission.decorator.js';
import { ThrottleBy } from '../throttling/throttle.decorator.js';
import { RegisteredUserDto, RegistrationDto } from './registration.dto.js';
import { RegistrationService } from './registration.service.js';

@ApiTags('auth')
@Controller('auth')
@UseInterceptors(SessionCookieInterceptor)
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Post('register')
  @HttpCode(201)
  @Permission('auth.register')
  @ThrottleBy('username')
  @ApiCreatedResponse({
    type: RegisteredUserDto,
    description: 'The account exists and the `sessionid` and `csrftoken` cookies sign it in.',
  })
  @ApiBadRequestResponse({ description: 'Field errors, mismatched passwords or an agreement not accepted.' })
  register(@Body() input: RegistrationDto): Promise<SignedIn<RegisteredUserDto>> {
    return this.registration.register(input);
  }
}
