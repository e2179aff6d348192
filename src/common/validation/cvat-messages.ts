/** The messages CVAT's serializers use, so that field errors read exactly as clients expect. */
export const CVAT_MESSAGES = {
  required: 'This field is required.',
  notNull: 'This field may not be null.',
  notBlank: 'This field may not be blank.',
  integer: 'A valid integer is required.',
  number: 'A valid number is required.',
  string: 'Not a valid string.',
  boolean: 'Must be a valid boolean.',
  url: 'Enter a valid URL.',
  email: 'Enter a valid email address.',
  list: (type: string) => `Expected a list of items but got type "${type}".`,
  emptyList: 'This list may not be empty.',
  maxItems: (max: number) => `Ensure this field has no more than ${max} elements.`,
  notADict: (type: string) => `Invalid data. Expected a dictionary, but got ${type}.`,
  maxLength: (max: number) => `Ensure this field has no more than ${max} characters.`,
  min: (min: number) => `Ensure this value is greater than or equal to ${min}.`,
  max: (max: number) => `Ensure this value is less than or equal to ${max}.`,
  choice: (value: unknown) => `"${String(value)}" is not a valid choice.`,
  datetime:
    'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
} as const;
