/**
 * Starts a mock interview (`POST /api/mock-interviews`) and opens it. Used wherever the user can
 * practise: the bank ("用这些题模拟面试"), a question, recommendations, the mistake notebook.
 * Logged-out users are sent to log in first and come back to where they were.
 */
import { App } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { mockInterviewApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { CreateInterviewInput } from '../../api/types';
import { useMe } from '../../auth/session';
import { pkeys } from './keys';

/** `question_ids` practise exactly those questions (the server takes 1–20). */
export const MAX_PRACTICE_IDS = 20;

/** `onError` replaces the default error toast (e.g. to put field reasons on a form). */
export function useStartInterview(opts: { onError?: (e: unknown) => void } = {}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const m = useMutation({
    mutationFn: (body: CreateInterviewInput) => mockInterviewApi.create(body),
    onSuccess: (iv) => {
      qc.setQueryData(pkeys.interview(iv.id), iv);
      void qc.invalidateQueries({ queryKey: pkeys.interviews });
      void navigate(`/mock-interviews/${iv.id}`);
    },
    onError: (e) => (opts.onError ? opts.onError(e) : void message.error(isApiError(e) ? e.message : t('errors.unknown'))),
  });
  /** Practise exactly these bank questions (the first 20). */
  const practise = (ids: number[]) => start({ kind: 'topic', question_ids: ids.slice(0, MAX_PRACTICE_IDS) });
  const start = (body: CreateInterviewInput) => {
    if (!me.data) {
      void message.info(t('mock.loginFirst'));
      void navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
      return;
    }
    m.mutate(body);
  };
  return { start, practise, pending: m.isPending, error: m.error, reset: m.reset };
}
