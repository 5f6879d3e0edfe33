/**
 * `/admin/catalog`: careers, schools and discussion tags in three tabs. Careers can be added,
 * renamed and deleted while unused; schools and tags can also be merged into another (their users
 * or discussions move); a tag's delete takes it off its discussions. The server decides what is in
 * use (409 `in_use`), and the buttons say so before one is pressed.
 */
import { useState } from 'react';
import { App, Button, Card, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Typography } from 'antd';
import type { ButtonProps, TableColumnsType } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { curationApi, curationKeys, type AdminCareer, type AdminSchool, type AdminTag } from '../../api/curation';
import { isApiError } from '../../api/client';
import type { Page } from '../../api/types';
import PageHead from '../../components/PageHead';
import { ErrorState } from '../../components/States';
import { useDebounced } from '../../components/hooks';
import AdminNav from '../../components/admin/AdminNav';
import { usePageTitle } from '../../layout/DocumentTitle';

type Kind = 'careers' | 'schools' | 'tags';
type Row = { id: number; name: string; region?: string | null; uses: number };
type Editing = { mode: 'rename' | 'merge'; row: Row } | null;

function useFeedback() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return {
    ok: (text: string) => void message.success(text),
    fail: (e: unknown) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  };
}

/** A picker of the row to merge into, searching the same list. */
function TargetPicker({ kind, exclude, value, onChange }: { kind: 'schools' | 'tags'; exclude: number; value?: number; onChange: (id?: number) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const text = useDebounced(q.trim(), 250);
  const found = useQuery({
    queryKey: [...curationKeys[kind], 'pick', text],
    queryFn: ({ signal }) =>
      (kind === 'schools' ? curationApi.schools : curationApi.tags)({ q: text || undefined, page: 1, per_page: 20 }, signal) as Promise<Page<AdminSchool | AdminTag>>,
    placeholderData: keepPreviousData,
  });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('curation.catalog.pickTarget')}
      loading={found.isFetching}
      style={{ width: '100%' }}
      data-testid="catalog-merge-target"
      options={(found.data?.items ?? []).filter((r) => r.id !== exclude).map((r) => ({ value: r.id, label: r.name }))}
    />
  );
}

