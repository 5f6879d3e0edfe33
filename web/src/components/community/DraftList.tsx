/**
 * The caller's unpublished drafts (`GET /api/drafts`, most recently saved first): what each is
 * (a new 面经 or discussion, or an edit of a published one), its title, when it was saved, a link
 * back to the form (which restores it) and a discard. A draft disappears when its post is published.
 */
import { useState } from 'react';
import { App, Button, Flex, List, Pagination, Popconfirm, Tag, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { draftApi, type DraftInfo } from '../../api/drafts';
import { isApiError } from '../../api/client';
import { formatDateTime, formatRelative } from '../format';
import { ErrorState, PageLoading } from '../States';
import { keys } from './keys';

const PER_PAGE = 20;

/** The form a draft belongs to. */
function formPath(d: DraftInfo): string {
  const base = d.kind === 'experience' ? '/experiences' : '/discussions';
  return d.post_id == null ? `${base}/new` : `${base}/${d.post_id}/edit`;
}

function title(d: DraftInfo): string {
  const v = d.fields.title;
  return typeof v === 'string' ? v.trim() : '';
}

export default function DraftList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const list = useQuery({
    // Read fresh on each visit: the forms' autosaves do not refresh it.
    queryKey: [...keys.drafts, page],
    queryFn: () => draftApi.list(page, PER_PAGE),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const discard = useMutation({
    mutationFn: (d: DraftInfo) => draftApi.discard(d.kind, d.post_id ?? undefined),
    onSuccess: async () => {
      void message.success(t('drafts.discarded'));
      await qc.invalidateQueries({ queryKey: keys.drafts });
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });

  if (list.isPending) return <PageLoading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const { items, total } = list.data;
  if (items.length === 0) {
    return (
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '32px 0' }} data-testid="drafts-empty">
        {t('myPosts.emptyDrafts')}
      </Typography.Paragraph>
    );
  }
  return (
    <div data-testid="my-drafts">
      <List
        itemLayout="vertical"
        dataSource={items}
        rowKey={(d) => `${d.kind}-${d.post_id ?? 'new'}`}
        renderItem={(d) => (
          <List.Item
            data-testid="draft-item"
            actions={[
              <Link key="continue" to={formPath(d)} data-testid="draft-continue">
                {t('myPosts.continue')}
              </Link>,
              <Popconfirm
                key="discard"
                title={t('myPosts.discardConfirm')}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => discard.mutateAsync(d)}
              >
                <Button type="link" size="small" danger style={{ padding: 0 }} data-testid="draft-item-discard">
                  {t('drafts.discard')}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={
                <Link to={formPath(d)} data-testid="draft-title">
                  {title(d) || t('myPosts.untitled')}
                </Link>
              }
              description={
                <Flex wrap gap={4} align="center">
                  <Tag color={d.kind === 'experience' ? 'blue' : 'green'}>
                    {d.kind === 'experience' ? t('myPosts.draftExperience') : t('myPosts.draftDiscussion')}
                  </Tag>
                  <Tag>{d.post_id == null ? t('myPosts.draftNew') : t('myPosts.draftEdit')}</Tag>
                  <Typography.Text type="secondary" title={formatDateTime(d.updated_at)}>
                    {t('myPosts.draftSaved', { time: formatRelative(d.updated_at) })}
                  </Typography.Text>
                </Flex>
              }
            />
          </List.Item>
        )}
      />
      {total > PER_PAGE ? (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Pagination current={page} pageSize={PER_PAGE} total={total} onChange={setPage} showSizeChanger={false} size="small" />
        </Flex>
      ) : null}
    </div>
  );
}
