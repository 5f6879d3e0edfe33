/**
 * `/mock-interviews/:id`: an unfinished interview is answered one question at a time
 * (`InterviewSession`); a finished one shows its report (`InterviewReport`).
 */
import { useEffect, useRef } from 'react';
import { Breadcrumb } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { mockInterviewApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import { ErrorState, NotFoundResult, PageLoading } from '../../components/States';
import { useCareers } from '../../components/community/keys';
import { interviewTitle } from '../../components/interviews/labels';
import { pkeys } from '../../components/questions/keys';
import InterviewReport from './InterviewReport';
import InterviewSession from './InterviewSession';

export default function MockInterview() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const valid = /^\d+$/.test(id);
  const careers = useCareers();
  const { i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: pkeys.interview(id), queryFn: () => mockInterviewApi.get(id), enabled: valid });
  // Follow-ups, feedback and advice are rendered by the server in the caller's language: a language
  // switch reads the interview again.
  const lang = useRef(i18n.language);
  useEffect(() => {
    if (lang.current === i18n.language) return;
    lang.current = i18n.language;
    void qc.invalidateQueries({ queryKey: pkeys.interview(id) });
  }, [i18n.language, id, qc]);

  if (!valid) return <NotFoundResult subTitle={t('mock.notFound')} />;
  if (q.isPending) return <PageLoading />;
  if (q.isError) {
    if (isApiError(q.error) && (q.error.status === 404 || q.error.status === 403)) return <NotFoundResult subTitle={t('mock.notFound')} />;
    return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  }
  const iv = q.data;
  const title = interviewTitle(t, iv, careers.data?.items);
  return (
    <div data-testid="mock-interview">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/mock-interviews">{t('nav.mockInterviews')}</Link> }, { title }]}
      />
      {iv.status === 'finished' && iv.report ? (
        <InterviewReport interview={iv} report={iv.report} title={title} />
      ) : (
        <InterviewSession interview={iv} title={title} />
      )}
    </div>
  );
}
