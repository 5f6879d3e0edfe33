/** Shapes of the mianjing API (see SPEC §2–§3). Times are RFC 3339 UTC strings, dates `YYYY-MM-DD`. */

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  per_page: number;
}

export type Gender = 'male' | 'female' | 'other';
export type UserStatus = 'active' | 'disabled';
export type CodePurpose = 'signup' | 'login' | 'reset_password';

export interface UserData {
  id: number;
  name: string;
  avatar: string | null;
  initialized: boolean;
  is_admin: boolean;
}

export interface LoginResponse {
  token: string;
  expires_at: string;
  user_data: UserData;
}

export interface Profile {
  id: number;
  account: string | null;
  name: string | null;
  avatar: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  gender: Gender | null;
  birthday: string | null;
  signature: string | null;
  job_status: string | null;
  highest_education: string | null;
  seniority: string | null;
  company: string | null;
  website: string | null;
  school_id: number | null;
  school_name: string | null;
  major: string | null;
  student_number: string | null;
  is_admin: boolean;
  status: UserStatus;
  initialized: boolean;
  created_at: string;
  last_login_at: string | null;
}

/** Fields a user may change with `PATCH /api/users/profile`; `null` clears a field. */
export const EDITABLE_PROFILE_FIELDS = [
  'name',
  'avatar',
  'phone',
  'email',
  'address',
  'gender',
  'birthday',
  'signature',
  'job_status',
  'highest_education',
  'seniority',
  'company',
  'website',
  'school_id',
  'major',
  'student_number',
] as const;
export type EditableProfileField = (typeof EDITABLE_PROFILE_FIELDS)[number];
export type ProfilePatch = Partial<Pick<Profile, EditableProfileField>>;

export interface PublicUser {
  id: number;
  name: string | null;
  avatar: string | null;
  signature: string | null;
  school_name: string | null;
  company: string | null;
  created_at: string;
}

export interface NamedItem {
  id: number;
  name: string;
}

export interface School extends NamedItem {
  region?: string | null;
}

export interface AdminUser {
  id: number;
  account: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  status: UserStatus;
  is_admin: boolean;
  initialized: boolean;
  created_at: string;
  last_login_at: string | null;
  last_login_ip: string | null;
}

export interface CodeSent {
  expires_in: number;
  resend_after: number;
}

// ── Community: 面经, discussions, comments, favorites, feedback (SPEC §3) ──

export type InterviewResult = 'offer' | 'rejected' | 'pending';
export type InterviewDifficulty = 'easy' | 'medium' | 'hard';
export const INTERVIEW_RESULTS: InterviewResult[] = ['offer', 'rejected', 'pending'];
export const INTERVIEW_DIFFICULTIES: InterviewDifficulty[] = ['easy', 'medium', 'hard'];

/** Who wrote a post or comment; `deleted` when the account was deleted since. */
export interface Author {
  id: number;
  name: string | null;
  avatar: string | null;
  deleted: boolean;
}

interface ExperienceBase {
  id: number;
  title: string;
  company: string;
  position: string | null;
  career_id: number | null;
  career_name: string | null;
  interview_date: string | null;
  interview_result: InterviewResult | null;
  interview_difficulty: InterviewDifficulty | null;
  interview_evaluation: number | null;
  anonymous: boolean;
  /** null when anonymous, except for the author and admins. */
  author: Author | null;
  is_author: boolean;
  view_count: number;
  favorites: number;
  comments: number;
  is_favorited: boolean;
  /** Imported posts: `owner/repo`, the file inside it and its licence. */
  source: string | null;
  source_path: string | null;
  license: string | null;
  lang: string | null;
  created_at: string;
  updated_at: string;
}

export interface ExperienceItem extends ExperienceBase {
  excerpt: string;
  question_count: number;
  /** Only in favorites lists. */
  favorited_at?: string;
}

export interface Experience extends ExperienceBase {
  content: string;
  interview_questions: string[];
}

export interface ExperienceInput {
  title: string;
  company: string;
  position: string;
  career_id?: number | null;
  interview_date?: string | null;
  interview_result?: InterviewResult | null;
  interview_difficulty?: InterviewDifficulty | null;
  interview_evaluation?: number | null;
  interview_questions: string[];
  content: string;
  anonymous?: boolean;
}

export type ExperienceSort = 'latest' | 'popular' | 'top_rated' | 'relevance';

export interface ExperienceQuery {
  company?: string;
  position?: string;
  career_id?: number;
  result?: InterviewResult;
  difficulty?: InterviewDifficulty;
  q?: string;
  sort?: ExperienceSort;
  page?: number;
  per_page?: number;
}

