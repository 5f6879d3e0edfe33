/** What the post forms show of their draft: the restored-draft notice and the autosave state. */
import { useState } from 'react';
import { Alert, App, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { errorMessage } from '../States';
import type { DraftStatus } from './useDraft';

/** `HH:mm` today, `MM-DD HH:mm` on another day. */
function when(at: string) {
  const d = dayjs(at);
  return d.isSame(dayjs(), 'day') ? d.format('HH:mm') : d.format('MM-DD HH:mm');
}

/** 已恢复 hh:mm 保存的草稿, with 丢弃草稿 to start again from the post (or a blank form). */
export function DraftRestored({ savedAt, onDiscard }: { savedAt: string; onDiscard: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [state, setState] = useState<'shown' | 'busy' | 'gone'>('shown');
  if (state === 'gone') return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="draft-restored"
      title={t('drafts.restored', { time: when(savedAt) })}
      action={
        <Button
          size="small"
          loading={state === 'busy'}
          data-testid="draft-discard"
          onClick={() => {
            setState('busy');
            onDiscard()
              .then(() => {
                setState('gone');
                void message.success(t('drafts.discarded'));
              })
              .catch((e: unknown) => {
                setState('shown');
                void message.error(errorMessage(e, t('errors.unknown')));
              });
          }}
        >
          {t('drafts.discard')}
        </Button>
      }
    />
  );
}

/** 保存中… / 已保存草稿 hh:mm / 草稿保存失败, beside the form's buttons. */
export function DraftStatusText({ status }: { status: DraftStatus }) {
  const { t } = useTranslation();
  let text: string | null = null;
  if (status.state === 'saving') text = t('drafts.saving');
  else if (status.state === 'saved') text = t('drafts.savedAt', { time: when(status.at) });
  else if (status.state === 'error') text = `${t('drafts.saveFailed')} ${errorMessage(status.error, '')}`.trim();
  if (!text) return null;
  return (
    <Typography.Text type={status.state === 'error' ? 'danger' : 'secondary'} className="mj-draft-status" data-testid="draft-status" data-state={status.state}>
      {text}
    </Typography.Text>
  );
}
