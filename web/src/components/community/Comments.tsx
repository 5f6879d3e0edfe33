/**
 * Comments under a 面经 or discussion: top-level comments oldest first (or most helpful first, the
 * reader's choice once there are two), each with one level of replies. Replying to a reply stays in
 * the same thread (parent = the top-level comment) and starts with "@name ". Authors edit and delete
 * their own comments; admins delete any.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Input, Pagination, Popconfirm, Segmented, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { commentApi, type CommentSort, type PostKind } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { Comment } from '../../api/types';
import { useMe } from '../../auth/session';
import { formatDateTime, formatRelative, wasEdited } from '../format';
import { ErrorState, PageLoading } from '../States';
import AuthorInfo, { useAuthorName } from './AuthorInfo';
import { keys } from './keys';
import HelpfulButton from './HelpfulButton';
import ReportButton from '../notifications/ReportButton';
import { LeaveGuard } from './useLeaveGuard';

const PER_PAGE = 20;
const MAX = 5000;

interface Countable {
  comments: number;
}

function Composer({
  initial = '',
  placeholder,
  submitText,
  pending,
  onSubmit,
  onCancel,
  autoFocus,
  testId,
  guardLeave,
}: {
  initial?: string;
  placeholder: string;
  submitText: string;
  pending: boolean;
  onSubmit: (text: string) => Promise<unknown>;
  onCancel?: () => void;
  autoFocus?: boolean;
  testId: string;
  /** Ask before leaving the page with text in the box (one composer per page: one router blocker). */
  guardLeave?: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = text.trim();
    if (!v) return setError(t('comment.required'));
    if (v.length > MAX) return setError(t('comment.tooLong'));
    try {
      await onSubmit(v);
      setText('');
      setError(null);
    } catch (e) {
      setError(isApiError(e) ? (e.fields?.content?.[0] ?? e.message) : t('errors.unknown'));
    }
  };
  return (
    <div className="mj-composer" data-testid={testId}>
      {guardLeave ? <LeaveGuard when={() => text.trim() !== '' && !pending} body="leaveComment" /> : null}
      <Input.TextArea
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
        placeholder={placeholder}
        autoSize={{ minRows: 2, maxRows: 10 }}
        maxLength={MAX}
        autoFocus={autoFocus}
        status={error ? 'error' : undefined}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
        }}
      />
      {error ? (
        <Typography.Text type="danger" className="mj-composer-error" data-testid="composer-error">
          {error}
        </Typography.Text>
      ) : null}
      <Flex justify="flex-end" gap={8} style={{ marginTop: 8 }}>
        {onCancel ? <Button onClick={onCancel}>{t('common.cancel')}</Button> : null}
        <Button type="primary" loading={pending} onClick={() => void submit()} data-testid={`${testId}-submit`}>
          {submitText}
        </Button>
      </Flex>
    </div>
  );
}

interface ItemProps {
  c: Comment;
  isReply?: boolean;
  canModerate: boolean;
  loggedIn: boolean;
  editing: boolean;
  onReply: () => void;
  onEdit: () => void;
  onCancelEdit: () => void;
  onSave: (text: string) => Promise<unknown>;
  saving: boolean;
  onDelete: () => void;
}

function CommentItem({ c, isReply, canModerate, loggedIn, editing, onReply, onEdit, onCancelEdit, onSave, saving, onDelete }: ItemProps) {
  const { t } = useTranslation();
  const time = (
    <span title={formatDateTime(c.created_at)}>
      {formatRelative(c.created_at)}
      {!c.deleted && wasEdited(c.created_at, c.updated_at) ? ` · ${t('community.edited')}` : ''}
    </span>
  );
  return (
    <div id={`comment-${c.id}`} className={isReply ? 'mj-comment mj-comment-reply' : 'mj-comment'} data-testid={isReply ? 'reply' : 'comment'} data-comment-id={c.id}>
      {c.deleted ? (
        <Typography.Text type="secondary" italic data-testid="comment-deleted">
          {t('comment.deletedContent')}
        </Typography.Text>
      ) : (
        <>
          <AuthorInfo author={c.author} op={c.op} size={isReply ? 22 : 28} extra={time} />
          {editing ? (
            <div style={{ marginTop: 8 }}>
              <Composer
                initial={c.content}
                placeholder={t('comment.placeholder')}
                submitText={t('comment.save')}
                pending={saving}
                onSubmit={onSave}
                onCancel={onCancelEdit}
                autoFocus
                testId="comment-edit"
              />
            </div>
          ) : (
            <div className="mj-comment-body" data-testid="comment-content">
              {c.content}
            </div>
          )}
          {editing ? null : (
            <Space size={2} className="mj-comment-actions">
              <HelpfulButton kind="comments" id={c.id} helpful={c.is_helpful} count={c.helpful} own={c.is_author} compact />
              {loggedIn ? (
                <Button type="link" size="small" onClick={onReply} data-testid="comment-reply">
                  {t('comment.reply')}
                </Button>
              ) : null}
              {c.is_author ? (
                <Button type="link" size="small" onClick={onEdit} data-testid="comment-edit-button">
                  {t('comment.edit')}
                </Button>
              ) : null}
              {loggedIn && !c.is_author ? <ReportButton target="comment" id={c.id} size="small" variant="link" /> : null}
              {c.is_author || canModerate ? (
                <Popconfirm title={t('comment.confirmDelete')} onConfirm={onDelete} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                  <Button type="link" size="small" danger data-testid="comment-delete">
                    {t('community.delete')}
                  </Button>
                </Popconfirm>
              ) : null}
            </Space>
          )}
        </>
      )}
    </div>
  );
}

