import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';

import { Permission } from '../permissions/permission.decorator.js';
import { UserAgreementDto } from './restrictions.dto.js';
import { RestrictionsService } from './restrictions.service.js';

@ApiTags('restrictions')
@Controller('restrictions')
export class RestrictionsController {
  constructor(private readonly restrictions: RestrictionsService) {}

  @Get('user-agreements')
  @Permission('restrictions.user-agreements')
  @ApiOkResponse({ type: UserAgreementDto, isArray: true })
  userAgreements(): UserAgreementDto[] {
    return this.restrictions.userAgreements();
  }

  @Get('terms-of-use')
  @Permission('restrictions.terms-of-use')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'An HTML page with the terms of use.', schema: { type: 'string' } })
  termsOfUse(): Promise<string> {
    return this.restrictions.termsOfUse();
  }
}
