import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { Origin } from '../../common/http/origin.decorator.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { CurrentUser } from '../authentication/request-authentication.js';
import { DetailDto } from '../login/login.dto.js';
import { Permission } from '../permissions/permission.decorator.js';
import { ThrottleBy } from '../throttling/throttle.decorator.js';
import { PasswordChangeService } from './password-change.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { PasswordChangeDto, PasswordResetConfirmDto, PasswordResetDto } from './password.dto.js';
import { SessionToKeep } from './session-to-keep.decorator.js';

@ApiTags('auth')
@Controller('auth/password')
export class PasswordController {
  constructor(
    private readonly change: PasswordChangeService,
    private readonly reset: PasswordResetService,
  ) {}

  @Post('change')
  @HttpCode(200)
  @Permission('auth.password-change')
  @ApiOkResponse({
    type: DetailDto,
    description: "Revokes the user's API key for every client and ends his other browser sessions.",
  })
  @ApiBadRequestResponse({ description: 'Wrong old password, or the new one is rejected.' })
  changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @SessionToKeep() sessionKey: string | undefined,
    @Body() input: PasswordChangeDto,
  ): Promise<DetailDto> {
    return this.change.change(user, input, sessionKey);
  }

  @Post('reset')
  @HttpCode(200)
  @Permission('auth.password-reset')
  @ThrottleBy('email')
  @ApiOkResponse({ type: DetailDto, description: 'The same answer whether or not the address is known.' })
  @ApiBadRequestResponse({ description: 'Not an e-mail address.' })
  requestReset(@Body() input: PasswordResetDto, @Origin() origin: RequestOrigin): Promise<DetailDto> {
    return this.reset.requestReset(input.email, origin);
  }

  @Post('reset/confirm')
  @HttpCode(200)
  @Permission('auth.password-reset-confirm')
  @ApiOkResponse({ type: DetailDto })
  @ApiBadRequestResponse({ description: 'Bad link (`uid`, `token`) or the new password is rejected.' })
  confirmReset(@Body() input: PasswordResetConfirmDto): Promise<DetailDto> {
    return this.reset.confirm(input);
  }
}
