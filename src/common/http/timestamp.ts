/**
 * Renders a moment as CVAT does (spec/README.md, section 2): ISO 8601 in UTC with a `Z` suffix,
 * microseconds only when they are not zero. JavaScript dates stop at milliseconds, so the last
 * three digits are always zero.
 */
export function formatTimestamp(moment: Date): string {
  const iso = moment.toISOString();
  const milliseconds = moment.getUTCMilliseconds();
  const seconds = iso.slice(0, 19);
  return milliseconds === 0 ? `${seconds}Z` : `${seconds}.${String(milliseconds).padStart(3, '0')}000Z`;
}

export function formatOptionalTimestamp(moment: Date | null): string | null {
  return moment === null ? null : formatTimestamp(moment);
}
