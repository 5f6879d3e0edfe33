/**
 * Writing and editing a post (`/experiences/new`, `/experiences/:id/edit`, the same for
 * discussions). `EditPage` is the route: it loads the post being edited and answers 404 / 403 /
 * errors before the form shows. `EditForm` is the form's frame: card, server error, 取消 / 发布,
 * and the save — a create, or a PATCH of only what changed — then the post's page. It also
 * autosaves a server-side draft, restores it when the form opens, and asks before leaving with
 * text not yet saved (`DraftBar`, `useDraft`, `useLeaveGuard`).
 */
import { useMemo, useRef, type ReactNode } from 'react';
import { Alert, App, Button, Card, Flex, Form, Result, type FormInstance } from 'antd';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import type { PostKind } from '../api/endpoints';
import { formError, useServerError } from './forms';
import { ErrorState, NotFoundResult, PageLoading } from './States';
import { keys } from './community/keys';
import { DraftRestored, DraftStatusText } from './community/DraftBar';
import { fromDraftFields, useDraft } from './community/useDraft';
import { useLeaveGuard } from './community/useLeaveGuard';

/** What both kinds of post have that editing needs. */
interface Post {
  id: number;
  is_author: boolean;
}

/** The calls of one kind of post (`experienceApi`, `discussionApi`). */
interface PostApi<P extends Post, I> {
  get: (id: string) => Promise<P>;
  create: (body: I) => Promise<P>;
  update: (id: number, patch: Partial<I>) => Promise<P>;
}

interface EditPageProps<P extends Post> {
  kind: PostKind;
  api: { get: (id: string) => Promise<P> };
  /** The form, for a new post (`undefined`) or the author's post. */
  children: (existing: P | undefined) => ReactNode;
}

export default function EditPage<P extends Post>({ kind, api, children }: EditPageProps<P>) {
  const { t } = useTranslation();
  const { id } = useParams();
  const editing = id !== undefined;
  const valid = !editing || /^\d+$/.test(id);
  const q = useQuery({
    queryKey: keys.detail(kind, id ?? 'new'),
    queryFn: () => api.get(id!),
    enabled: editing && valid,
    staleTime: 60_000,
  });

  let body;
  if (!editing) body = children(undefined);
  else if (!valid) body = <NotFoundResult subTitle={t('community.notFound')} />;
  else if (q.isPending) body = <PageLoading />;
  else if (q.isError)
    body =
      isApiError(q.error) && q.error.status === 404 ? (
        <NotFoundResult subTitle={t('community.notFound')} />
      ) : (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      );
  else if (!q.data.is_author)
    body = (
      <Result
        status="403"
        title="403"
        subTitle={t('community.notAllowed')}
        extra={
          <Link to={`/${kind}/${q.data.id}`}>
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
    );
  else body = children(q.data);

  return <div className="mj-medium">{body}</div>;
}

interface EditFormProps<P extends Post, V, I> {
  kind: PostKind;
  api: PostApi<P, I>;
  existing: P | undefined;
  /** Form name and test-id prefix: `{name}-form`, `{name}-submit`. */
  name: string;
  title: string;
  form: FormInstance<V>;
  /** The form's values for a post, or for a blank one; what changed from them is what a PATCH sends. */
  toForm: (existing: P | undefined) => V;
  /** Form values → request body. */
  toInput: (values: V) => I;
  /** Lists besides the kind's own and 我的发布 that show a post's fields (companies, tags). */
  alsoShownIn: QueryKey[];
  /** The fields. */
  children: ReactNode;
}

/** Only what changed, for PATCH. */
function changed<I extends object>(before: I, after: I): Partial<I> {
  const patch: Partial<I> = {};
  for (const k of Object.keys(after) as (keyof I)[]) {
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)) patch[k] = after[k];
  }
  return patch;
}

export function EditForm<P extends Post, V extends object, I extends object>(props: EditFormProps<P, V, I>) {
  const { kind, api, existing, name, title, form, toForm, toInput, alsoShownIn, children } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [error, setError] = useServerError();
  // Once per post: a new object would reset what the user typed.
  const initialValues = useMemo(() => toForm(existing), [existing]); // eslint-disable-line react-hooks/exhaustive-deps
  const draft = useDraft(kind === 'experiences' ? 'experience' : 'discussion', existing?.id);
  const published = useRef(false);
  useLeaveGuard(() => !published.current && draft.hasUnsaved());

  const save = useMutation({
    mutationFn: async (values: V) => {
      // No autosave may land after the publish that removes the draft.
      await draft.settle();
      const body = toInput(values);
      if (!existing) return api.create(body);
      const patch = changed(toInput(initialValues), body);
      if (Object.keys(patch).length === 0) return Promise.resolve(existing);
      return api.update(existing.id, patch);
    },
    onSuccess: (saved) => {
      published.current = true;
      qc.setQueryData(keys.detail(kind, saved.id), saved);
      for (const queryKey of [keys.lists(kind), keys.mine, ...alsoShownIn]) void qc.invalidateQueries({ queryKey });
      void message.success(existing ? t('community.saved') : t('community.published'));
      void navigate(`/${kind}/${saved.id}`, { replace: !!existing });
    },
    onError: (e) => {
      // Publishing dropped the pending autosave: keep what was typed as the draft after all.
      draft.schedule(form.getFieldsValue(true));
      setError(formError(form, e, t('errors.unknown')));
      // `interview_questions[3]` → the questions list.
      if (isApiError(e) && e.fields) form.scrollToField(Object.keys(e.fields)[0]?.split(/[.[]/)[0] ?? 'title');
    },
  });

  if (draft.initial === undefined)
    return (
      <Card title={<span data-testid="form-title">{title}</span>} className="mj-form-card">
        <PageLoading />
      </Card>
    );
  // The restored draft fills the form; the post's own values stay the base of a PATCH.
  const restored = draft.initial ? ({ ...initialValues, ...(fromDraftFields(draft.initial.fields) as object) } as V) : initialValues;

  return (
    <Card title={<span data-testid="form-title">{title}</span>} className="mj-form-card">
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={restored}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => {
          setError(null);
          if (!save.isPending && !published.current) draft.schedule(form.getFieldsValue(true));
        }}
        onFinishFailed={({ errorFields }) => errorFields[0] && form.scrollToField(errorFields[0].name)}
        name={name}
        data-testid={`${name}-form`}
        scrollToFirstError={false}
      >
        {draft.initial ? (
          <DraftRestored
            savedAt={draft.initial.updated_at}
            onDiscard={async () => {
              await draft.discard();
              form.setFieldsValue(initialValues as Parameters<typeof form.setFieldsValue>[0]);
            }}
          />
        ) : null}
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
        {children}
        <Flex gap={8} justify="flex-end" align="center" wrap>
          <DraftStatusText status={draft.status} />
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={`${name}-submit`}>
            {existing ? t('community.saveEdit') : t('community.publish')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
