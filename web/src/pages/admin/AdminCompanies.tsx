/** `/admin/companies`: find companies, rename them, edit their aliases, merge duplicates into one. */
import { useState } from 'react';
import { App, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { companyApi, companyKeys, type CompanyCount } from '../../api/companies';
import { isApiError } from '../../api/client';
import PageHead from '../../components/PageHead';
import { ErrorState } from '../../components/States';
import { useDebounced } from '../../components/hooks';
import { keys } from '../../components/community/keys';
import AdminNav from '../../components/admin/AdminNav';
import { usePageTitle } from '../../layout/DocumentTitle';

type Editing = { kind: 'rename' | 'aliases' | 'merge'; company: CompanyCount } | null;

/** A company picker searching `GET /api/companies?q=` (the merge target). */
function CompanyPicker({ exclude, value, onChange }: { exclude: number; value?: number; onChange: (id?: number, name?: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const text = useDebounced(q.trim(), 250);
  const found = useQuery({
    queryKey: [...companyKeys.lists, 'pick', text],
    queryFn: ({ signal }) => companyApi.list({ q: text || undefined, per_page: 20 }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(id: number | undefined) => onChange(id, found.data?.items.find((c) => c.id === id)?.name)}
      placeholder={t('companies.admin.pickCompany')}
      loading={found.isFetching}
      style={{ width: '100%' }}
      data-testid="merge-target"
      options={(found.data?.items ?? [])
        .filter((c) => c.id !== exclude)
        .map((c) => ({ value: c.id, label: `${c.name} (${c.count})` }))}
    />
  );
}

export default function AdminCompanies() {
  const { t } = useTranslation();
  usePageTitle(t('companies.admin.title'));
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing>(null);
  const [text, setText] = useState('');
  const [target, setTarget] = useState<number | undefined>(undefined);
  const [targetName, setTargetName] = useState('');
  const search = useDebounced(q.trim(), 250);

  const query = { q: search || undefined, page, per_page: 20 };
  const list = useQuery({
    queryKey: [...companyKeys.lists, 'admin', query],
    queryFn: ({ signal }) => companyApi.list(query, signal),
    placeholderData: keepPreviousData,
  });

  const done = (msg: string) => {
    void message.success(msg);
    setEditing(null);
    void qc.invalidateQueries({ queryKey: companyKeys.lists });
    void qc.invalidateQueries({ queryKey: keys.companies });
    void qc.invalidateQueries({ queryKey: keys.experienceLists });
  };
  const save = useMutation({
    mutationFn: async (e: NonNullable<Editing>) => {
      if (e.kind === 'rename') return companyApi.rename(e.company.id, text.trim());
      if (e.kind === 'aliases') {
        const aliases = text
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean);
        return companyApi.setAliases(e.company.id, aliases);
      }
      return companyApi.merge(e.company.id, target ?? 0);
    },
    onSuccess: (_, e) => done(e.kind === 'merge' ? t('companies.admin.merged') : t('companies.admin.saved')),
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });

  const open = (kind: NonNullable<Editing>['kind'], company: CompanyCount) => {
    setEditing({ kind, company });
    setTarget(undefined);
    setText(kind === 'rename' ? company.name : company.aliases.join('\n'));
  };

  const columns: TableColumnsType<CompanyCount> = [
    {
      title: t('companies.admin.name'),
      dataIndex: 'name',
      render: (_, c) => <Link to={`/companies/${c.id}`}>{c.name}</Link>,
    },
    {
      title: t('companies.aliases'),
      dataIndex: 'aliases',
      responsive: ['md'],
      render: (_, c) =>
        c.aliases
          .filter((a) => a !== c.name)
          .map((a) => (
            <Tag key={a} variant="filled">
              {a}
            </Tag>
          )),
    },
    { title: t('companies.experiences'), dataIndex: 'count', align: 'right', width: 90 },
    {
      title: '',
      key: 'actions',
      render: (_, c) => (
        <Space wrap size={4}>
          <Button size="small" onClick={() => open('rename', c)} data-testid="company-rename">
            {t('companies.admin.rename')}
          </Button>
          <Button size="small" onClick={() => open('aliases', c)} data-testid="company-aliases-edit">
            {t('companies.admin.editAliases')}
          </Button>
          <Button size="small" danger onClick={() => open('merge', c)} data-testid="company-merge">
            {t('companies.admin.merge')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="admin-companies">
      <AdminNav />
      <PageHead title={t('companies.admin.title')} subtitle={t('companies.admin.subtitle')} />
      <Card>
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
          placeholder={t('companies.search')}
          style={{ maxWidth: 360, marginBottom: 12 }}
        />
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            loading={list.isPending}
            columns={columns}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: search ? t('companies.noMatch') : t('companies.empty') }}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        title={
          editing?.kind === 'rename'
            ? t('companies.admin.rename')
            : editing?.kind === 'aliases'
              ? t('companies.admin.editAliases')
              : t('companies.admin.mergeInto')
        }
        onCancel={() => setEditing(null)}
        onOk={() => editing && save.mutate(editing)}
        okButtonProps={{ disabled: editing?.kind === 'merge' ? !target : !text.trim(), danger: editing?.kind === 'merge' }}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        {editing?.kind === 'rename' ? (
          <Input value={text} maxLength={100} onChange={(e) => setText(e.target.value)} data-testid="company-name-input" />
        ) : editing?.kind === 'aliases' ? (
          <>
            <Input.TextArea rows={8} value={text} onChange={(e) => setText(e.target.value)} data-testid="company-aliases-input" />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('companies.admin.aliasesHint')}
            </Typography.Text>
          </>
        ) : editing ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <CompanyPicker
              exclude={editing.company.id}
              value={target}
              onChange={(id, name) => {
                setTarget(id);
                setTargetName(name ?? '');
              }}
            />
            {target ? (
              <Typography.Text type="danger">
                {t('companies.admin.mergeConfirm', { from: editing.company.name, into: targetName })}
              </Typography.Text>
            ) : null}
          </Space>
        ) : null}
      </Modal>
    </div>
  );
}
