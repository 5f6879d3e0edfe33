/**
 * Companies (issue 19): the index and autocomplete, a company page with its statistics, and the
 * admin's rename / aliases / merge. Types are aliases of the generated `schema.d.ts`, like
 * `types.ts`; kept in their own module so the company feature's API surface is in one place.
 */
import { api } from './client';
import type { components } from './schema';
import type { Page } from './types';

type Schemas = components['schemas'];

/** A company with its spellings and number of live 面经 (`GET /api/companies`). */
export type CompanyCount = Schemas['CompanyCount'];
/** `GET /api/companies/{id}`: the company and the statistics of its 面经. */
export type CompanyDetail = Schemas['CompanyDetail'];
export type CompanySeasonStats = Schemas['CompanySeasonStats'];
export type CompanyOutcomeStats = Schemas['CompanyOutcomeStats'];

export const COMPANY_SORTS = ['count', 'name'] as const;
export type CompanySort = (typeof COMPANY_SORTS)[number];

export const companyApi = {
  list: (query: { q?: string; sort?: CompanySort; page?: number; per_page?: number }, signal?: AbortSignal) =>
    api.get<Page<CompanyCount>>('/api/companies', { ...query }, signal),
  get: (id: number | string) => api.get<CompanyDetail>(`/api/companies/${id}`),
  rename: (id: number, name: string) => api.patch<CompanyDetail>(`/api/admin/companies/${id}`, { name }),
  setAliases: (id: number, aliases: string[]) => api.put<CompanyDetail>(`/api/admin/companies/${id}/aliases`, { aliases }),
  merge: (id: number, into: number) => api.post<CompanyDetail>(`/api/admin/companies/${id}/merge`, { into }),
};

export const companyKeys = {
  lists: ['companies'] as const,
  detail: (id: number | string) => ['company', String(id)] as const,
};
