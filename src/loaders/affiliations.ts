import type { DataSource } from 'typeorm';
import { NamedEntity } from '../entities';
import type { PageRequest } from '../pagination';
import { keysetSql, selectList } from '../db/sql';
import { lateralPageSql, pagedLoader, type PagedRow } from './paged';

export type MemberRow = NamedEntity & PagedRow & { affiliationId: number; role: string; since: string | null; until: string | null };

/** An edge of an organization's members: the person row, with the membership it stands for. */
export type MemberEdge = { cursor: string; node: MemberRow };

/** A page of an organization's members by name, each membership (role) an edge of its own. */
export function membersPageByOrganizationId(ds: DataSource) {
  return pagedLoader<MemberRow>(
    async (ids: number[], page: PageRequest, withTotal: boolean) => {
      const params: unknown[] = [ids];
      const keyset = keysetSql(page, 'p.name', 'af.id', params);
      params.push(page.limit + 1);
      return ds.query(
        lateralPageSql(
          withTotal ? `SELECT count(*)::int AS total FROM affiliation af WHERE af.organization_id = k.id` : null,
          `SELECT ${selectList(ds, NamedEntity, 'p')}, af.id AS "affiliationId", af.role, af.since, af.until
             FROM affiliation af JOIN entity p ON p.id = af.person_id
            WHERE af.organization_id = k.id AND ${keyset.where}
            ORDER BY ${keyset.order} LIMIT $${params.length}`,
        ),
        params,
      );
    },
    (m) => [m.name, m.affiliationId],
  );
}
