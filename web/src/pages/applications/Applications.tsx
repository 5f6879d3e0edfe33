/**
 * `/applications`: the job seeker's application tracker, private to its owner. A board with a
 * column per stage (投递 … offer, 未通过; moving a card is a select, which works on phones too) and a
 * list view (`?view=list`, filterable by stage). Each application opens in a form with its rounds and
 * questions, and "发成面经" opens the 面经 form filled from it (`/experiences/new?from_application=ID`).
 */
import { useEffect, useState } from 'react';
import { App, Badge, Button, Card, Empty, Flex, Popconfirm, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { applicationApi } from '../../api/endpoints';
import { APPLICATION_STAGES, oneOf, type Application } from '../../api/types';
import PageHead from '../../components/PageHead';
import { ErrorState, PageLoading } from '../../components/States';
import { applicationKeys, channelLabel, stageColor, stageLabel } from '../../components/applications/labels';
import ApplicationForm from './ApplicationForm';

type View = 'board' | 'list';

/** The stage select on a card or row: moves the application (`PATCH {stage}`). */
function StageSelect({ app }: { app: Application }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const move = useMutation({
    mutationFn: (stage: string) => applicationApi.update(app.id, { stage }),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: applicationKeys.all });
      void message.success(t('applications.moved', { stage: stageLabel(t, saved.stage) }));
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <Select
      size="small"
      value={app.stage}
      loading={move.isPending}
      onChange={(s) => move.mutate(s)}
      options={APPLICATION_STAGES.map((s) => ({ value: s, label: stageLabel(t, s) }))}
      aria-label={t('applications.moveTo')}
      style={{ minWidth: 110 }}
      data-testid={`move-${app.id}`}
    />
  );
}

/** Edit, publish as 面经 and delete. */
function Actions({ app, onEdit }: { app: Application; onEdit: (a: Application) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: () => applicationApi.remove(app.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: applicationKeys.all });
      void message.success(t('applications.deleted'));
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <Space size={4} wrap>
      <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(app)} data-testid={`edit-${app.id}`}>
        {t('common.edit')}
      </Button>
      <Link to={`/experiences/new?from_application=${app.id}`}>
        <Button size="small" icon={<SendOutlined />} data-testid={`publish-${app.id}`}>
          {t('applications.publish')}
        </Button>
      </Link>
      <Popconfirm title={t('applications.deleteConfirm')} onConfirm={() => remove.mutate()} okText={t('common.confirm')} cancelText={t('common.cancel')}>
        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('applications.delete')} loading={remove.isPending} data-testid={`delete-${app.id}`} />
      </Popconfirm>
    </Space>
  );
}

/** The next dated round from today, or the last one: what a card shows under the title. */
function nextRound(app: Application) {
  const today = new Date().toISOString().slice(0, 10);
  return app.rounds.find((r) => r.date && r.date >= today) ?? app.rounds[app.rounds.length - 1];
}

/** The company as typed, linking to its company page (other candidates' 面经 and outcomes) when known. */
function CompanyName({ app, strong }: { app: Application; strong?: boolean }) {
  const { t } = useTranslation();
  if (app.company_id == null) return strong ? <Typography.Text strong>{app.company}</Typography.Text> : <>{app.company}</>;
  // A plain <strong>: Typography.Text would paint the link in the text colour, hiding that it is one.
  return (
    <Link to={`/companies/${app.company_id}`} title={t('applications.companyPage')} data-testid="application-company-link">
      {strong ? <strong>{app.company}</strong> : app.company}
    </Link>
  );
}

function AppCard({ app, onEdit }: { app: Application; onEdit: (a: Application) => void }) {
  const { t } = useTranslation();
  const round = nextRound(app);
  const questions = app.rounds.reduce((n, r) => n + r.questions.length, 0);
  return (
    <Card size="small" className="mj-app-card" data-testid={`application-${app.id}`}>
      <CompanyName app={app} strong />
      <div>
        <Typography.Text type="secondary">{app.position}</Typography.Text>
      </div>
      <Flex gap={4} wrap style={{ margin: '6px 0' }}>
        <Tag>{channelLabel(t, app.channel)}</Tag>
        {round ? (
          <Tag color={stageColor(round.stage)}>
            {stageLabel(t, round.stage)} {round.date ?? ''} {round.time ?? ''}
          </Tag>
        ) : null}
        {questions ? <Tag>{t('applications.questionCount', { count: questions })}</Tag> : null}
      </Flex>
      <Flex vertical gap={6}>
        <StageSelect app={app} />
        <Actions app={app} onEdit={onEdit} />
      </Flex>
    </Card>
  );
}

