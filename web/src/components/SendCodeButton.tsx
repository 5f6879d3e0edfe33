/** "获取验证码" button: sends a verification code, then counts down before allowing a resend. */
import { useEffect, useState } from 'react';
import { App, Button } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import type { CodePurpose, CodeSent } from '../api/types';

const DEFAULT_WAIT = 60;

interface Props {
  /** For `POST /api/verification-codes`; ignored when `send` is given. */
  purpose?: CodePurpose;
  /** Sends the code another way (e.g. the contact change's own endpoint). */
  send?: (target: string) => Promise<CodeSent | undefined>;
  /** Validates and returns the target (phone or email), or null when it is not valid yet. */
  getTarget: () => Promise<string | null>;
  /** Called with the server's message (and the error) when sending fails. */
  onError?: (message: string, error: unknown) => void;
  onSent?: (target: string) => void;
  block?: boolean;
}

export default function SendCodeButton({ purpose = 'login', send: sendWith, getTarget, onError, onSent, block }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [left, setLeft] = useState(0);

  useEffect(() => {
    if (left <= 0) return;
    const id = window.setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => window.clearTimeout(id);
  }, [left]);

  const send = useMutation({
    mutationFn: (target: string) => (sendWith ? sendWith(target) : authApi.sendCode({ target, purpose })),
    onSuccess: (res, target) => {
      setLeft(res?.resend_after ?? DEFAULT_WAIT);
      void message.success(t('auth.code.sent'));
      onSent?.(target);
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 429) setLeft(e.retryAfter ?? DEFAULT_WAIT);
      const text = isApiError(e) ? e.message : t('errors.unknown');
      if (onError) onError(text, e);
      else void message.error(text);
    },
  });

  const onClick = async () => {
    const target = await getTarget();
    if (!target) {
      void message.warning(t('auth.code.targetFirst'));
      return;
    }
    send.mutate(target);
  };

  return (
    <Button
      onClick={onClick}
      disabled={left > 0}
      loading={send.isPending}
      block={block}
      data-testid="send-code"
      style={{ minWidth: 128 }}
    >
      {left > 0 ? t('auth.code.resend', { seconds: left }) : t('auth.code.send')}
    </Button>
  );
}
