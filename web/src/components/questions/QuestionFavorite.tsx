/**
 * 收藏 toggle for a bank question, on cards (compact) and the detail page. Optimistic: the button
 * flips at once and the cached detail and list pages follow; the server's `{favorited, favorites}`
 * then replaces the guess, or the old state comes back on failure. Logged-out users go to log in.
 */
import { useEffect, useState } from 'react';
import { App, Button } from 'antd';
import { StarFilled, StarOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { questionApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { Page, QuestionDetail, QuestionItem } from '../../api/types';
import { useMe } from '../../auth/session';
import { pkeys } from './keys';

interface FavState {
  favorited: boolean;
  favorites: number;
}

/** Writes a question's favorite state into every cached list page and its cached detail. */
export function patchCachedQuestion(qc: QueryClient, id: number, state: FavState) {
  const patch = <T extends QuestionItem>(q: T): T =>
    q.id === id ? { ...q, is_favorited: state.favorited, favorites: state.favorites } : q;
  qc.setQueriesData<Page<QuestionItem>>({ queryKey: pkeys.questionLists }, (old) =>
    old && Array.isArray(old.items) ? { ...old, items: old.items.map(patch) } : old,
  );
  qc.setQueryData<QuestionDetail>(pkeys.question(id), (old) =>
    old ? { ...patch(old), related: old.related.map(patch) } : old,
  );
}

interface Props {
  id: number;
  favorited: boolean;
  count: number;
  /** Small text button for cards. */
  compact?: boolean;
}

export default function QuestionFavorite({ id, favorited, count, compact }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  // The optimistic state until the props catch up with the server.
  const [local, setLocal] = useState<FavState | null>(null);
  useEffect(() => setLocal(null), [favorited, count]);
  const shown = local ?? { favorited, favorites: count };

  const toggle = useMutation({
    mutationFn: (on: boolean) => questionApi.setFavorite(id, on),
    onMutate: (on) => {
      const prev = shown;
      setLocal({ favorited: on, favorites: Math.max(0, prev.favorites + (on === prev.favorited ? 0 : on ? 1 : -1)) });
      return { prev };
    },
    onSuccess: (res, on) => {
      const next = { favorited: res?.favorited ?? on, favorites: res?.favorites ?? shown.favorites };
      setLocal(next);
      patchCachedQuestion(qc, id, next);
      void message.success(on ? t('community.favoriteAdded') : t('community.favoriteRemoved'));
    },
    onError: (e, _on, ctx) => {
      if (ctx?.prev) setLocal(ctx.prev);
      void message.error(isApiError(e) ? e.message : t('errors.unknown'));
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: pkeys.favoriteQuestions }),
  });

  const onClick = () => {
    if (!me.data) {
      void message.info(t('community.loginToFavorite'));
      void navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
      return;
    }
    toggle.mutate(!shown.favorited);
  };

  const icon = shown.favorited ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />;
  const label = shown.favorited ? t('community.favorited') : t('community.favorite');
  return (
    <Button
      type={compact ? 'text' : shown.favorited ? 'primary' : 'default'}
      ghost={!compact && shown.favorited}
      size={compact ? 'small' : undefined}
      icon={icon}
      onClick={onClick}
      disabled={toggle.isPending}
      aria-pressed={shown.favorited}
      data-testid="question-favorite"
    >
      {label}
      <span className="mj-count" data-testid="question-favorite-count">
        {shown.favorites}
      </span>
    </Button>
  );
}
