import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export interface ResetLinkMessage {
  readonly username: string;
  readonly email: string;
  readonly link: string;
}

/**
 * Delivers password-reset links. With SMTP_URL set they are mailed; without a mail server they are
 * written to the log, so that an operator can still hand a link to a user who lost his password.
 */
@Injectable()
export class ResetLinkMailer implements OnModuleDestroy {
  private readonly logger = new Logger(ResetLinkMailer.name);
  private transport: Transporter | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(message: ResetLinkMessage): Promise<void> {
    const smtpUrl = this.config.smtpUrl;
    if (!smtpUrl) {
      this.logger.log(
        { username: message.username, link: message.link },
        'No mail server is configured (SMTP_URL); pass this password-reset link on to the user',
      );
      return;
    }
    this.transport ??= createTransport(smtpUrl);
    await this.transport.sendMail({
      from: this.config.emailFrom,
      to: message.email,
      subject: 'Password reset',
      text: messageText(message, this.config.passwordResetTimeoutHours),
    });
    this.logger.log({ username: message.username }, 'Mailed a password-reset link');
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

function messageText({ username, link }: ResetLinkMessage, validHours: number): string {
  return [
    `Hello ${username},`,
    '',
    'Somebody asked to reset the password of your annotation server account. To choose a new',
    `password, open this link within ${validHours} hours:`,
    '',
    link,
    '',
    'If it was not you, ignore this message: your password stays as it is.',
    '',
  ].join('\n');
}