function CatalogTab({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [name, setName] = useState('');
  const [region, setRegion] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [text, setText] = useState('');
  const [textRegion, setTextRegion] = useState('');
  const [target, setTarget] = useState<number | undefined>();
  const search = useDebounced(q.trim(), 250);

  const list = useQuery({
    queryKey: [...curationKeys[kind], search, page],
    queryFn: async ({ signal }): Promise<{ rows: Row[]; total: number }> => {
      if (kind === 'careers') {
        const all = await curationApi.careers();
        const rows = all
          .filter((c) => !search || c.name.toLowerCase().includes(search.toLowerCase()) || c.label.toLowerCase().includes(search.toLowerCase()))
          .map((c: AdminCareer) => ({ id: c.id, name: c.name, uses: c.uses, label: c.label }));
        return { rows, total: rows.length };
      }
      if (kind === 'schools') {
        const p = await curationApi.schools({ q: search || undefined, page, per_page: 20 }, signal);
        return { rows: p.items.map((s) => ({ id: s.id, name: s.name, region: s.region, uses: s.users })), total: p.total };
      }
      const p = await curationApi.tags({ q: search || undefined, page, per_page: 20 }, signal);
      return { rows: p.items.map((s) => ({ id: s.id, name: s.name, uses: s.usage_count })), total: p.total };
    },
    placeholderData: keepPreviousData,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: curationKeys[kind] });
    // Public lists (the career filter, the school picker, tag suggestions) read the same rows.
    void qc.invalidateQueries();
  };

  const add = useMutation({
    mutationFn: (): Promise<unknown> =>
      kind === 'careers'
        ? curationApi.createCareer({ name })
        : kind === 'schools'
          ? curationApi.createSchool({ name, region: region.trim() || null })
          : curationApi.createTag(name),
    onSuccess: () => {
      fb.ok(t('curation.catalog.saved'));
      setName('');
      setRegion('');
      refresh();
    },
    onError: fb.fail,
  });
  const save = useMutation({
    mutationFn: async (e: NonNullable<Editing>): Promise<unknown> => {
      if (e.mode === 'merge') {
        return kind === 'schools' ? curationApi.mergeSchool(e.row.id, target ?? 0) : curationApi.mergeTag(e.row.id, target ?? 0);
      }
      if (kind === 'careers') return curationApi.updateCareer(e.row.id, { name: text });
      if (kind === 'schools') return curationApi.updateSchool(e.row.id, { name: text, region: textRegion.trim() || null });
      return curationApi.renameTag(e.row.id, text);
    },
    onSuccess: (_, e) => {
      fb.ok(e.mode === 'merge' ? t('curation.catalog.merged') : t('curation.catalog.saved'));
      setEditing(null);
      refresh();
    },
    onError: fb.fail,
  });
  const remove = useMutation({
    mutationFn: (r: Row): Promise<unknown> =>
      kind === 'careers' ? curationApi.deleteCareer(r.id) : kind === 'schools' ? curationApi.deleteSchool(r.id) : curationApi.deleteTag(r.id),
    onSuccess: () => {
      fb.ok(t('curation.catalog.deleted'));
      refresh();
    },
    onError: fb.fail,
  });

  const usesTitle = kind === 'careers' ? t('curation.catalog.uses') : kind === 'schools' ? t('curation.catalog.users') : t('curation.catalog.usageCount');
  // A tag in use can still be deleted (it is detached); careers and schools in use cannot.
  const blocked = (r: Row) => kind !== 'tags' && r.uses > 0;
  const columns: TableColumnsType<Row & { label?: string }> = [
    { title: t('curation.catalog.name'), dataIndex: 'name', render: (v: string) => <span data-testid="catalog-name">{v}</span> },
    ...(kind === 'careers' ? [{ title: t('curation.catalog.label'), dataIndex: 'label', responsive: ['sm' as const] }] : []),
    ...(kind === 'schools' ? [{ title: t('curation.catalog.region'), dataIndex: 'region', responsive: ['sm' as const] }] : []),
    { title: usesTitle, dataIndex: 'uses', align: 'right' as const, width: 90 },
    {
      title: '',
      key: 'actions',
      render: (_, r) => (
        <Space wrap size={4}>
          <Button
            size="small"
            data-testid="catalog-rename"
            onClick={() => {
              setEditing({ mode: 'rename', row: r });
              setText(r.name);
              setTextRegion(r.region ?? '');
            }}
          >
            {kind === 'schools' ? t('curation.catalog.edit') : t('curation.catalog.rename')}
          </Button>
          {kind !== 'careers' ? (
            <Button
              size="small"
              data-testid="catalog-merge"
              onClick={() => {
                setEditing({ mode: 'merge', row: r });
                setTarget(undefined);
              }}
            >
              {t('curation.catalog.merge')}
            </Button>
          ) : null}
          <Popconfirm
            title={kind === 'tags' ? t('curation.catalog.deleteTagConfirm', { name: r.name, count: r.uses }) : t('curation.catalog.deleteConfirm', { name: r.name })}
            onConfirm={() => remove.mutate(r)}
            disabled={blocked(r)}
          >
            <Button size="small" danger disabled={blocked(r)} title={blocked(r) ? t('curation.catalog.inUse') : undefined} data-testid="catalog-delete">
              {t('curation.catalog.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid={`catalog-${kind}`}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }} placeholder={t('curation.catalog.search')} style={{ width: 220 }} />
        <Space.Compact>
          <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('curation.catalog.addPlaceholder')} maxLength={kind === 'schools' ? 100 : 50} style={{ width: 160 }} data-testid="catalog-new-name" onPressEnter={() => name.trim() && add.mutate()} />
          {kind === 'schools' ? <Input value={region} onChange={(e) => setRegion(e.target.value)} placeholder={t('curation.catalog.regionPlaceholder')} maxLength={50} style={{ width: 120 }} /> : null}
          <Button type="primary" onClick={() => add.mutate()} disabled={!name.trim()} loading={add.isPending} data-testid="catalog-add">
            {t('curation.catalog.add')}
          </Button>
        </Space.Compact>
      </Space>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={list.isPending}
          columns={columns}
          dataSource={list.data?.rows ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('curation.catalog.empty') }}
          pagination={kind === 'careers' ? false : { current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        />
      )}
      <Modal
        open={editing !== null}
        title={editing?.mode === 'merge' ? t('curation.catalog.mergeTitle', { name: editing.row.name }) : t('curation.catalog.rename')}
        onCancel={() => setEditing(null)}
        onOk={() => editing && save.mutate(editing)}
        okButtonProps={{ disabled: editing?.mode === 'merge' ? !target : !text.trim(), danger: editing?.mode === 'merge', 'data-testid': 'catalog-save' } as ButtonProps}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        {editing?.mode === 'merge' && kind !== 'careers' ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <TargetPicker kind={kind} exclude={editing.row.id} value={target} onChange={setTarget} />
            <Typography.Text type="secondary">{t('curation.catalog.mergeHint')}</Typography.Text>
          </Space>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Input value={text} onChange={(e) => setText(e.target.value)} maxLength={kind === 'schools' ? 100 : 50} data-testid="catalog-rename-input" />
            {kind === 'schools' ? (
              <Input value={textRegion} onChange={(e) => setTextRegion(e.target.value)} placeholder={t('curation.catalog.regionPlaceholder')} maxLength={50} />
            ) : null}
          </Space>
        )}
      </Modal>
    </div>
  );
}

export default function AdminCatalog() {
  const { t } = useTranslation();
  usePageTitle(t('curation.catalog.title'));
  return (
    <div data-testid="admin-catalog">
      <AdminNav />
      <PageHead title={t('curation.catalog.title')} subtitle={t('curation.catalog.subtitle')} />
      <Card>
        <Tabs
          destroyOnHidden
          items={[
            { key: 'careers', label: t('curation.catalog.careers'), children: <CatalogTab kind="careers" /> },
            { key: 'schools', label: t('curation.catalog.schools'), children: <CatalogTab kind="schools" /> },
            { key: 'tags', label: t('curation.catalog.tags'), children: <CatalogTab kind="tags" /> },
          ]}
        />
      </Card>
    </div>
  );
}