function Board({ items, onEdit }: { items: Application[]; onEdit: (a: Application) => void }) {
  const { t } = useTranslation();
  return (
    <div className="mj-board" data-testid="applications-board">
      {APPLICATION_STAGES.map((stage) => {
        const here = items.filter((a) => a.stage === stage);
        return (
          <div key={stage} className="mj-board-column" data-testid={`column-${stage}`}>
            <Flex justify="space-between" align="center" className="mj-board-column-head">
              <Tag color={stageColor(stage)}>{stageLabel(t, stage)}</Tag>
              <Badge count={here.length} showZero color="#bbb" />
            </Flex>
            <Flex vertical gap={8}>
              {here.length ? (
                here.map((a) => <AppCard key={a.id} app={a} onEdit={onEdit} />)
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12, padding: 8 }}>
                  {t('applications.emptyColumn')}
                </Typography.Text>
              )}
            </Flex>
          </div>
        );
      })}
    </div>
  );
}

function ListView({ items, onEdit }: { items: Application[]; onEdit: (a: Application) => void }) {
  const { t } = useTranslation();
  return (
    <Table<Application>
      rowKey="id"
      dataSource={items}
      pagination={items.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 720 }}
      size="middle"
      data-testid="applications-table"
      columns={[
        { title: t('applications.company'), dataIndex: 'company', render: (_: string, a) => <span data-testid={`row-${a.id}`}><CompanyName app={a} /></span> },
        { title: t('applications.position'), dataIndex: 'position' },
        { title: t('applications.channel'), dataIndex: 'channel', render: (c: string) => channelLabel(t, c) },
        { title: t('applications.appliedOn'), dataIndex: 'applied_on', render: (d?: string | null) => d ?? '—' },
        { title: t('applications.rounds'), key: 'rounds', render: (_, a) => t('applications.roundCount', { count: a.rounds.length }) },
        { title: t('applications.stage'), key: 'stage', render: (_, a) => <StageSelect app={a} /> },
        { title: t('common.actions'), key: 'actions', render: (_, a) => <Actions app={a} onEdit={onEdit} /> },
      ]}
    />
  );
}

export default function Applications() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'list' ? 'list' : 'board';
  const stage = oneOf(APPLICATION_STAGES, params.get('stage'));
  const [editing, setEditing] = useState<{ open: boolean; app?: Application }>({ open: false });

  useEffect(() => {
    document.title = `${t('applications.title')} · ${t('app.brand')}`;
  }, [t]);

  // The board needs every stage; the list can ask the server for one.
  const listStage = view === 'list' ? stage : undefined;
  const q = useQuery({
    queryKey: [...applicationKeys.list, listStage ?? ''],
    queryFn: () => applicationApi.list(listStage),
  });

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const onEdit = (app: Application) => setEditing({ open: true, app });

  let body;
  if (q.isPending) body = <PageLoading />;
  else if (q.isError) body = <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  else if (!q.data.items.length && !listStage)
    body = (
      <Card>
        <Empty description={<span data-testid="applications-empty">{t('applications.empty')}</span>}>
          <Typography.Paragraph type="secondary">{t('applications.emptyHint')}</Typography.Paragraph>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true })}>
            {t('applications.add')}
          </Button>
        </Empty>
      </Card>
    );
  else if (view === 'board') body = <Board items={q.data.items} onEdit={onEdit} />;
  else body = <ListView items={q.data.items} onEdit={onEdit} />;

  return (
    <div data-testid="applications-page">
      <PageHead
        title={t('applications.title')}
        subtitle={t('applications.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true })} data-testid="add-application">
            {t('applications.add')}
          </Button>
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<View>
          value={view}
          onChange={(v) => set('view', v === 'list' ? 'list' : undefined)}
          options={[
            { value: 'board', label: t('applications.board') },
            { value: 'list', label: t('applications.list') },
          ]}
          aria-label={t('applications.views')}
          data-testid="view-switch"
        />
        {view === 'list' ? (
          <Select
            allowClear
            value={stage}
            placeholder={t('applications.stage')}
            onChange={(v?: string) => set('stage', v)}
            options={APPLICATION_STAGES.map((s) => ({ value: s, label: stageLabel(t, s) }))}
            style={{ minWidth: 140 }}
            data-testid="stage-filter"
          />
        ) : null}
      </Flex>
      {body}
      <ApplicationForm open={editing.open} existing={editing.app} onClose={() => setEditing({ open: false })} />
    </div>
  );
}
