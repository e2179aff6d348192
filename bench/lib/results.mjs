// Helpers the workloads share: signing in as a client does, and rows of the results table.

/**
 * Signs in and returns the headers of a signed-in client: its key, and the session cookie that
 * the CVAT web UI sends along with it (without the cookie every answer would carry a Set-Cookie).
 */
export async function signIn(baseUrl, credentials) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (response.status !== 200) {
    throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  }
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { authorization: `Token ${(await response.json()).key}`, cookie };
}

/** One row of the table: a figure next to its baseline measured in the same run, and their ratio. */
export function resultRow(workload, figure, unit, value, baseline, baselineValue, target) {
  return {
    workload,
    figure,
    unit,
    value,
    baseline,
    baselineValue,
    ratio: baselineValue ? value / baselineValue : undefined,
    target,
  };
}
