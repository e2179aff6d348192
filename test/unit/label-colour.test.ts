import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { generatedLabelColour, normaliseLabelName } from '../../src/tasks/labels/label-colour.js';

describe('label colours', () => {
  it('normalises names: ASCII-folded, lower-case, word characters, `_` for spaces and dashes', () => {
    assert.equal(normaliseLabelName('Traffic Light'), 'traffic_light');
    assert.equal(normaliseLabelName('T-Shirt'), 't_shirt');
    assert.equal(normaliseLabelName('Café  (open)'), 'cafe_open');
    assert.equal(normaliseLabelName('Straße'), 'strae');
  });

  it('derives the same lower-case #rrggbb from names that normalise alike', () => {
    const colour = generatedLabelColour('Traffic light');
    assert.match(colour, /^#[0-9a-f]{6}$/);
    assert.equal(generatedLabelColour('traffic-light'), colour);
    assert.notEqual(generatedLabelColour('traffic light', 1), colour);
    assert.notEqual(generatedLabelColour('car'), generatedLabelColour('bus'));
  });
});
