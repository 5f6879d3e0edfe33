/**
 * Who is logged in. The session lives in an HttpOnly cookie, so the only way to know is to ask:
 * `GET /api/users/profile` answers the profile, or 401 when nobody is logged in (→ `null`).
 */
import { useMutation, useQuery, type QueryClient } from '@tanstack/react-query';
import { message } from 'antd';
import { isApiError } from '../api/client';
import i18n from '../i18n';
import { authApi, userApi } from '../api/endpoints';
import type { Profile } from '../api/types';

export const ME_KEY = ['me'] as const;

/** Whether the "session expired" notice was shown since the last logged-in answer (once, not per refetch). */
let expiryNoticed = false;

export async function fetchMe(): Promise<Profile | null> {
  try {
    const me = await userApi.profile();
    expiryNoticed = false;
    return me;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      if (e.code === 'session_expired' && !expiryNoticed) {
        expiryNoticed = true;
        void message.warning({ content: i18n.t('sessions.expiredNotice'), duration: 8, key: 'session-expired' });
      }
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** After login/init: refetch the profile so every screen sees the new user. */
export async function refreshMe(qc: QueryClient): Promise<Profile | null> {
  return qc.fetchQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 0 });
}

/** Forget everything cached for the previous user. */
export function clearSession(qc: QueryClient) {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  qc.setQueryData(ME_KEY, null);
}

/** Logs out on the server; the caller then navigates with `SIGNED_OUT_STATE`. */
export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      try {
        await authApi.logout();
      } catch (e) {
        // Already logged out server-side: treat as success.
        if (!(isApiError(e) && e.status === 401)) throw e;
      }
    },
  });
}

/**
 * Navigation state that makes the layout forget the user once the next page has rendered.
 * Clearing right away would let the old page's login guard redirect to /login?next=… first
 * (router updates render in a transition, cache updates render at once).
 */
export const SIGNED_OUT_STATE = { signedOut: true } as const;

export function isSignedOutState(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as { signedOut?: unknown }).signedOut === true;
}