export default function Comments({ kind, postId, count }: { kind: PostKind; postId: number; count: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const location = useLocation();
  const authorName = useAuthorName();
  // The hidden author of an anonymous post is addressed as 楼主, not 匿名用户.
  const nameOf = (c: Comment) => (!c.author && c.op ? t('privacy.op') : authorName(c.author));
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<CommentSort>('oldest');
  const [replyTo, setReplyTo] = useState<{ thread: number; mention: string | null; key: number } | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const listKey = keys.comments(kind, postId);

  const list = useQuery({
    queryKey: [...listKey, sort, page],
    queryFn: () => commentApi.list(kind, postId, page, PER_PAGE, sort),
    placeholderData: keepPreviousData,
  });

  const bumpCount = (delta: number) =>
    qc.setQueryData<Countable>(keys.detail(kind, postId), (old) =>
      old ? { ...old, comments: Math.max(0, old.comments + delta) } : old,
    );
  const refresh = () => qc.invalidateQueries({ queryKey: listKey });

  const create = useMutation({
    mutationFn: (body: { content: string; parent_id?: number }) => commentApi.create(kind, postId, body),
    onSuccess: async (_c, body) => {
      bumpCount(1);
      void message.success(t('comment.posted'));
      if (body.parent_id) {
        setReplyTo(null);
      } else {
        // Oldest first: a new top-level comment is on the last page. Sorted by votes, its 0
        // votes put it last too.
        const total = (list.data?.total ?? 0) + 1;
        const last = Math.max(1, Math.ceil(total / PER_PAGE));
        if (last !== page) setPage(last);
      }
      await refresh();
    },
    // Errors show under the composer that sent the comment.
  });

  const update = useMutation({
    mutationFn: ({ id, content }: { id: number; content: string }) => commentApi.update(id, content),
    onSuccess: async () => {
      setEditing(null);
      void message.success(t('community.saved'));
      await refresh();
    },
  });

  const remove = useMutation({
    mutationFn: (id: number) => commentApi.remove(id),
    onSuccess: async () => {
      bumpCount(-1);
      void message.success(t('comment.deletedToast'));
      await refresh();
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });

  // A notification links to `#comment-<id>`: bring that comment into view once it is rendered.
  const anchor = location.hash.startsWith('#comment-') ? location.hash.slice(1) : null;
  const loaded = !!list.data;
  useEffect(() => {
    if (anchor && loaded) document.getElementById(anchor)?.scrollIntoView({ block: 'center' });
  }, [anchor, loaded]);

  const loggedIn = !!me.data;
  const canModerate = !!me.data?.is_admin;
  const total = list.data?.total ?? 0;

  const item = (c: Comment, thread: Comment, isReply: boolean) => (
    <CommentItem
      key={c.id}
      c={c}
      isReply={isReply}
      canModerate={canModerate}
      loggedIn={loggedIn}
      editing={editing === c.id}
      onReply={() =>
        setReplyTo({ thread: thread.id, mention: isReply ? nameOf(c) : null, key: Date.now() })
      }
      onEdit={() => setEditing(c.id)}
      onCancelEdit={() => setEditing(null)}
      onSave={(content) => update.mutateAsync({ id: c.id, content })}
      saving={update.isPending}
      onDelete={() => remove.mutate(c.id)}
    />
  );

  return (
    <Card
      title={<span data-testid="comments-title">{t('comment.titleCount', { count })}</span>}
      className="mj-comments"
      data-testid="comments"
      extra={
        total > 1 || sort !== 'oldest' ? (
          <Segmented<CommentSort>
            size="small"
            aria-label={t('comment.sortLabel')}
            value={sort}
            onChange={(v) => {
              setSort(v);
              setPage(1);
            }}
            options={[
              { value: 'oldest', label: t('comment.sortOldest') },
              { value: 'helpful', label: t('comment.sortHelpful') },
            ]}
            data-testid="comment-sort"
          />
        ) : null
      }
    >
      {loggedIn ? (
        <Composer
          placeholder={t('comment.placeholder')}
          submitText={t('comment.submit')}
          pending={create.isPending && !replyTo}
          onSubmit={(content) => create.mutateAsync({ content })}
          testId="comment-box"
          guardLeave
        />
      ) : me.isPending ? null : (
        <Alert
          type="info"
          showIcon
          title={
            <span>
              <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>{t('user.login')}</Link>
              {' · '}
              {t('comment.loginToComment')}
            </span>
          }
        />
      )}

      <div className="mj-comment-list">
        {list.isPending ? (
          <PageLoading />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '24px 0 8px' }} data-testid="comments-empty">
            {t('comment.empty')}
          </Typography.Paragraph>
        ) : (
          list.data.items.map((c) => (
            <div className="mj-thread" key={c.id} data-testid="comment-thread">
              {item(c, c, false)}
              {(c.replies ?? []).length > 0 || replyTo?.thread === c.id ? (
                <div className="mj-replies">
                  {(c.replies ?? []).map((r) => item(r, c, true))}
                  {replyTo?.thread === c.id ? (
                    <Composer
                      key={replyTo.key}
                      initial={replyTo.mention ? `@${replyTo.mention} ` : ''}
                      placeholder={t('comment.replyPlaceholder', { name: replyTo.mention ?? nameOf(c) })}
                      submitText={t('comment.replySubmit')}
                      pending={create.isPending}
                      onSubmit={(content) => create.mutateAsync({ content, parent_id: c.id })}
                      onCancel={() => setReplyTo(null)}
                      autoFocus
                      testId="reply-box"
                    />
                  ) : null}
                </div>
              ) : null}
            </div>
          ))
        )}
      </div>
      {total > PER_PAGE ? (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Pagination current={page} pageSize={PER_PAGE} total={total} onChange={setPage} showSizeChanger={false} size="small" />
        </Flex>
      ) : null}
    </Card>
  );
}
