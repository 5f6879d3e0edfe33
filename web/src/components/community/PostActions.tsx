/** Edit / delete buttons of a post for its author, delete for admins, and 举报 (report) for other users. */
import { App, Button, Popconfirm } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { discussionApi, experienceApi, type PostKind } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { Page } from '../../api/types';
import { useMe } from '../../auth/session';
import { keys } from './keys';
import ReportButton from '../notifications/ReportButton';

interface Props {
  kind: PostKind;
  id: number;
  isAuthor: boolean;
  /** After a successful delete (navigate away, …). */
  onDeleted?: () => void;
  size?: 'small' | 'middle';
  /** Text buttons (inside list cards) instead of outlined ones. */
  compact?: boolean;
}

export default function PostActions({ kind, id, isAuthor, onDeleted, size = 'middle', compact = false }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const isAdmin = !!me.data?.is_admin;
  const remove = useMutation({
    mutationFn: () => (kind === 'experiences' ? experienceApi.remove(id) : discussionApi.remove(id)),
    onSuccess: () => {
      void message.success(kind === 'experiences' ? t('exp.deletedToast') : t('discussion.deletedToast'));
      qc.removeQueries({ queryKey: keys.detail(kind, id) });
      // Drop it from cached lists at once, so no list shows it while refetching.
      for (const queryKey of [keys.lists(kind), [...keys.mine, kind], [...keys.favorites, kind]]) {
        qc.setQueriesData<Page<{ id: number }>>({ queryKey }, (old) =>
          old && Array.isArray(old.items) && old.items.some((i) => i.id === id)
            ? { ...old, items: old.items.filter((i) => i.id !== id), total: Math.max(0, old.total - 1) }
            : old,
        );
      }
      void qc.invalidateQueries({ queryKey: keys.lists(kind) });
      void qc.invalidateQueries({ queryKey: keys.mine });
      void qc.invalidateQueries({ queryKey: keys.favorites });
      void qc.invalidateQueries({ queryKey: keys.companies });
      void qc.invalidateQueries({ queryKey: keys.tags });
      onDeleted?.();
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });
  const type = compact ? 'text' : 'default';
  // 举报: anyone logged in, on someone else's post.
  const report = me.data && !isAuthor ? <ReportButton target={kind === 'experiences' ? 'experience' : 'discussion'} id={id} size={size} variant={type} /> : null;
  if (!isAuthor && !isAdmin) return report;
  return (
    <>
      {report}
      {isAuthor ? (
        <Link to={`/${kind}/${id}/edit`}>
          <Button type={type} size={size} icon={<EditOutlined />} data-testid="post-edit">
            {t('common.edit')}
          </Button>
        </Link>
      ) : null}
      <Popconfirm
        title={kind === 'experiences' ? t('exp.confirmDeleteTitle') : t('discussion.confirmDeleteTitle')}
        description={t('community.confirmDelete')}
        onConfirm={() => remove.mutate()}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: remove.isPending }}
      >
        <Button type={type} size={size} danger icon={<DeleteOutlined />} data-testid={isAuthor ? 'post-delete' : 'admin-delete'}>
          {isAuthor ? t('community.delete') : t('community.adminDelete')}
        </Button>
      </Popconfirm>
    </>
  );
}
