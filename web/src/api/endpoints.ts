/** One function per API call the UI makes. */
import { api, isApiError } from './client';
import type {
  Ability,
  Application,
  ApplicationInput,
  AdminUser,
  AnswerAccepted,
  AnswerInput,
  Career,
  ChangePassword,
  CodeLogin,
  CodePurpose,
  CodeSent,
  Comment,
  CommentInput,
  CompanyCount,
  ContactChange,
  ContactCodeRequest,
  CreateInterviewInput,
  Discussion,
  DiscussionInput,
  DiscussionItem,
  DiscussionQuery,
  Experience,
  ExperienceInput,
  ExperienceItem,
  ExperienceQuery,
  FavoriteState,
  HelpfulState,
  Feedback,
  FeedbackStatus,
  FeedbackUpdate,
  FileInfo,
  FilePurpose,
  InitAccount,
  Interview,
  InterviewReport,
  InterviewSettings,
  InterviewSummary,
  LoginRequest,
  LoginResponse,
  Mistake,
  PageSlug,
  PutPage,
  Page,
  Profile,
  ProfilePatch,
  PublicUser,
  QuestionDetail,
  QuestionItem,
  QuestionNote,
  QuestionQuery,
  RandomQuery,
  RecommendInput,
  RecommendResult,
  ResetPassword,
  Resume,
  ResumeInput,
  School,
  SimilarExperience,
  SimilarQuery,
  SignupRequest,
  SitePage,
  TagCount,
  Transcription,
  UpcomingInterview,
  UpdateUser,
  UserStatus,
} from './types';

export const authApi = {
  signup: (body: SignupRequest) =>
    api.post<Profile>('/api/users/signup', body),
  login: (body: LoginRequest) =>
    api.post<LoginResponse>('/api/users/login', body),
  sendCode: (body: { target: string; purpose: CodePurpose }) => api.post<CodeSent>('/api/verification-codes', body),
  loginWithCode: (body: CodeLogin) =>
    api.post<LoginResponse>('/api/users/login/code', body),
  init: (body: InitAccount) => api.post<Profile>('/api/users/init', body),
  logout: () => api.post<void>('/api/users/logout'),
  refresh: () => api.post<LoginResponse>('/api/token/refresh'),
  resetPassword: (body: ResetPassword) =>
    api.post<void>('/api/users/password/reset', body),
};

export const userApi = {
  profile: () => api.get<Profile>('/api/users/profile'),
  updateProfile: (patch: ProfilePatch) => api.patch<Profile>('/api/users/profile', patch),
  changePassword: (body: ChangePassword) => api.put<void>('/api/users/password', body),
  deleteMe: (body: { password: string }) => api.delete<void>('/api/users/me', body),
  publicProfile: (id: number | string) => api.get<PublicUser>(`/api/users/${id}`),
  /** Sends a `change_contact` code to a new phone number or email (issue 18). */
  sendContactCode: (body: ContactCodeRequest) => api.post<CodeSent>('/api/users/me/contact/code', body),
  /** Changes the phone number or email with the code sent to the new one; answers the profile. */
  changeContact: (body: ContactChange) => api.post<Profile>('/api/users/me/contact', body),
  /** Everything the caller owns as one JSON document (issue 19; rate limited). */
  exportMe: () => api.get<{ exported_at: string; profile: { account: string } }>('/api/users/me/export'),
};

/** The terms of service and privacy policy (issue 19). */
export const pagesApi = {
  /** In the UI language, or in `lang` (the admin editor). */
  get: (slug: PageSlug, lang?: string) => api.get<SitePage>(`/api/pages/${slug}`, { lang }),
  /** Admins only: replace one language's text; the page's version goes up. */
  put: (slug: PageSlug, body: PutPage) => api.put<SitePage>(`/api/admin/pages/${slug}`, body),
};

export const catalogApi = {
  careers: () => api.get<Page<Career>>('/api/careers', { per_page: 100 }),
  schools: (q: string, page = 1, per_page = 20, signal?: AbortSignal) =>
    api.get<Page<School>>('/api/schools', { q, page, per_page }, signal),
};

export const adminApi = {
  users: (query: { q?: string; status?: UserStatus; page: number; per_page: number }) =>
    api.get<Page<AdminUser>>('/api/admin/users', query),
  updateUser: (id: number, body: UpdateUser) =>
    api.patch<AdminUser>(`/api/admin/users/${id}`, body),
  /** End every session of user `id` at once; the account stays enabled. */
  endSessions: (id: number) => api.delete<void>(`/api/admin/users/${id}/sessions`),
  /** Become the first administrator with the one-time token the server prints at start. */
  claim: (token: string) => api.post<Profile>('/api/admin/claim', { token }),
};

