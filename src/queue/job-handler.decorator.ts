import { Process, Processor } from '@nestjs/bull';
import { applyDecorators, SetMetadata } from '@nestjs/common';

import type { JobName, QueueName } from './job-catalogue.js';

export const JOB_PROCESSOR_QUEUE = Symbol('JOB_PROCESSOR_QUEUE');
export const JOB_HANDLER_NAME = Symbol('JOB_HANDLER_NAME');

/** Marks a class as the processor of a catalogued queue. */
export function JobProcessor(queue: QueueName): ClassDecorator {
  return applyDecorators(Processor(queue), SetMetadata(JOB_PROCESSOR_QUEUE, queue));
}

/** Marks a method as the handler of one catalogued job; the type ties the name to the queue. */
export function HandlesJob<Q extends QueueName>(_queue: Q, name: JobName<Q>): MethodDecorator {
  return applyDecorators(Process(name), SetMetadata(JOB_HANDLER_NAME, name));
}
