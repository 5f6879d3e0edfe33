/**
 * `/questions/:id`: one question with its tags, companies and attribution, the reference answer
 * behind 显示参考答案 (think first), favorite, the private note (`PUT|DELETE …/note`), practise it in
 * a mock interview, and related questions.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Col, Divider, Empty, Flex, Input, Popconfirm, Row, Space, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, EyeInvisibleOutlined, EyeOutlined, PlayCircleOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { questionApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { QuestionDetail as Detail } from '../../api/types';
import { useMe } from '../../auth/session';
import { formatDateTime } from '../../components/format';
import { useServerError } from '../../components/forms';
import { ErrorState, NotFoundResult, PageLoading } from '../../components/States';
import Markdown from '../../components/community/Markdown';
import { sourceUrl } from '../../components/community/SourceBadge';
import QuestionFavorite from '../../components/questions/QuestionFavorite';
import QuestionMeta from '../../components/questions/QuestionMeta';
import { AnswerBox } from '../../components/questions/ReferenceAnswer';
import { pkeys } from '../../components/questions/keys';
import { useStartInterview } from '../../components/questions/useStartInterview';

const NOTE_MAX = 5000;

function Attribution({ q }: { q: Detail }) {
  const { t } = useTranslation();
  if (!q.source || q.source === 'mianjing') return null;
  const file = sourceUrl(q.source, q.source_path);
  const repo = sourceUrl(q.source);
  return (
    <Typography.Paragraph type="secondary" className="mj-q-attribution" data-testid="question-attribution">
      {t('question.importedPrefix')}
      {repo ? (
        <a href={repo} target="_blank" rel="noopener noreferrer">
          {q.source}
        </a>
      ) : (
        q.source
      )}
      {q.license ? t('exp.importedLicense', { license: q.license }) : null}
      {q.source_path ? (
        <>
          {' · '}
          {file ? (
            <a href={file} target="_blank" rel="noopener noreferrer" className="mj-break">
              {q.source_path}
            </a>
          ) : (
            <span className="mj-break">{q.source_path}</span>
          )}
        </>
      ) : null}
    </Typography.Paragraph>
  );
}

/** The caller's private note: write, save (create or replace), delete. */
function NoteEditor({ q }: { q: Detail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const location = useLocation();
  const [editing, setEditing] = useState(!q.note);
  const [draft, setDraft] = useState(q.note ?? '');
  const [error, setError] = useServerError();
  const [savedAt, setSavedAt] = useState<string | null>(null);
  useEffect(() => {
    setDraft(q.note ?? '');
    setEditing(!q.note);
  }, [q.id, q.note]);

  const setNote = (note: string | null) => qc.setQueryData<Detail>(pkeys.question(q.id), (old) => (old ? { ...old, note } : old));
  const save = useMutation({
    mutationFn: (content: string) => questionApi.saveNote(q.id, content),
    onSuccess: (note) => {
      setNote(note.content);
      setSavedAt(note.updated_at);
      setEditing(false);
      void message.success(t('question.noteSaved'));
    },
    onError: (e) => setError(isApiError(e) ? (e.fields?.content?.[0] ?? e.message) : t('errors.unknown')),
  });
  const remove = useMutation({
    mutationFn: () => questionApi.deleteNote(q.id),
    onSuccess: () => {
      setNote(null);
      setSavedAt(null);
      setDraft('');
      setEditing(true);
      void message.success(t('question.noteDeleted'));
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });

  if (!me.data) {
    return (
      <Card title={t('question.note')} size="small" data-testid="note-card">
        <Typography.Text type="secondary">
          <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>{t('user.login')}</Link> {t('question.noteLogin')}
        </Typography.Text>
      </Card>
    );
  }

  const trimmed = draft.trim();
  return (
    <Card
      title={
        <Space>
          <EditOutlined />
          {t('question.note')}
          <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 12 }}>
            {t('question.notePrivate')}
          </Typography.Text>
        </Space>
      }
      size="small"
      data-testid="note-card"
    >
      {editing ? (
        <>
          <Input.TextArea
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              setError(null);
            }}
            autoSize={{ minRows: 4, maxRows: 14 }}
            maxLength={NOTE_MAX}
            showCount
            placeholder={t('question.notePlaceholder')}
            status={error ? 'error' : undefined}
            data-testid="note-input"
          />
          {error ? <Typography.Text type="danger" data-testid="note-error">{error}</Typography.Text> : null}
          <Flex gap={8} justify="flex-end" style={{ marginTop: 12 }}>
            {q.note ? (
              <Button
                onClick={() => {
                  setDraft(q.note ?? '');
                  setEditing(false);
                  setError(null);
                }}
              >
                {t('common.cancel')}
              </Button>
            ) : null}
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={!trimmed || draft === q.note}
              loading={save.isPending}
              onClick={() => save.mutate(draft)}
              data-testid="note-save"
            >
              {t('question.noteSave')}
            </Button>
          </Flex>
        </>
      ) : (
        <>
          <div className="mj-note-text" data-testid="note-text">
            {q.note}
          </div>
          <Flex gap={8} justify="space-between" align="center" wrap style={{ marginTop: 12 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {savedAt ? t('question.noteSavedAt', { time: formatDateTime(savedAt) }) : ''}
            </Typography.Text>
            <Space>
              <Popconfirm
                title={t('question.noteDeleteConfirm')}
                okText={t('community.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutate()}
              >
                <Button icon={<DeleteOutlined />} loading={remove.isPending} data-testid="note-delete">
                  {t('community.delete')}
                </Button>
              </Popconfirm>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="note-edit">
                {t('common.edit')}
              </Button>
            </Space>
          </Flex>
        </>
      )}
    </Card>
  );
}

function Related({ q }: { q: Detail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('question.related')} size="small" data-testid="related">
      {q.related.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('question.noRelated')} />
      ) : (
        <ul className="mj-related">
          {q.related.map((r) => (
            <li key={r.id}>
              <Link to={`/questions/${r.id}`} className="mj-plain-link" data-testid="related-link">
                {r.content.length > 120 ? `${r.content.slice(0, 120)}…` : r.content}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export default function QuestionDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const valid = /^\d+$/.test(id);
  const [showAnswer, setShowAnswer] = useState(false);
  const interview = useStartInterview();
  const q = useQuery({ queryKey: pkeys.question(id), queryFn: () => questionApi.get(id), enabled: valid });
  useEffect(() => setShowAnswer(false), [id]);

  if (!valid) return <NotFoundResult subTitle={t('question.notFound')} />;
  if (q.isPending) return <PageLoading />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404) return <NotFoundResult subTitle={t('question.notFound')} />;
    return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  }
  const d = q.data;

  return (
    <div data-testid="question-detail">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/questions">{t('nav.questions')}</Link> }, { title: t('question.detailCrumb', { id: d.id }) }]}
      />
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={16}>
          <Card className="mj-article">
            <div className="mj-q-detail-content" data-testid="question-detail-content">
              <Markdown>{d.content}</Markdown>
            </div>
            <div style={{ marginTop: 14 }}>
              <QuestionMeta q={d} maxCompanies={8} hideSource />
            </div>
            <Attribution q={d} />
            <Divider style={{ margin: '16px 0' }} />
            <Flex wrap gap={8} justify="space-between" align="center">
              <Space wrap>
                <Button
                  type={showAnswer ? 'default' : 'primary'}
                  icon={showAnswer ? <EyeInvisibleOutlined /> : <EyeOutlined />}
                  onClick={() => setShowAnswer((v) => !v)}
                  aria-expanded={showAnswer}
                  data-testid="toggle-answer"
                >
                  {showAnswer ? t('question.hideAnswer') : t('question.showAnswer')}
                </Button>
                <QuestionFavorite id={d.id} favorited={d.is_favorited} count={d.favorites} />
              </Space>
              <Button icon={<PlayCircleOutlined />} loading={interview.pending} onClick={() => interview.practise([d.id])} data-testid="practise-one">
                {t('question.practiseOne')}
              </Button>
            </Flex>
            {showAnswer ? (
              <AnswerBox answer={d.answer} />
            ) : (
              <Alert type="info" showIcon={false} className="mj-think-first" title={d.answer ? t('question.thinkFirst') : t('question.noAnswer')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <NoteEditor q={d} />
            <Related q={d} />
          </Space>
        </Col>
      </Row>
    </div>
  );
}