/** Order of a post's top-level comments (`sort` of `GET …/comments`). */
export type CommentSort = 'oldest' | 'helpful';

/** The two kinds of post that take comments and favorites, as their paths name them. */
export const POST_KINDS = ['experiences', 'discussions'] as const;
export type PostKind = (typeof POST_KINDS)[number];

export const experienceApi = {
  list: (query: ExperienceQuery, signal?: AbortSignal) =>
    api.get<Page<ExperienceItem>>('/api/experiences', { ...query }, signal),
  get: (id: number | string) => api.get<Experience>(`/api/experiences/${id}`),
  create: (body: ExperienceInput) => api.post<Experience>('/api/experiences', body),
  update: (id: number | string, patch: Partial<ExperienceInput>) => api.patch<Experience>(`/api/experiences/${id}`, patch),
  remove: (id: number | string) => api.delete<void>(`/api/experiences/${id}`),
  mine: (page: number, per_page: number) => api.get<Page<ExperienceItem>>('/api/experiences/users', { page, per_page }),
  companies: (q: string, signal?: AbortSignal) =>
    api.get<Page<CompanyCount>>('/api/companies', { q, per_page: 20 }, signal),
};

export const discussionApi = {
  list: (query: DiscussionQuery, signal?: AbortSignal) =>
    api.get<Page<DiscussionItem>>('/api/discussions', { ...query }, signal),
  get: (id: number | string) => api.get<Discussion>(`/api/discussions/${id}`),
  create: (body: DiscussionInput) => api.post<Discussion>('/api/discussions', body),
  update: (id: number | string, patch: Partial<DiscussionInput>) => api.patch<Discussion>(`/api/discussions/${id}`, patch),
  remove: (id: number | string) => api.delete<void>(`/api/discussions/${id}`),
  mine: (page: number, per_page: number) => api.get<Page<DiscussionItem>>('/api/discussions/users', { page, per_page }),
  tags: (q = '', per_page = 30, signal?: AbortSignal) => api.get<Page<TagCount>>('/api/tags', { q, per_page }, signal),
};

export const commentApi = {
  /** Top-level comments oldest first, or most 有帮助 votes first (`helpful`). */
  list: (kind: PostKind, postId: number | string, page: number, per_page: number, sort: CommentSort = 'oldest') =>
    api.get<Page<Comment>>(`/api/${kind}/${postId}/comments`, { page, per_page, sort }),
  create: (kind: PostKind, postId: number | string, body: CommentInput) =>
    api.post<Comment>(`/api/${kind}/${postId}/comments`, body),
  update: (id: number, content: string) => api.patch<Comment>(`/api/comments/${id}`, { content }),
  remove: (id: number) => api.delete<void>(`/api/comments/${id}`),
};

/** 有帮助 votes (issue 19): idempotent on and off; not on one's own post (403 `helpful_own_post`). */
export const helpfulApi = {
  set: (kind: 'experiences' | 'comments', id: number | string, on: boolean) =>
    on ? api.put<HelpfulState>(`/api/${kind}/${id}/helpful`) : api.delete<HelpfulState>(`/api/${kind}/${id}/helpful`),
};

/** A public profile's posts (issue 19): never the user's anonymous 面经. */
export const userPostsApi = {
  experiences: (id: number | string, page: number, per_page: number) =>
    api.get<Page<ExperienceItem>>(`/api/users/${id}/experiences`, { page, per_page }),
  discussions: (id: number | string, page: number, per_page: number) =>
    api.get<Page<DiscussionItem>>(`/api/users/${id}/discussions`, { page, per_page }),
};

/** The Atom feed of new 面经, of one company when given (served outside `/api`). */
export function feedUrl(company?: string): string {
  return company ? `/feeds/experiences.atom?company=${encodeURIComponent(company)}` : '/feeds/experiences.atom';
}

export const favoriteApi = {
  set: (kind: PostKind, id: number | string, on: boolean) =>
    on ? api.put<FavoriteState>(`/api/${kind}/${id}/favorite`) : api.delete<FavoriteState>(`/api/${kind}/${id}/favorite`),
  experiences: (page: number, per_page: number) =>
    api.get<Page<ExperienceItem>>('/api/favorites/experiences', { page, per_page }),
  discussions: (page: number, per_page: number) =>
    api.get<Page<DiscussionItem>>('/api/favorites/discussions', { page, per_page }),
};

export const feedbackApi = {
  list: (query: { status?: FeedbackStatus; page: number; per_page: number }) =>
    api.get<Page<Feedback>>('/api/feedbacks', query),
  create: (content: string) => api.post<Feedback>('/api/feedback', { content }),
  update: (id: number, body: FeedbackUpdate) => api.patch<Feedback>(`/api/feedbacks/${id}`, body),
};

