import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { NotFoundError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { orderingOf, type ListQuerySpec } from '../../common/pagination/list-query.js';
import {
  buildPage,
  parsePageRequest,
  resolvePageWindow,
  type Page,
} from '../../common/pagination/page-request.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { UserEntity } from '../entities/user.entity.js';
import type { ListParameters } from './list-parameters.decorator.js';
import type { UserDto } from './user.dto.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { UserLookup } from './user-lookup.js';
import { toOwnUser, toUserDto, type UserRepresentation } from './user.mapper.js';

const BASIC_ORDERING = {
  id: 'account.id',
  username: 'account.username',
  first_name: 'account.firstName',
  last_name: 'account.lastName',
};

/**
 * Users may be ordered by any field of the representation they receive, so nobody can sort by
 * (and so learn about) fields he may not see. Users have no search and no filters.
 */
const LIST_SPECS: Record<UserRepresentation, ListQuerySpec> = {
  basic: { searchable: [], filters: {}, orderable: BASIC_ORDERING, defaultOrder: ['id'] },
  full: {
    searchable: [],
    filters: {},
    orderable: {
      ...BASIC_ORDERING,
      email: 'account.email',
      is_staff: 'account.isStaff',
      is_superuser: 'account.isSuperuser',
      is_active: 'account.isActive',
      last_login: 'account.lastLogin',
      date_joined: 'account.dateJoined',
    },
    defaultOrder: ['id'],
  },
};

/** Reading users: the list, one user, and the requester himself. */
@Injectable()
export class UserDirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: UserLookup,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(requester: AuthenticatedUser, request: ListParameters): Promise<Page<UserDto>> {
    const pageRequest = parsePageRequest(request.query, this.config.maxPageSize);
    const representation: UserRepresentation = requester.isStaff ? 'full' : 'basic';

    const query = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('account')
      .leftJoinAndSelect('account.groups', 'role');
    const ordering = orderingOf(LIST_SPECS[representation], request.query.ordering);
    // Equal sort keys would otherwise let a user appear on two pages, or on none.
    if (!ordering.some(([expression]) => expression === 'account.id')) ordering.push(['account.id', 'ASC']);
    for (const [expression, direction] of ordering) query.addOrderBy(expression, direction);

    const count = await query.getCount();
    const window = resolvePageWindow(pageRequest, count);
    const users = await query.skip(window.offset).take(window.limit).getMany();
    const results = users.map((user) => toUserDto(user, request.origin, representation));
    return buildPage(request.origin, request.url, window, count, results);
  }

  async retrieve(requester: AuthenticatedUser, rawId: string, origin: RequestOrigin): Promise<UserDto> {
    const id = parseObjectId(rawId);
    const representation = requester.isStaff || requester.id === id ? 'full' : 'basic';
    return toUserDto(await this.load(id), origin, representation);
  }

  /** Served from the identity cache: the requester was just loaded to authenticate him. */
  async self(requester: AuthenticatedUser, origin: RequestOrigin): Promise<UserDto> {
    const record = await this.lookup.byId(requester.id);
    if (!record) throw new NotFoundError();
    return toOwnUser(record, origin);
  }

  private async load(id: number): Promise<UserEntity> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOne({ where: { id }, relations: { groups: true } });
    if (!user) throw new NotFoundError();
    return user;
  }
}
