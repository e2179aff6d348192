import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FieldValidationError } from '../../src/common/errors/domain-errors.js';
import { taskListQuery } from '../../src/tasks/tasks/task-list-query.js';

const EVERYTHING = { everything: true } as const;

describe('task list query', () => {
  it('orders newest first by default and keeps equal keys in id order', () => {
    assert.equal(taskListQuery(EVERYTHING, {}).orderBy, 't.id DESC');
    assert.equal(
      taskListQuery(EVERYTHING, { ordering: 'name,-owner,secret' }).orderBy,
      't.name ASC, t.owner_id DESC, t.id DESC',
    );
    assert.equal(taskListQuery(EVERYTHING, { ordering: 'id' }).orderBy, 't.id ASC');
  });

  it('passes search terms as parameters with LIKE metacharacters escaped', () => {
    const query = taskListQuery(EVERYTHING, { search: "50%_o'k\\" });
    assert.ok(query.sql.values.includes("%50\\%\\_o'k\\\\%"));
    assert.doesNotMatch(query.where, /50/);
  });

  it('matches mode and status words in the application, as equalities', () => {
    const annotation = taskListQuery(EVERYTHING, { search: 'annot' });
    assert.match(annotation.where, /t\.mode = ANY/);
    assert.match(annotation.where, /t\.status = ANY/);
    assert.ok(annotation.sql.values.some((value) => JSON.stringify(value) === '["annotation"]'));
    const car = taskListQuery(EVERYTHING, { search: 'car' });
    assert.doesNotMatch(car.where, /t\.mode|t\.status/);
    assert.match(taskListQuery(EVERYTHING, { status: 'nothing' }).where, /FALSE/);
  });

  it('restricts the list to what a user may see, unless he sees everything', () => {
    assert.equal(taskListQuery(EVERYTHING, {}).where, 'TRUE');
    const open = taskListQuery({ userId: 7, reduced: false }, {});
    assert.match(open.where, /t\.assignee_id IS NULL/);
    assert.deepEqual(open.sql.values, [7]);
    assert.doesNotMatch(taskListQuery({ userId: 7, reduced: true }, {}).where, /IS NULL/);
  });

  it('refuses malformed numbers and matches nothing for ids out of range', () => {
    assert.throws(
      () => taskListQuery(EVERYTHING, { id: '1.5' }),
      (error: unknown) => {
        assert.ok(error instanceof FieldValidationError);
        assert.deepEqual(error.fields, { id: ['Enter a number.'] });
        return true;
      },
    );
    assert.equal(taskListQuery(EVERYTHING, { id: '99999999999' }).where, 'FALSE');
    assert.equal(taskListQuery(EVERYTHING, { id: '', name: '' }).where, 'TRUE');
  });
});
