import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { generatedLabelColour } from '../../src/tasks/labels/label-colour.js';
import { mergeLabels, type StoredLabel } from '../../src/tasks/labels/label-merge.js';

const STORED: StoredLabel[] = [
  {
    id: 1,
    name: 'car',
    color: '#111111',
    attributes: [
      {
        id: 10,
        name: 'color',
        mutable: false,
        inputType: 'select',
        defaultValue: 'red',
        values: 'red\nblue',
      },
      {
        id: 11,
        name: 'parked',
        mutable: true,
        inputType: 'checkbox',
        defaultValue: 'false',
        values: 'false',
      },
    ],
  },
  { id: 2, name: 'person', color: '#222222', attributes: [] },
];

describe('label merge', () => {
  it('creates every label of a new task, generating missing colours', () => {
    const merge = mergeLabels(
      [],
      [
        { name: 'car', attributes: [{ name: 'model', mutable: false, inputType: 'text' }] },
        { name: 'bus', color: '#abcdef' },
      ],
    );
    assert.deepEqual(merge.changes, {
      created: [
        {
          name: 'car',
          color: generatedLabelColour('car'),
          attributes: [{ name: 'model', mutable: false, inputType: 'text', defaultValue: '', values: '' }],
        },
        { name: 'bus', color: '#abcdef', attributes: [] },
      ],
      recoloured: [],
      addedAttributes: [],
      changedAttributes: [],
    });
  });

  it('matches labels and attributes by name, keeping what is not mentioned', () => {
    const merge = mergeLabels(STORED, [
      {
        name: 'car',
        color: '#111111',
        attributes: [
          { name: 'color', values: 'red\nblue\ngreen', defaultValue: 'green' },
          { name: 'parked' },
          { name: 'doors', mutable: false, inputType: 'number', values: '2\n5\n1', defaultValue: '4' },
        ],
      },
      { name: 'tree' },
    ]);
    assert.deepEqual(merge.changes, {
      created: [{ name: 'tree', color: generatedLabelColour('tree'), attributes: [] }],
      recoloured: [],
      addedAttributes: [
        {
          labelId: 1,
          name: 'doors',
          mutable: false,
          inputType: 'number',
          defaultValue: '4',
          values: '2\n5\n1',
        },
      ],
      changedAttributes: [
        {
          id: 10,
          name: 'color',
          mutable: false,
          inputType: 'select',
          defaultValue: 'green',
          values: 'red\nblue\ngreen',
        },
      ],
    });
  });

  it('regenerates the colour of an existing label given without one', () => {
    const merge = mergeLabels(STORED, [{ name: 'person' }]);
    assert.deepEqual(merge.changes?.recoloured, [{ id: 2, color: generatedLabelColour('person') }]);
  });

  it('shifts generated colours past earlier labels whose names normalise alike', () => {
    const merge = mergeLabels(STORED, [{ name: 'Car' }, { name: 'CAR!' }]);
    assert.deepEqual(
      merge.changes?.created.map((label) => label.color),
      [generatedLabelColour('Car', 1), generatedLabelColour('CAR!', 2)],
    );
    assert.notEqual(generatedLabelColour('Car', 1), generatedLabelColour('car'));
  });

  it('gives choices without a default their first option', () => {
    const merge = mergeLabels(
      [],
      [{ name: 'l', attributes: [{ name: 'a', mutable: true, inputType: 'radio', values: 'x\ny' }] }],
    );
    assert.equal(merge.changes?.created[0].attributes[0].defaultValue, 'x');
  });

  it('reports new attributes without required fields and choice defaults outside the values', () => {
    const merge = mergeLabels(STORED, [
      { name: 'person' },
      {
        name: 'car',
        attributes: [
          { name: 'color', values: 'green' },
          { name: 'parked', inputType: 'select', values: 'true\nfalse' },
          { name: 'new', inputType: 'text' },
        ],
      },
    ]);
    assert.deepEqual(merge.errors, [
      {},
      {
        attributes: [
          { default_value: ['"red" is not a valid choice.'] },
          {},
          { mutable: ['This field is required.'] },
        ],
      },
    ]);
    assert.equal(merge.changes, undefined);
  });
});
