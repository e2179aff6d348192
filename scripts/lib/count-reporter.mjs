// A node:test reporter that writes the run's closing totals (tests, pass, fail, ...) as one JSON
// line, so that scripts/test.mjs can add them up across tiers without parsing human output.
export default async function* countReporter(source) {
  const totals = {};
  for await (const event of source) {
    if (event.type !== 'test:diagnostic') continue;
    const match = /^(\w+) (\d+(?:\.\d+)?)$/.exec(event.data.message);
    if (match) totals[match[1]] = Number(match[2]);
  }
  yield `${JSON.stringify(totals)}\n`;
}
