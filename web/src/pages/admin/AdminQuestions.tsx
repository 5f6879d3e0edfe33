/**
 * `/admin/questions`: the question bank for administrators — search, add, edit (with key points)
 * and delete questions; import a JSONL file (the schema of `mianjing import questions`) with the
 * upload's progress, then the server's report with every rejected line; export the whole bank as
 * JSONL in the same schema.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Progress, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { ButtonProps, TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { curationApi, importQuestions, type ImportReport, type QuestionInput } from '../../api/curation';
import { catalogApi, questionApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { QuestionItem } from '../../api/types';
import PageHead from '../../components/PageHead';
import { ErrorState } from '../../components/States';
import { useDebounced } from '../../components/hooks';
import AdminNav from '../../components/admin/AdminNav';
import { usePageTitle } from '../../layout/DocumentTitle';

const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
const KINDS = ['technical', 'coding', 'design', 'behavioural', 'reverse'] as const;

type FormValues = {
  content: string;
  answer?: string;
  career_id?: number | null;
  difficulty?: string | null;
  kind?: string;
  lang?: string;
  tags?: string[];
  key_points?: string;
};

/** The import card: pick a file, watch the upload, read the report. */
function ImportCard({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [percent, setPercent] = useState<number | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const run = useMutation({
    mutationFn: (file: File) => {
      setReport(null);
      setPercent(0);
      return importQuestions(file, setPercent);
    },
    onSuccess: (r) => {
      setReport(r);
      onDone();
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
    onSettled: () => setPercent(null),
  });
  return (
    <Card size="small" title={t('curation.questions.import')} style={{ marginBottom: 16 }} data-testid="question-import">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('curation.questions.importHint')}
      </Typography.Paragraph>
      <Space wrap>
        <Upload
          accept=".jsonl,.json,.ndjson,.txt"
          showUploadList={false}
          beforeUpload={(file) => {
            run.mutate(file);
            return false;
          }}
          disabled={run.isPending}
        >
          <Button icon={<UploadOutlined />} loading={run.isPending} data-testid="question-import-button">
            {t('curation.questions.import')}
          </Button>
        </Upload>
        <Button icon={<DownloadOutlined />} href={curationApi.exportUrl} download="questions.jsonl" data-testid="question-export">
          {t('curation.questions.export')}
        </Button>
      </Space>
      {percent !== null ? (
        <div style={{ marginTop: 12 }} data-testid="question-import-progress">
          <Progress percent={percent} size="small" status="active" />
          <Typography.Text type="secondary">
            {percent < 100 ? t('curation.questions.uploading', { percent }) : t('curation.questions.processing')}
          </Typography.Text>
        </div>
      ) : null}
      {report ? (
        <div style={{ marginTop: 12 }} data-testid="question-import-report">
          <Alert
            type={report.errors.length ? 'warning' : 'success'}
            showIcon
            title={t('curation.questions.importDone', { lines: report.lines, inserted: report.inserted, skipped: report.skipped, errors: report.errors.length })}
          />
          {report.errors.length ? (
            <Table
              style={{ marginTop: 8 }}
              size="small"
              rowKey="line"
              data-testid="question-import-errors"
              dataSource={report.errors}
              pagination={report.errors.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              columns={[
                { title: t('curation.questions.errorLine'), dataIndex: 'line', width: 80 },
                { title: t('curation.questions.errorReason'), dataIndex: 'reason' },
              ]}
            />
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

export default function AdminQuestions() {
  const { t } = useTranslation();
  usePageTitle(t('curation.questions.title'));
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  // The values the editor opens with; the form remounts (key) for each question.
  const [initial, setInitial] = useState<FormValues | null>(null);
  const [form] = Form.useForm<FormValues>();
  const search = useDebounced(q.trim(), 300);

  const query = { q: search || undefined, page, per_page: 20 };
  const list = useQuery({
    queryKey: ['questions', 'admin', query],
    queryFn: ({ signal }) => questionApi.list(query, signal),
    placeholderData: keepPreviousData,
  });
  const careers = useQuery({ queryKey: ['careers'], queryFn: () => catalogApi.careers(), staleTime: 60_000 });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['questions'] });
  const fail = (e: unknown) => void message.error(isApiError(e) ? e.message : t('errors.unknown'));

  const open = async (id: number | 'new') => {
    if (id === 'new') {
      setInitial({ content: '', lang: 'zh', tags: [] });
    } else {
      try {
        const d = await questionApi.get(id);
        setInitial({
          content: d.content,
          answer: d.answer ?? '',
          career_id: d.career_id ?? null,
          difficulty: d.difficulty ?? null,
          kind: d.kind,
          lang: d.lang,
          tags: d.tags,
          key_points: d.key_points_edited ? d.key_points.join('\n') : '',
        });
      } catch (e) {
        fail(e);
        return;
      }
    }
    setEditing(id);
  };

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const points = (v.key_points ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
      const body: QuestionInput = {
        content: v.content,
        answer: v.answer ?? '',
        career_id: v.career_id ?? undefined,
        difficulty: v.difficulty ?? undefined,
        kind: v.kind,
        lang: v.lang,
        tags: v.tags ?? [],
        key_points: points.length ? points : null,
      };
      return editing === 'new' || editing === null ? curationApi.createQuestion(body) : curationApi.updateQuestion(editing, body);
    },
    onSuccess: () => {
      void message.success(t('curation.questions.saved'));
      setEditing(null);
      refresh();
    },
    onError: (e) => {
      if (isApiError(e) && e.fields) {
        form.setFields(Object.entries(e.fields).map(([name, errors]) => ({ name: name as keyof FormValues, errors })));
      }
      fail(e);
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => curationApi.deleteQuestion(id),
    onSuccess: () => {
      void message.success(t('curation.questions.deleted'));
      refresh();
    },
    onError: fail,
  });

  const columns: TableColumnsType<QuestionItem> = [
    {
      title: t('curation.questions.content'),
      dataIndex: 'content',
      render: (v: string, r) => (
        <Link to={`/questions/${r.id}`} data-testid="admin-question-content">
          <Typography.Text ellipsis style={{ maxWidth: 420 }}>
            {v}
          </Typography.Text>
        </Link>
      ),
    },
    { title: t('curation.questions.career'), dataIndex: 'career_name', responsive: ['md'] },
    {
      title: t('curation.questions.tags'),
      dataIndex: 'tags',
      responsive: ['lg'],
      render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>),
    },
    {
      title: t('curation.questions.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space wrap size={4}>
          <Button size="small" onClick={() => void open(r.id)} data-testid="admin-question-edit">
            {t('curation.catalog.edit')}
          </Button>
          <Popconfirm title={t('curation.questions.deleteConfirm')} onConfirm={() => remove.mutate(r.id)}>
            <Button size="small" danger data-testid="admin-question-delete">
              {t('curation.catalog.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="admin-questions">
      <AdminNav />
      <PageHead
        title={t('curation.questions.title')}
        subtitle={t('curation.questions.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void open('new')} data-testid="admin-question-add">
            {t('curation.questions.add')}
          </Button>
        }
      />
      <ImportCard onDone={refresh} />
      <Card>
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
          placeholder={t('curation.questions.search')}
          style={{ maxWidth: 360, marginBottom: 12 }}
          data-testid="admin-question-search"
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
            locale={{ emptyText: search ? t('curation.questions.noMatch') : t('curation.questions.empty') }}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('curation.questions.add') : t('curation.questions.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'admin-question-save' } as ButtonProps}
        confirmLoading={save.isPending}
        width={720}
        destroyOnHidden
      >
        <Form key={String(editing)} form={form} initialValues={initial ?? undefined} layout="vertical" onFinish={(v) => save.mutate(v)} name="adminQuestion">
          <Form.Item name="content" label={t('curation.questions.content')} rules={[{ required: true, whitespace: true, max: 10000 }]}>
            <Input.TextArea rows={3} data-testid="admin-question-content-input" />
          </Form.Item>
          <Form.Item name="answer" label={t('curation.questions.answer')} rules={[{ max: 50000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item name="key_points" label={t('curation.questions.keyPoints')} extra={t('curation.questions.keyPointsHint')}>
            <Input.TextArea rows={4} data-testid="admin-question-key-points" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="career_id" label={t('curation.questions.career')}>
              <Select allowClear style={{ width: 160 }} options={(careers.data?.items ?? []).map((c) => ({ value: c.id, label: c.label ?? c.name }))} />
            </Form.Item>
            <Form.Item name="difficulty" label={t('curation.questions.difficulty')}>
              <Select allowClear style={{ width: 120 }} options={DIFFICULTIES.map((d) => ({ value: d, label: t(`difficulty.${d}`) }))} />
            </Form.Item>
            <Form.Item name="kind" label={t('curation.questions.kind')}>
              <Select allowClear style={{ width: 140 }} options={KINDS.map((k) => ({ value: k, label: t(`curation.questions.kinds.${k}`) }))} />
            </Form.Item>
            <Form.Item name="lang" label={t('curation.questions.lang')}>
              <Select style={{ width: 100 }} options={[{ value: 'zh', label: '中文' }, { value: 'en', label: 'English' }]} />
            </Form.Item>
          </Space>
          <Form.Item name="tags" label={t('curation.questions.tags')}>
            <Select mode="tags" maxCount={10} tokenSeparators={[',', '，']} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
