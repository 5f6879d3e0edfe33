/**
 * Drafts (草稿, issue 19): the caller's autosaved 面经 and discussion forms. `…/drafts/{kind}` is
 * the draft of a new post, `…/drafts/{kind}/{postId}` of an edit; publishing removes it on the
 * server. The shapes are declared here until the server's OpenAPI snapshot carries `DraftInfo`
 * (then `Schemas['DraftInfo']` says the same).
 */
import { api, isApiError, request } from './client';
import type { Page } from './types';

export type DraftKind = 'experience' | 'discussion';

export interface DraftInfo {
  kind: DraftKind;
  /** The post being edited; null for a new post. */
  post_id: number | null;
  /** The form's fields as last saved (JSON; dates as `{ $date: 'YYYY-MM-DD' }`). */
  fields: Record<string, unknown>;
  /** RFC 3339 UTC. */
  updated_at: string;
}

function path(kind: DraftKind, postId?: number) {
  return postId === undefined ? `/api/drafts/${kind}` : `/api/drafts/${kind}/${postId}`;
}

export const draftApi = {
  list: (page = 1, per_page = 20) => api.get<Page<DraftInfo>>('/api/drafts', { page, per_page }),
  /** The draft, or null when there is none (404). */
  get: async (kind: DraftKind, postId?: number): Promise<DraftInfo | null> => {
    try {
      return await api.get<DraftInfo>(path(kind, postId));
    } catch (e) {
      if (isApiError(e) && e.status === 404) return null;
      throw e;
    }
  },
  /** Create or replace; `keepalive` for a save made while the page goes away. */
  save: (kind: DraftKind, postId: number | undefined, fields: Record<string, unknown>, keepalive = false) =>
    request<DraftInfo>('PUT', path(kind, postId), { body: { fields }, keepalive }),
  /** Discard; a draft that is already gone is fine. */
  discard: async (kind: DraftKind, postId?: number): Promise<void> => {
    try {
      await api.delete<void>(path(kind, postId));
    } catch (e) {
      if (!(isApiError(e) && e.status === 404)) throw e;
    }
  },
};
