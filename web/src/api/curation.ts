/**
 * Administration (issue 20): careers, schools and tags, the question bank's writes, import and
 * export, and the site statistics. Types are aliases of the generated `schema.d.ts`.
 */
import i18n from '../i18n';
import { api, apiLanguage, ApiError, readCookie } from './client';
import type { components } from './schema';
import type { Page } from './types';

type Schemas = components['schemas'];

export type AdminCareer = Schemas['AdminCareer'];
export type CareerInput = Schemas['CareerInput'];
export type AdminSchool = Schemas['AdminSchool'];
export type SchoolInput = Schemas['SchoolInput'];
export type AdminTag = Schemas['AdminTag'];
export type SiteStats = Schemas['SiteStats'];
export type StatsDay = Schemas['StatsDay'];
export type ImportReport = Schemas['ImportReport'];
export type ClaimStatus = Schemas['ClaimStatus'];
export type QuestionInput = Schemas['QuestionInput'];

export const curationApi = {
  careers: () => api.get<AdminCareer[]>('/api/admin/careers'),
  createCareer: (body: CareerInput) => api.post<AdminCareer>('/api/admin/careers', body),
  updateCareer: (id: number, body: CareerInput) => api.patch<AdminCareer>(`/api/admin/careers/${id}`, body),
  deleteCareer: (id: number) => api.delete<void>(`/api/admin/careers/${id}`),

  schools: (query: { q?: string; page: number; per_page: number }, signal?: AbortSignal) =>
    api.get<Page<AdminSchool>>('/api/admin/schools', query, signal),
  createSchool: (body: SchoolInput) => api.post<AdminSchool>('/api/admin/schools', body),
  updateSchool: (id: number, body: SchoolInput) => api.patch<AdminSchool>(`/api/admin/schools/${id}`, body),
  deleteSchool: (id: number) => api.delete<void>(`/api/admin/schools/${id}`),
  mergeSchool: (id: number, into: number) => api.post<AdminSchool>(`/api/admin/schools/${id}/merge`, { into }),

  tags: (query: { q?: string; page: number; per_page: number }, signal?: AbortSignal) =>
    api.get<Page<AdminTag>>('/api/admin/tags', query, signal),
  createTag: (name: string) => api.post<AdminTag>('/api/admin/tags', { name }),
  renameTag: (id: number, name: string) => api.patch<AdminTag>(`/api/admin/tags/${id}`, { name }),
  deleteTag: (id: number) => api.delete<void>(`/api/admin/tags/${id}`),
  mergeTag: (id: number, into: number) => api.post<AdminTag>(`/api/admin/tags/${id}/merge`, { into }),

  stats: (days: number) => api.get<SiteStats>('/api/admin/stats', { days }),
  /** Public: whether an administrator exists (the claim panel shows only while none does). */
  claimStatus: () => api.get<ClaimStatus>('/api/admin/claim'),

  createQuestion: (body: QuestionInput) => api.post<Schemas['QuestionDetail']>('/api/questions', body),
  updateQuestion: (id: number, body: QuestionInput) => api.patch<Schemas['QuestionDetail']>(`/api/questions/${id}`, body),
  deleteQuestion: (id: number) => api.delete<void>(`/api/questions/${id}`),
  /** Where the browser downloads the whole bank as JSONL (the session cookie authorises it). */
  exportUrl: '/api/questions/export',
};

export const curationKeys = {
  careers: ['admin', 'careers'] as const,
  schools: ['admin', 'schools'] as const,
  tags: ['admin', 'tags'] as const,
  stats: (days: number) => ['admin', 'stats', days] as const,
  claim: ['admin', 'claim'] as const,
};

/**
 * Upload a JSONL file to `POST /api/questions/import`, reporting the upload's progress (0–100)
 * through `onProgress`. XMLHttpRequest rather than `fetch`: only it reports upload progress.
 * Errors become an {@link ApiError} like every other call.
 */
export function importQuestions(file: File, onProgress: (percent: number) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/questions/import');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', apiLanguage());
    const csrf = readCookie('__Host-mj_csrf') ?? readCookie('mj_csrf');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', i18n.t('errors.network')));
    xhr.onload = () => {
      let data: { code?: string; message?: string } | undefined;
      try {
        data = JSON.parse(xhr.responseText) as typeof data;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as ImportReport);
      else
        reject(
          new ApiError(
            xhr.status,
            data?.code ?? `http_${xhr.status}`,
            data?.message || i18n.t('errors.http', { status: xhr.status }),
            undefined,
            undefined,
            data,
          ),
        );
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