export const questionApi = {
  list: (query: QuestionQuery, signal?: AbortSignal) =>
    api.get<Page<QuestionItem>>('/api/questions', { ...query }, signal),
  get: (id: number | string) => api.get<QuestionDetail>(`/api/questions/${id}`),
  random: (query: RandomQuery) =>
    api.get<QuestionItem[]>('/api/questions/random', { ...query }),
  recommend: (body: RecommendInput) =>
    api.post<RecommendResult>('/api/questions/recommend', body),
  setFavorite: (id: number | string, on: boolean) =>
    on ? api.put<FavoriteState>(`/api/questions/${id}/favorite`) : api.delete<FavoriteState>(`/api/questions/${id}/favorite`),
  favorites: (page: number, per_page: number) =>
    api.get<Page<QuestionItem>>('/api/favorites/questions', { page, per_page }),
  /** Questions a candidate asks the interviewer (`kind=reverse`), in `lang`. */
  reverse: (lang: string, per_page = 10) =>
    api.get<Page<QuestionItem>>('/api/questions', { kind: 'reverse', lang, per_page }),
  saveNote: (id: number | string, content: string) => api.put<QuestionNote>(`/api/questions/${id}/note`, { content }),
  deleteNote: (id: number | string) => api.delete<void>(`/api/questions/${id}/note`),
};

export const fileApi = {
  /** `POST /api/files` (multipart): 413 over the purpose's size limit, 415 for a wrong type. */
  upload: (file: Blob, purpose: FilePurpose, name?: string) => {
    const form = new FormData();
    form.append('purpose', purpose);
    form.append('file', file, name ?? (file instanceof File ? file.name : 'upload'));
    return api.upload<FileInfo>('/api/files', form);
  },
  /** Where the owner's session downloads (or an `<audio>` plays) file `id`. */
  url: (id: number) => `/api/files/${id}`,
};

export const resumeApi = {
  /** The caller's resume, or null before one is created (the server answers 404). */
  get: async (): Promise<Resume | null> => {
    try {
      return await api.get<Resume>('/api/resumes');
    } catch (e) {
      if (isApiError(e) && e.status === 404) return null;
      throw e;
    }
  },
  create: (body: ResumeInput) => api.post<Resume>('/api/resumes', body),
  update: (patch: ResumeInput) => api.patch<Resume>('/api/resumes', patch),
  remove: () => api.delete<void>('/api/resumes'),
};

export const mockInterviewApi = {
  list: (page: number, per_page: number) => api.get<Page<InterviewSummary>>('/api/mock-interviews', { page, per_page }),
  get: (id: number | string) => api.get<Interview>(`/api/mock-interviews/${id}`),
  create: (body: CreateInterviewInput) => api.post<Interview>('/api/mock-interviews', body),
  answer: (id: number | string, body: AnswerInput) => api.post<AnswerAccepted>(`/api/mock-interviews/${id}/answers`, body),
  finish: (id: number | string) => api.post<InterviewReport>(`/api/mock-interviews/${id}/finish`),
  /** Whether recordings can be transcribed, whether an LLM scores, the caller's daily quotas. */
  settings: () => api.get<InterviewSettings>('/api/mock-interviews/settings'),
  /** Speech to text of one of the caller's `recording` files: 503 not configured, 502 upstream failed. */
  transcribe: (id: number | string, recording_file_id: number) =>
    api.post<Transcription>(`/api/mock-interviews/${id}/transcriptions`, { recording_file_id }),
};

export const learningApi = {
  mistakes: (page: number, per_page: number) => api.get<Page<Mistake>>('/api/mistakes', { page, per_page }),
  ability: () => api.get<Ability>('/api/users/ability'),
};

/** The application tracker (issue 19): the caller's own applications, rounds and upcoming interviews. */
export const applicationApi = {
  list: (stage?: string) => api.get<{ items: Application[] }>('/api/applications', { stage }),
  get: (id: number | string) => api.get<Application>(`/api/applications/${id}`),
  create: (body: ApplicationInput) => api.post<Application>('/api/applications', body),
  update: (id: number | string, patch: ApplicationInput) => api.patch<Application>(`/api/applications/${id}`, patch),
  remove: (id: number | string) => api.delete<void>(`/api/applications/${id}`),
  /** `from`: the viewer's own date `YYYY-MM-DD`. */
  upcoming: (from: string, days = 7) => api.get<{ items: UpcomingInterview[] }>('/api/applications/upcoming', { from, days }),
  /** 面经 like the one being written (beside the form). */
  similar: (query: SimilarQuery, signal?: AbortSignal) =>
    api.get<{ items: SimilarExperience[] }>('/api/experiences/similar', { ...query }, signal),
};
