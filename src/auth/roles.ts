/** CVAT's four groups. A user may hold any number of them, or none. */
export const ROLES = ['admin', 'user', 'annotator', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}
