/**
 * "发成面经": the 面经 form's values from a tracked application — the shortest path from an
 * interview to a post. Company and position as tracked; the date of the last round that has
 * happened; the result from the current stage (offer → offer, 未通过 → rejected, else pending);
 * every round's questions in order (at most 50, the server's limit); and a Markdown outline of the
 * rounds with their notes and questions, for the writer to fill in. The application's own notes
 * are left out: they are private (referrers, salary) until the writer adds them.
 */
import { useEffect, useRef } from 'react';
import { App, type FormInstance } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { applicationApi } from '../../api/endpoints';
import type { Application, InterviewResult } from '../../api/types';
import { applicationKeys, channelLabel, stageLabel } from './labels';

const MAX_QUESTIONS = 50;

/** The 面经 form fields an application fills. */
export interface ExperiencePrefill {
  title: string;
  company: string;
  position: string;
  interview_date: Dayjs | null;
  interview_result: InterviewResult;
  interview_questions: string[];
  content: string;
}

/** The 面经 form's values for application `a`, texts in the UI language. */
export function experienceFromApplication(t: TFunction, a: Application, today = dayjs()): ExperiencePrefill {
  const past = (d?: string | null) => (d && !dayjs(d, 'YYYY-MM-DD').isAfter(today, 'day') ? d : null);
  const dated = a.rounds.map((r) => past(r.date)).filter((d): d is string => !!d);
  const date = dated.length ? dated[dated.length - 1] : past(a.applied_on);
  const result: InterviewResult = a.stage === 'offer' ? 'offer' : a.stage === 'rejected' ? 'rejected' : 'pending';
  const questions = a.rounds.flatMap((r) => r.questions).slice(0, MAX_QUESTIONS);

  const parts = [t('applications.draftIntro', { channel: channelLabel(t, a.channel), date: a.applied_on ?? '—' })];
  for (const r of a.rounds) {
    const when = [r.date, r.time].filter(Boolean).join(' ');
    parts.push(`## ${stageLabel(t, r.stage)}${when ? ` · ${when}` : ''}`);
    if (r.notes) parts.push(r.notes);
    parts.push(r.questions.length ? r.questions.map((q, i) => `${i + 1}. ${q}`).join('\n') : t('applications.draftNoQuestions'));
  }
  return {
    title: t('applications.draftTitle', { company: a.company, position: a.position }).slice(0, 100),
    company: a.company,
    position: a.position,
    interview_date: date ? dayjs(date, 'YYYY-MM-DD') : null,
    interview_result: result,
    interview_questions: questions.length ? questions : [''],
    content: parts.join('\n\n') + '\n',
  };
}

/**
 * On the new-面经 form, `?from_application=ID` fills `form` from that application once it loads
 * (`enabled` false when editing a post). A failed load leaves the form blank and says so.
 */
export function useApplicationPrefill<V extends object>(form: FormInstance<V>, enabled: boolean) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const id = params.get('from_application');
  const valid = enabled && !!id && /^\d+$/.test(id);
  const q = useQuery({
    queryKey: applicationKeys.one(id ?? ''),
    queryFn: () => applicationApi.get(id!),
    enabled: valid,
  });
  const done = useRef(false);
  useEffect(() => {
    if (!valid || done.current) return;
    if (q.data) {
      done.current = true;
      form.setFieldsValue(experienceFromApplication(t, q.data) as unknown as Parameters<FormInstance<V>['setFieldsValue']>[0]);
      void message.info(t('applications.prefillLoaded', { company: q.data.company, position: q.data.position }));
    } else if (q.isError) {
      done.current = true;
      void message.error(t('applications.prefillFailed'));
    }
  }, [valid, q.data, q.isError]); // eslint-disable-line react-hooks/exhaustive-deps
  return { loading: valid && q.isPending };
}
