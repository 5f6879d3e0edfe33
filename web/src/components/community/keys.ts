/**
 * TanStack Query keys of the community area, in one place so a write can invalidate exactly the
 * lists it changes. Lists hang under their area's root key (`['experiences', …]`), details under
 * the singular (`['experience', id]`) so invalidating lists never refetches a detail — a detail
 * GET counts a view.
 */
import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { catalogApi, type PostKind } from '../../api/endpoints';

export const keys = {
  experienceLists: ['experiences'] as const,
  experience: (id: number | string) => ['experience', String(id)] as const,
  discussionLists: ['discussions'] as const,
  discussion: (id: number | string) => ['discussion', String(id)] as const,
  detail: (kind: PostKind, id: number | string) =>
    kind === 'experiences' ? keys.experience(id) : keys.discussion(id),
  lists: (kind: PostKind) => (kind === 'experiences' ? keys.experienceLists : keys.discussionLists),
  comments: (kind: PostKind, id: number | string) => ['comments', kind, String(id)] as const,
  favorites: ['favorites'] as const,
  mine: ['my-posts'] as const,
  careers: ['careers'] as const,
  tags: ['tags'] as const,
  companies: ['companies'] as const,
  feedbacks: ['feedbacks'] as const,
  /** The caller's drafts: the list (`[...drafts, page]`) and each form's own (`[...drafts, kind, id]`). */
  drafts: ['drafts'] as const,
};

/**
 * Careers (职业方向) for filters and forms; they rarely change. Keyed by the UI language: each
 * career's `label` comes back in the caller's language.
 */
export function useCareers() {
  const { i18n } = useTranslation();
  return useQuery({ queryKey: [...keys.careers, i18n.language], queryFn: () => catalogApi.careers(), staleTime: 10 * 60_000 });
}

/**
 * Maps a stored career name (前端, 后端… as `career_name` fields, report topics and ability
 * dimensions carry it) to its label in the UI language; other text (a tag, an already translated
 * label) comes back as it is.
 */
export function useCareerLabel(): (name: string) => string {
  const careers = useCareers();
  const items = careers.data?.items;
  return useCallback(
    (name: string) => {
      const c = items?.find((k) => k.name === name);
      return c?.label || name;
    },
    [items],
  );
}