export interface NameCount {
  name: string;
  count: number;
}

export interface DiscussionItem {
  id: number;
  title: string;
  excerpt: string;
  tags: string[];
  author: Author | null;
  is_author: boolean;
  view_count: number;
  favorites: number;
  comments: number;
  is_favorited: boolean;
  created_at: string;
  updated_at: string;
  favorited_at?: string;
}

export interface Discussion extends DiscussionItem {
  content: string;
}

export interface DiscussionInput {
  title: string;
  content: string;
  tags: string[];
}

export type DiscussionSort = 'latest' | 'popular' | 'relevance';

export interface DiscussionQuery {
  tag?: string;
  q?: string;
  sort?: DiscussionSort;
  page?: number;
  per_page?: number;
}

export interface Comment {
  id: number;
  content: string;
  author: Author | null;
  parent_id: number | null;
  created_at: string;
  updated_at: string;
  deleted: boolean;
  is_author: boolean;
  replies?: Comment[];
}

export interface FavoriteState {
  favorited: boolean;
  favorites: number;
}

export type FeedbackStatus = 'open' | 'in_progress' | 'resolved' | 'closed';
export const FEEDBACK_STATUSES: FeedbackStatus[] = ['open', 'in_progress', 'resolved', 'closed'];

export interface Feedback {
  id: number;
  content: string;
  status: FeedbackStatus;
  reply: string | null;
  author: Author | null;
  created_at: string;
  replied_at: string | null;
}

// ── Question bank (SPEC §3 "Question bank") ──

export type QuestionLang = 'zh' | 'en';
export const QUESTION_LANGS: QuestionLang[] = ['zh', 'en'];

export interface QuestionItem {
  id: number;
  /** Markdown (may contain code blocks). */
  content: string;
  career_id: number | null;
  career_name: string | null;
  difficulty: InterviewDifficulty | null;
  tags: string[];
  lang: string;
  has_answer: boolean;
  /** Companies whose 面经 report this question. */
  companies: string[];
  favorites: number;
  is_favorited: boolean;
  /** `owner/repo` of an imported question, or `mianjing` for one taken from a 面经. */
  source: string | null;
  source_path: string | null;
  license: string | null;
  /** Only in the favorites list. */
  favorited_at?: string | null;
}

export interface QuestionDetail extends QuestionItem {
  /** Reference answer (Markdown) or null. */
  answer: string | null;
  /** The caller's private note. */
  note: string | null;
  /** Up to 5 questions on the same topics. */
  related: QuestionItem[];
  created_at: string;
  updated_at: string;
}

export interface QuestionQuery {
  career_id?: number;
  difficulty?: InterviewDifficulty;
  tag?: string;
  q?: string;
  lang?: QuestionLang;
  company?: string;
  has_answer?: boolean;
  page?: number;
  per_page?: number;
}

export interface QuestionNote {
  question_id: number;
  content: string;
  updated_at: string;
}

export interface Recommendation {
  question: QuestionItem;
  /** Summed keyword weights (skills 2, other keywords 1). */
  score: number;
  matched_keywords: string[];
}

export interface RecommendResult {
  /** Most important first. */
  keywords: string[];
  items: Recommendation[];
}

// ── Files and resumes (SPEC §3 "Resumes and files") ──

export type FilePurpose = 'avatar' | 'resume' | 'recording';

export interface FileInfo {
  id: number;
  purpose: FilePurpose;
  /** Detected from the content. */
  content_type: string;
  size: number;
  original_name: string | null;
  /** Same-origin download path (owner session, or public for avatars). */
  url: string;
  created_at: string;
}

export interface Education {
  school: string;
  major?: string | null;
  degree?: string | null;
  admission_date?: string | null;
  /** null while studying. */
  graduation_date?: string | null;
}

export interface WorkExperience {
  company: string;
  position?: string | null;
  start_date?: string | null;
  /** null for the current job. */
  end_date?: string | null;
  description?: string | null;
}

export interface PortfolioItem {
  title: string;
  description?: string | null;
  url?: string | null;
}

export interface Resume {
  id: number;
  autobiography: string | null;
  education: Education[];
  work_experience: WorkExperience[];
  portfolio: PortfolioItem[];
  skills: string[];
  attachment_file_id: number | null;
  attachment: FileInfo | null;
  /** First 500 characters of the text extracted from the attachment. */
  attachment_text_excerpt: string | null;
  /** Skills found in the whole resume, attachment included. */
  extracted_skills: string[];
  created_at: string;
  updated_at: string;
}

