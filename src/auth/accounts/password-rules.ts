import COMMON_PASSWORDS from './common-passwords.json' with { type: 'json' };

export const PASSWORD_MIN_LENGTH = 8;

const COMMON = new Set<string>(COMMON_PASSWORDS);

export const PASSWORD_MESSAGES = {
  tooShort: `This password is too short. It must contain at least ${PASSWORD_MIN_LENGTH} characters.`,
  tooCommon: 'This password is too common.',
  numeric: 'This password is entirely numeric.',
} as const;

/**
 * Every rule a new password breaks, in CVAT's order. All of them are reported at once, as the
 * reference does, so a user fixes the password in one go.
 */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push(PASSWORD_MESSAGES.tooShort);
  if (COMMON.has(password.trim().toLowerCase())) problems.push(PASSWORD_MESSAGES.tooCommon);
  if (/^\p{Nd}+$/u.test(password)) problems.push(PASSWORD_MESSAGES.numeric);
  return problems;
}
