import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { AuthenticatedUser } from '../../src/auth/authenticated-user.js';
import type { Role } from '../../src/auth/roles.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { ProjectAccessFacts, TaskAccessFacts } from '../../src/tasks/access/access-facts.js';
import { TaskAccessPolicy } from '../../src/tasks/access/task-access.policy.js';

const policy = (reduce = false) =>
  new TaskAccessPolicy(loadConfig({ RESTRICTIONS_REDUCE_TASK_VISIBILITY: String(reduce) }));

const user = (id: number, ...roles: Role[]): AuthenticatedUser => ({
  id,
  username: `u${id}`,
  isStaff: false,
  isSuperuser: false,
  roles: new Set(roles),
});

const task = (facts: Partial<TaskAccessFacts>): TaskAccessFacts => ({
  ownerId: 1,
  assigneeId: 2,
  project: null,
  hasJobs: false,
  jobAssigneeIds: [],
  ...facts,
});

describe('task access policy', () => {
  it('derives task relations from owners, assignees, projects and jobs', () => {
    const relations = (facts: Partial<TaskAccessFacts>, id = 7) => [
      ...policy().taskRelations(user(id), task(facts)),
    ];
    assert.deepEqual(relations({ ownerId: 7 }), ['task.owner']);
    assert.deepEqual(relations({ assigneeId: 7 }), ['task.assignee']);
    assert.deepEqual(relations({ assigneeId: 7, hasJobs: true }), ['task.assignee', 'task.annotator']);
    assert.deepEqual(relations({ project: { ownerId: 7, assigneeId: null } }), ['task.owner']);
    assert.deepEqual(relations({ project: { ownerId: null, assigneeId: 7 } }), ['task.assignee']);
    assert.deepEqual(relations({ hasJobs: true, jobAssigneeIds: [7] }), ['task.annotator']);
    assert.deepEqual(relations({ assigneeId: null, hasJobs: true }), ['task.annotator']);
    assert.deepEqual(relations({ assigneeId: null }), [], 'public, but without jobs to annotate');
    assert.deepEqual(relations({}), []);
  });

  it('makes public tasks private when task visibility is reduced', () => {
    const facts = task({ assigneeId: null, hasJobs: true });
    assert.deepEqual([...policy(true).taskRelations(user(7), facts)], []);
    const job = { assigneeId: null, task: facts };
    assert.deepEqual([...policy().jobRelations(user(7), job)], ['job.annotator']);
    assert.deepEqual([...policy(true).jobRelations(user(7), job)], []);
    assert.deepEqual([...policy(true).jobRelations(user(7), { ...job, assigneeId: 7 })], ['job.annotator']);
  });

  it('derives project relations, including annotators of its tasks', () => {
    const project: ProjectAccessFacts = {
      ownerId: 1,
      assigneeId: 2,
      hasTaskWithJobs: true,
      hasUnassignedTaskWithJobs: false,
      assigneesOfTasksWithJobs: [3],
      jobAssigneeIds: [4],
    };
    const relations = (id: number, facts = project) => [...policy().projectRelations(user(id), facts)];
    assert.deepEqual(relations(1), ['project.owner']);
    assert.deepEqual(relations(2), ['project.assignee', 'project.annotator']);
    assert.deepEqual(relations(3), ['project.annotator']);
    assert.deepEqual(relations(4), ['project.annotator']);
    assert.deepEqual(relations(5), []);
    assert.deepEqual(relations(5, { ...project, hasUnassignedTaskWithJobs: true }), ['project.annotator']);
  });

  it('grants permissions by role or relation, as OBJECT_RULES says', () => {
    const none = new Set<never>();
    assert.equal(policy().allows(user(1, 'observer'), 'task.access', none), true);
    assert.equal(policy().allows(user(1, 'observer'), 'task.change', none), false);
    assert.equal(policy().allows({ ...user(1), isSuperuser: true }, 'task.delete', none), true);
    assert.equal(policy().allows(user(1), 'task.change', new Set(['task.assignee'])), true);
    assert.equal(policy().allows(user(1), 'task.delete', new Set(['task.assignee'])), false);
    assert.throws(() => policy().authorize(user(1, 'user'), 'task.access', none), {
      name: 'PermissionDeniedError',
    });
    assert.deepEqual(policy().listVisibility(user(1, 'observer')), { everything: true });
    assert.deepEqual(policy(true).listVisibility(user(1, 'annotator')), { userId: 1, reduced: true });
  });
});
