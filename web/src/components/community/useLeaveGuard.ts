/**
 * Ask before leaving a page whose text would be lost: react-router's `useBlocker` for links,
 * back/forward and 取消 inside the app (a confirm dialog), `beforeunload` for a reload or a closed
 * tab (the browser's own dialog). `when` is read at the moment of leaving, so it can look at refs.
 */
import { useEffect, useRef } from 'react';
import { App, type ButtonProps } from 'antd';
import { useBlocker } from 'react-router';
import { useTranslation } from 'react-i18next';

/** `body`: the dialog's text, `leaveBody` (a post form's draft) or `leaveComment`. */
export function useLeaveGuard(when: () => boolean, body: 'leaveBody' | 'leaveComment' = 'leaveBody') {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const whenRef = useRef(when);
  whenRef.current = when;

  const blocker = useBlocker(({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && whenRef.current());
  const blockerRef = useRef(blocker);
  blockerRef.current = blocker;

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    const dialog = modal.confirm({
      title: t('drafts.leaveTitle'),
      content: t(`drafts.${body}`),
      okText: t('drafts.leave'),
      cancelText: t('drafts.stay'),
      okButtonProps: { danger: true, 'data-testid': 'leave-confirm' } as ButtonProps,
      cancelButtonProps: { 'data-testid': 'leave-cancel' } as ButtonProps,
      onOk: () => blockerRef.current.proceed?.(),
      onCancel: () => blockerRef.current.reset?.(),
    });
    return () => dialog.destroy();
  }, [blocker.state, modal, t, body]);

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!whenRef.current()) return;
      e.preventDefault();
      // Older browsers show the dialog only with a returnValue.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
}

/** `useLeaveGuard` as an element, for a form that only sometimes needs it: a router has one blocker. */
export function LeaveGuard({ when, body }: { when: () => boolean; body?: 'leaveBody' | 'leaveComment' }) {
  useLeaveGuard(when, body);
  return null;
}
