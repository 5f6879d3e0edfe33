/**
 * 有帮助 (helpful) toggle for a 面经 or a comment (issue 19). Optimistic: the button flips and the
 * count moves at once; the server's `{is_helpful, helpful}` then replaces the guess, or the old
 * state comes back on failure. Logged-out users are sent to log in first; on one's own post the
 * count shows but the button is disabled (the server refuses it with `helpful_own_post`).
 */
import { useEffect, useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { LikeFilled, LikeOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { helpfulApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import { useMe } from '../../auth/session';
import { keys } from './keys';

interface Props {
  kind: 'experiences' | 'comments';
  id: number;
  /** The caller counts it helpful. */
  helpful: boolean;
  count: number;
  /** The caller wrote it. */
  own: boolean;
  /** `small` link-style for comments, a normal button on a 面经. */
  compact?: boolean;
}

export default function HelpfulButton({ kind, id, helpful, count, own, compact }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [state, setState] = useState({ on: helpful, count });
  // A refetched post or comment list brings the server's truth.
  useEffect(() => setState({ on: helpful, count }), [helpful, count]);

  const toggle = useMutation({
    mutationFn: (on: boolean) => helpfulApi.set(kind, id, on),
    onMutate: (on) => {
      const prev = state;
      setState({ on, count: Math.max(0, prev.count + (on === prev.on ? 0 : on ? 1 : -1)) });
      return { prev };
    },
    onSuccess: (res) => {
      setState({ on: res.is_helpful, count: res.helpful });
      if (kind === 'experiences') {
        qc.setQueryData<{ is_helpful: boolean; helpful: number }>(keys.experience(id), (old) =>
          old ? { ...old, is_helpful: res.is_helpful, helpful: res.helpful } : old,
        );
      }
    },
    onError: (e, _on, ctx) => {
      if (ctx?.prev) setState(ctx.prev);
      void message.error(isApiError(e) ? e.message : t('errors.unknown'));
    },
    onSettled: () => {
      if (kind === 'experiences') void qc.invalidateQueries({ queryKey: keys.experienceLists });
    },
  });

  const onClick = () => {
    if (!me.data) {
      void message.info(t('communityBasics.helpfulLogin'));
      void navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
      return;
    }
    toggle.mutate(!state.on);
  };

  const button = (
    <Button
      type={compact ? 'link' : state.on ? 'primary' : 'default'}
      ghost={!compact && state.on}
      size={compact ? 'small' : undefined}
      icon={state.on ? <LikeFilled /> : <LikeOutlined />}
      onClick={onClick}
      disabled={own || toggle.isPending}
      aria-pressed={state.on}
      aria-label={t('communityBasics.helpfulCount', { count: state.count })}
      data-testid={kind === 'experiences' ? 'helpful-button' : 'comment-helpful'}
    >
      {compact ? null : state.on ? t('communityBasics.helpfulDone') : t('communityBasics.helpful')}
      <span className="mj-count" data-testid="helpful-count">
        {state.count}
      </span>
    </Button>
  );
  return own ? <Tooltip title={t('communityBasics.helpfulOwn')}>{button}</Tooltip> : button;
}
