import type { UserAgreement } from '../../config/settings.js';

export interface Confirmation {
  readonly name: string;
  readonly value?: boolean;
}

/**
 * The first required agreement the confirmations do not accept. When a name is answered twice the
 * last answer counts; a missing list accepts nothing.
 */
export function firstUnaccepted(
  agreements: readonly UserAgreement[],
  confirmations: readonly Confirmation[] = [],
): UserAgreement | undefined {
  return agreements.find((agreement) => {
    if (!agreement.required) return false;
    const answers = confirmations.filter((confirmation) => confirmation.name === agreement.name);
    return answers.at(-1)?.value !== true;
  });
}

export function unacceptedMessage(agreement: UserAgreement): string {
  return `Agreement ${agreement.name} must be accepted`;
}
