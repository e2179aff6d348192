import { RequestRejectedError } from '../../common/errors/domain-errors.js';

export const PATCH_ACTIONS = ['create', 'update', 'delete'] as const;
export type PatchAction = (typeof PATCH_ACTIONS)[number];

/** The `action` of a PATCH; anything else is refused with CVAT's message. */
export function parsePatchAction(action: unknown): PatchAction {
  if (typeof action === 'string' && (PATCH_ACTIONS as readonly string[]).includes(action)) {
    return action as PatchAction;
  }
  throw new RequestRejectedError(["Please specify a correct 'action' for the request"]);
}
