/**
 * 收藏 toggle for a 面经 or discussion detail. Optimistic: the cached detail flips and its count
 * moves at once; the server's `{favorited, favorites}` then replaces the guess, or the old state
 * comes back on failure. Logged-out users are sent to log in first.
 */
import { App, Button } from 'antd';
import { StarFilled, StarOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { favoriteApi, type PostKind } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import { useMe } from '../../auth/session';
import { keys } from './keys';

interface Favoritable {
  is_favorited: boolean;
  favorites: number;
}

interface Props {
  kind: PostKind;
  id: number;
  favorited: boolean;
  count: number;
}

export default function FavoriteButton({ kind, id, favorited, count }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const key = keys.detail(kind, id);

  const toggle = useMutation({
    mutationFn: (on: boolean) => favoriteApi.set(kind, id, on),
    onMutate: async (on) => {
      await qc.cancelQueries({ queryKey: key });
      const prev = qc.getQueryData<Favoritable>(key);
      if (prev && prev.is_favorited !== on) {
        qc.setQueryData<Favoritable>(key, {
          ...prev,
          is_favorited: on,
          favorites: Math.max(0, prev.favorites + (on ? 1 : -1)),
        });
      }
      return { prev };
    },
    onSuccess: (res, on) => {
      qc.setQueryData<Favoritable>(key, (old) =>
        old ? { ...old, is_favorited: res?.favorited ?? on, favorites: res?.favorites ?? old.favorites } : old,
      );
      void message.success(on ? t('community.favoriteAdded') : t('community.favoriteRemoved'));
    },
    onError: (e, _on, ctx) => {
      if (ctx?.prev) qc.setQueryData(key, ctx.prev);
      void message.error(isApiError(e) ? e.message : t('errors.unknown'));
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: keys.favorites });
      void qc.invalidateQueries({ queryKey: keys.lists(kind) });
    },
  });

  const onClick = () => {
    if (!me.data) {
      void message.info(t('community.loginToFavorite'));
      void navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
      return;
    }
    toggle.mutate(!favorited);
  };

  return (
    <Button
      type={favorited ? 'primary' : 'default'}
      ghost={favorited}
      icon={favorited ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />}
      onClick={onClick}
      disabled={toggle.isPending}
      aria-pressed={favorited}
      data-testid="favorite-button"
    >
      {favorited ? t('community.favorited') : t('community.favorite')}
      <span className="mj-count" data-testid="favorite-count">
        {count}
      </span>
    </Button>
  );
}
