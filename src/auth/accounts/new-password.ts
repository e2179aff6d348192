import { FieldValidationError } from '../../common/errors/domain-errors.js';
import { passwordProblems } from './password-rules.js';

/** Typographic apostrophe: the password forms of the reference word it differently from registration. */
export const NEW_PASSWORDS_DIFFER = 'The two password fields didn’t match.';

/** The checks of the change and reset forms; their problems are reported under `new_password2`. */
export function assertNewPassword(password1: string, password2: string): void {
  if (password1 !== password2) throw FieldValidationError.of('new_password2', NEW_PASSWORDS_DIFFER);
  const problems = passwordProblems(password2);
  if (problems.length > 0) throw new FieldValidationError({ new_password2: problems });
}
