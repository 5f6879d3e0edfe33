/**
 * Shapes of the mianjing API, named for the UI. Every request and response type is an alias of
 * `schema.d.ts`, which `scripts/api-types.mjs` generates from the server's OpenAPI document (the
 * snapshot `tests/api/snapshots/api__contract__openapi.snap`), so a server change that the UI
 * does not follow fails `tsc`. Times are RFC 3339 UTC strings, dates `YYYY-MM-DD`.
 *
 * The document types enumerations (result, difficulty, status…) as plain strings and names them
 * only in descriptions; the unions below are the UI's own, for selects and labels, and the UI
 * narrows a server value with `oneOf` before using it as one.
 */
import type { components, operations } from './schema';

type Schemas = components['schemas'];
/** The query-string parameters of an operation. */
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

/** `value` if it is one of `list` (a server string, a URL value), else undefined. */
export function oneOf<T extends string>(list: readonly T[], value: string | null | undefined): T | undefined {
  return (list as readonly (string | null | undefined)[]).includes(value) ? (value as T) : undefined;
}

/** The list envelope of SPEC §2 (`Paged_*` in the document, one per item type). */
export type Page<T> = Omit<Schemas['Paged_Career'], 'items'> & { items: T[] };

// ── Accounts ──

export type LoginResponse = Schemas['LoginResponse'];
export type Profile = Schemas['Profile'];
/** `PATCH /api/users/profile`: given fields replace, `null` clears a field. */
export type ProfilePatch = Schemas['UpdateProfile'];
export type PublicUser = Schemas['PublicProfile'];
export type AdminUser = Schemas['AdminUserView'];
export type CodeSent = Schemas['CodeSent'];
export type CodePurpose = Schemas['CodePurpose'];
export type SignupRequest = Schemas['SignupRequest'];
export type LoginRequest = Schemas['LoginRequest'];
export type CodeLogin = Schemas['CodeLogin'];
export type InitAccount = Schemas['InitAccount'];
export type ResetPassword = Schemas['ResetPassword'];
export type ChangePassword = Schemas['ChangePassword'];
export type UpdateUser = Schemas['UpdateUser'];
export type Career = Schemas['Career'];
export type School = Schemas['School'];

export type Gender = 'male' | 'female' | 'other';
export const GENDERS: Gender[] = ['male', 'female', 'other'];
export type UserStatus = 'active' | 'disabled';

/** Fields a user may change on the profile form (`code` is asked for separately). */
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
] as const satisfies readonly (keyof ProfilePatch)[];

// ── Community: 面经, discussions, comments, favorites, feedback (SPEC §3) ──

export type Author = Schemas['Author'];
export type ExperienceItem = Schemas['ExperienceItem'];
export type Experience = Schemas['ExperienceDetail'];
/** `POST /api/experiences`; `PATCH` takes any subset. */
export type ExperienceInput = Schemas['ExperienceInput'];
export type ExperienceQuery = Query<'list_experiences'>;
export type DiscussionItem = Schemas['DiscussionItem'];
export type Discussion = Schemas['DiscussionDetail'];
/** `POST /api/discussions`; `PATCH` takes any subset. */
export type DiscussionInput = Schemas['DiscussionInput'];
export type DiscussionQuery = Query<'list_discussions'>;
export type CompanyCount = Schemas['CompanyCount'];
export type TagCount = Schemas['TagCount'];
export type Comment = Schemas['Comment'];
export type CommentInput = Schemas['CommentInput'];
export type FavoriteState = Schemas['FavoriteState'];
export type Feedback = Schemas['Feedback'];
export type FeedbackUpdate = Schemas['FeedbackUpdate'];

export type InterviewResult = 'offer' | 'rejected' | 'pending';
export type InterviewDifficulty = 'easy' | 'medium' | 'hard';
export const INTERVIEW_RESULTS: InterviewResult[] = ['offer', 'rejected', 'pending'];
export const INTERVIEW_DIFFICULTIES: InterviewDifficulty[] = ['easy', 'medium', 'hard'];
export type FeedbackStatus = 'open' | 'in_progress' | 'resolved' | 'closed';
export const FEEDBACK_STATUSES: FeedbackStatus[] = ['open', 'in_progress', 'resolved', 'closed'];

// ── Question bank (SPEC §3 "Question bank") ──

export type QuestionItem = Schemas['QuestionItem'];
export type QuestionDetail = Schemas['QuestionDetail'];
export type QuestionQuery = Query<'list_questions'>;
export type RandomQuery = Query<'random_questions'>;
export type QuestionNote = Schemas['Note'];
export type RecommendInput = Schemas['RecommendInput'];
export type RecommendResult = Schemas['RecommendResult'];

export type QuestionLang = 'zh' | 'en';
export const QUESTION_LANGS: QuestionLang[] = ['zh', 'en'];

// ── Files and resumes (SPEC §3 "Resumes and files") ──

export type FileInfo = Schemas['FileInfo'];
export type Education = Schemas['Education'];
export type Resume = Schemas['Resume'];
/** `POST` (all optional) and `PATCH` (given fields replace) body. */
export type ResumeInput = Schemas['ResumeInput'];

export type FilePurpose = 'avatar' | 'resume' | 'recording';

// ── Mock interviews and learning records (SPEC §3) ──

export type CreateInterviewInput = Schemas['CreateInterview'];
export type AskedQuestion = Schemas['AskedQuestion'];
export type AnswerReport = Schemas['AnswerReport'];
export type InterviewReport = Schemas['Report'];
export type Interview = Schemas['Interview'];
export type InterviewSummary = Schemas['InterviewSummary'];
export type AnswerInput = Schemas['AnswerInput'];
export type AnswerAccepted = Schemas['AnswerAccepted'];
export type Mistake = Schemas['Mistake'];
export type Ability = Schemas['Ability'];

export type InterviewRound = 'first' | 'second' | 'third' | 'hr';
export const INTERVIEW_ROUNDS: InterviewRound[] = ['first', 'second', 'third', 'hr'];
/** The answer sub-scores, in the order the report shows them. */
export const SCORE_DIMENSIONS = ['coverage', 'structure', 'fluency', 'length', 'pace'] as const;
