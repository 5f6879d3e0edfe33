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
