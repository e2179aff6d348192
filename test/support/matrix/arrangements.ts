import { aProject, aTask, type Queryable } from '../task-builders.js';
import type { Relation } from './expected-status.js';

/** What a case needs to arrange the object its request names. */
export interface ArrangementContext {
  /** The acting user's id (0 for the anonymous). */
  readonly actorId: number;
  /** Another existing user, made for this case. */
  readonly otherId: number;
  readonly db: Queryable;
}

/** An id no object has. */
export const MISSING_ID = 2_147_483_647;

/** The acting user, or the other user in his place for the anonymous (who gets 401 anyway). */
function actingUser(context: ArrangementContext): number {
  return context.actorId || context.otherId;
}

/** A task in the relation to the acting user that OBJECT_RELATIONS.task describes. */
export async function arrangeTask(context: ArrangementContext, relation: Relation): Promise<number> {
  const { db, otherId: other } = context;
  const me = actingUser(context);
  const othersTask = () => aTask().ownedBy(other).assignedTo(other);
  switch (relation) {
    case 'owner':
      return aTask().ownedBy(me).assignedTo(other).insert(db);
    case 'assignee':
      return aTask().ownedBy(other).assignedTo(me).insert(db);
    case 'job-assignee':
      return othersTask().withJob(me).insert(db);
    case 'public':
      return aTask().ownedBy(other).withJob().insert(db);
    case 'public-without-jobs':
      return aTask().ownedBy(other).insert(db);
    case 'project-owner':
      return othersTask()
        .inProject(await aProject().ownedBy(me).assignedTo(other).insert(db))
        .insert(db);
    case 'project-assignee':
      return othersTask()
        .inProject(await aProject().ownedBy(other).assignedTo(me).insert(db))
        .insert(db);
    case 'unrelated':
      return othersTask().insert(db);
    case 'missing':
      return MISSING_ID;
    default:
      throw new Error(`A task cannot be arranged for relation ${relation}`);
  }
}

/**
 * A project in the relation to the acting user that OBJECT_RELATIONS.project describes, holding
 * one task (the one that makes the relation, or one of the other user's).
 */
export async function arrangeProject(context: ArrangementContext, relation: Relation): Promise<number> {
  const { db, otherId: other } = context;
  const me = actingUser(context);
  if (relation === 'missing') return MISSING_ID;

  const project = aProject().ownedBy(other).assignedTo(other);
  if (relation === 'owner') project.ownedBy(me);
  if (relation === 'assignee') project.assignedTo(me);
  const projectId = await project.insert(db);

  const task = aTask().ownedBy(other).assignedTo(other).inProject(projectId);
  if (relation === 'job-assignee') task.withJob(me);
  else if (relation === 'public') task.assignedTo(null).withJob();
  else if (relation === 'task-owner') task.ownedBy(me);
  else if (!['owner', 'assignee', 'unrelated'].includes(relation)) {
    throw new Error(`A project cannot be arranged for relation ${relation}`);
  }
  await task.insert(db);
  return projectId;
}

/** A job in the relation to the acting user that OBJECT_RELATIONS.job describes: a task's first job. */
export async function arrangeJob(context: ArrangementContext, relation: Relation): Promise<number> {
  const { db, otherId: other } = context;
  const me = actingUser(context);
  const othersTask = () => aTask().ownedBy(other).assignedTo(other);
  let taskId: number;
  switch (relation) {
    case 'owner':
      taskId = await aTask().ownedBy(me).assignedTo(other).withJob().insert(db);
      break;
    case 'assignee':
      taskId = await aTask().ownedBy(other).assignedTo(me).withJob().insert(db);
      break;
    case 'job-assignee':
      taskId = await othersTask().withJob(me).insert(db);
      break;
    case 'other-job-assignee':
      taskId = await othersTask().withJob().withJob(me).insert(db);
      break;
    case 'public':
      taskId = await aTask().ownedBy(other).withJob().insert(db);
      break;
    case 'project-owner':
      taskId = await othersTask()
        .inProject(await aProject().ownedBy(me).assignedTo(other).insert(db))
        .withJob()
        .insert(db);
      break;
    case 'project-assignee':
      taskId = await othersTask()
        .inProject(await aProject().ownedBy(other).assignedTo(me).insert(db))
        .withJob()
        .insert(db);
      break;
    case 'unrelated':
      taskId = await othersTask().withJob().insert(db);
      break;
    case 'missing':
      return MISSING_ID;
    default:
      throw new Error(`A job cannot be arranged for relation ${relation}`);
  }
  const jobs = await db.query<{ id: number }>(
    'SELECT j.id FROM jobs j JOIN segments s ON s.id = j.segment_id WHERE s.task_id = $1 ORDER BY j.id LIMIT 1',
    [taskId],
  );
  return jobs.rows[0].id;
}
