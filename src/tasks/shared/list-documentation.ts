import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiQuery, getSchemaPath } from '@nestjs/swagger';

/** A paginated answer (spec/README.md, section 4) whose results are `model`s. */
export function ApiPage(model: Type, description: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        properties: {
          count: { type: 'integer' },
          next: { type: 'string', format: 'uri', nullable: true },
          previous: { type: 'string', format: 'uri', nullable: true },
          results: { type: 'array', items: { $ref: getSchemaPath(model) } },
        },
      },
    }),
  );
}

function pageQuery(): MethodDecorator[] {
  return [
    ApiQuery({ name: 'page', required: false, description: 'A 1-based number, or `last`.' }),
    ApiQuery({ name: 'page_size', required: false, description: 'A positive number, or `all`.' }),
  ];
}

function textFilters(names: Record<string, string>): MethodDecorator[] {
  return Object.entries(names).map(([name, description]) => ApiQuery({ name, required: false, description }));
}

const ORDERING = 'Comma-separated `id`, `name`, `owner`, `status`, `assignee`; `-` descends. Default `-id`.';

export function ApiTaskListQuery(): MethodDecorator {
  return applyDecorators(
    ...pageQuery(),
    ApiQuery({
      name: 'search',
      required: false,
      description: 'Terms matched in name, owner, mode or status.',
    }),
    ApiQuery({ name: 'ordering', required: false, description: ORDERING }),
    ApiQuery({ name: 'id', required: false, type: Number }),
    ApiQuery({ name: 'project_id', required: false, type: Number }),
    ...textFilters({
      project: 'Part of the project name.',
      name: 'Part of the task name.',
      owner: "Part of the owner's username.",
      assignee: "Part of the assignee's username.",
      mode: 'Part of the mode.',
      status: 'Part of the status.',
    }),
  );
}

export function ApiProjectListQuery(): MethodDecorator {
  return applyDecorators(
    ...pageQuery(),
    ApiQuery({
      name: 'search',
      required: false,
      description: 'Terms matched in name, owner, assignee or status.',
    }),
    ApiQuery({ name: 'ordering', required: false, description: ORDERING }),
    ApiQuery({ name: 'id', required: false, type: Number }),
    ...textFilters({
      name: 'Part of the project name.',
      owner: "Part of the owner's username.",
      assignee: "Part of the assignee's username.",
      status: 'Part of the status.',
    }),
  );
}

export function ApiPageQuery(): MethodDecorator {
  return applyDecorators(...pageQuery());
}
