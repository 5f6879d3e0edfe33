/**
 * Posting a near-duplicate of one's own recent 面经: the server answers 409 `possible_duplicate`
 * naming the earlier post (`existing_id`); this asks the writer and, when they confirm, sends the
 * same body again with `confirm_duplicate: true`. Declining ends the save with the server's message
 * shown above the form, so nothing is posted and the writer knows why.
 */
import { useMemo } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import type { ExperienceInput } from '../../api/types';

/** `api` whose `create` asks before posting a near-duplicate. */
export function useDuplicateConfirm<A extends { create: (body: ExperienceInput) => Promise<R> }, R>(api: A): A {
  const { modal } = App.useApp();
  const { t } = useTranslation();
  return useMemo(() => {
    const create = async (body: ExperienceInput): Promise<R> => {
      try {
        return await api.create(body);
      } catch (e) {
        if (!isApiError(e) || e.status !== 409 || e.code !== 'possible_duplicate') throw e;
        const existing = (e.body as { existing_id?: number } | undefined)?.existing_id;
        const ok = await modal.confirm({
          title: t('applications.duplicateTitle'),
          content: (
            <span data-testid="duplicate-confirm">
              {e.message}
              {existing ? (
                <>
                  {' '}
                  <a href={`/experiences/${existing}`} target="_blank" rel="noopener">
                    {t('applications.duplicateView')}
                  </a>
                </>
              ) : null}
            </span>
          ),
          okText: t('applications.duplicateConfirm'),
          cancelText: t('common.cancel'),
        });
        if (!ok) throw e;
        return api.create({ ...body, confirm_duplicate: true });
      }
    };
    return { ...api, create };
  }, [api, modal, t]);
}