/** `POST` (all optional) and `PATCH` (given fields replace) body. */
export interface ResumeInput {
  autobiography?: string | null;
  education?: Education[];
  work_experience?: WorkExperience[];
  portfolio?: PortfolioItem[];
  skills?: string[];
  attachment_file_id?: number | null;
}

// ── Mock interviews and learning records (SPEC §3) ──

export type InterviewKind = 'topic' | 'full' | 'record';
export type InterviewRound = 'first' | 'second' | 'third' | 'hr';
export const INTERVIEW_ROUNDS: InterviewRound[] = ['first', 'second', 'third', 'hr'];
export type InterviewStatus = 'in_progress' | 'finished';
/** The answer sub-scores, in the order the report shows them. */
export const SCORE_DIMENSIONS = ['coverage', 'structure', 'fluency', 'length', 'pace'] as const;
export type ScoreDimension = (typeof SCORE_DIMENSIONS)[number];

export interface CreateInterviewInput {
  kind: 'topic' | 'full';
  career_id?: number | null;
  tag?: string | null;
  position?: string | null;
  company?: string | null;
  job_description?: string | null;
  use_resume?: boolean;
  round?: InterviewRound | null;
  difficulty?: InterviewDifficulty | null;
  /** Topic 5–10, full 3–10; ignored with `question_ids`. */
  question_count?: number;
  /** Practise exactly these questions (1–20). */
  question_ids?: number[];
}

export interface AskedQuestion {
  /** From 1; a follow-up gets the next free index. */
  index: number;
  /** Bank question, null for follow-ups. */
  question_id: number | null;
  content: string;
  /** For a follow-up (追问): the index it follows up on. */
  follow_up_of: number | null;
  answered: boolean;
  answer: string | null;
  duration_seconds: number | null;
  speech_rate: number | null;
  recording_file_id: number | null;
}

/** Sub-scores of one answer, each 0–1 (`pace` absent without a duration). */
export interface AnswerDimensions {
  coverage: number;
  structure: number;
  fluency: number;
  length: number;
  pace?: number | null;
}

export interface AnswerReport {
  index: number;
  question: string;
  question_id: number | null;
  follow_up_of: number | null;
  answer: string | null;
  /** 0–100 (0 when unanswered). */
  score: number;
  feedback: string;
  /** Characters (or English words) per minute. */
  speech_rate: number | null;
  improved: string[];
  dimensions: AnswerDimensions | null;
  reference_answer: string | null;
  topic: string | null;
}

export interface InterviewReport {
  overall_score: number;
  answered: number;
  total: number;
  /** Mean sub-scores 0–100 over the answered questions. */
  dimensions: Partial<Record<ScoreDimension, number>> & Record<string, number>;
  /** Mean score per career/tag. */
  topics: Record<string, number>;
  speech_rate: number | null;
  /** The most useful hints, most frequent first. */
  improved: string[];
  answers: AnswerReport[];
  scorer: 'builtin' | 'llm' | string;
}

export interface Interview {
  id: number;
  kind: InterviewKind;
  round: InterviewRound | null;
  career_id: number | null;
  tag: string | null;
  position: string | null;
  company: string | null;
  difficulty: InterviewDifficulty | null;
  status: InterviewStatus;
  /** Main questions (follow-ups not counted). */
  question_count: number;
  answered_count: number;
  overall_score: number | null;
  questions: AskedQuestion[];
  report: InterviewReport | null;
  created_at: string;
  finished_at: string | null;
}

export interface InterviewSummary {
  id: number;
  kind: InterviewKind;
  round: InterviewRound | null;
  career_id: number | null;
  tag: string | null;
  company: string | null;
  status: InterviewStatus;
  question_count: number;
  overall_score: number | null;
  created_at: string;
  finished_at: string | null;
}

export interface AnswerInput {
  index: number;
  answer: string;
  duration_seconds?: number;
  recording_file_id?: number | null;
}

export interface AnswerAccepted {
  index: number;
  speech_rate: number | null;
  follow_up?: { index: number; content: string } | null;
}

export interface Mistake {
  question_id: number;
  question: string;
  reference_answer: string | null;
  your_answer: string | null;
  score: number;
  attempts: number;
  topic: string | null;
  answered_at: string;
}

export interface AbilityDimension {
  /** Career or tag, e.g. 后端 / Redis. */
  name: string;
  score: number;
  answers: number;
}

export interface TrendPoint {
  interview_id: number;
  finished_at: string;
  overall_score: number;
  topics: Record<string, number>;
}

export interface Ability {
  dimensions: AbilityDimension[];
  /** Mean answer sub-scores 0–100. */
  skills: Partial<Record<ScoreDimension, number>> & Record<string, number>;
  /** Finished interviews, oldest first. */
  trend: TrendPoint[];
}
