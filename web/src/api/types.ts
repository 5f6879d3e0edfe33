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
/** `accept_terms` (issue 19) is added here until the contract snapshot, and so `schema.d.ts`, has it. */
export type SignupRequest = Schemas['SignupRequest'] & { accept_terms: boolean };
export type LoginRequest = Schemas['LoginRequest'];
/** `accept_terms`: needed when the code login creates the account (a phone sign-up). */
export type CodeLogin = Schemas['CodeLogin'] & { accept_terms?: boolean };
export type InitAccount = Schemas['InitAccount'];
export type ResetPassword = Schemas['ResetPassword'];
export type ChangePassword = Schemas['ChangePassword'];
export type UpdateUser = Schemas['UpdateUser'];
export type ContactKind = Schemas['ContactKind'];
export type ContactCodeRequest = Schemas['ContactCodeRequest'];
export type ContactChange = Schemas['ContactChange'];
/**
 * `label`: the career's name in the caller's language; `name` is the stored Chinese name. (Declared
 * here too while the OpenAPI snapshot on main lags behind the server; the generated field agrees.)
 */
export type Career = Schemas['Career'] & { label?: string | null };

/** What the UI shows for a career: its localized `label`, else its stored name. */
export function careerLabel(c: Pick<Career, 'name' | 'label'>): string {
  return c.label || c.name;
}
export type School = Schemas['School'];

export type Gender = 'male' | 'female' | 'other';
export const GENDERS: Gender[] = ['male', 'female', 'other'];
export type UserStatus = 'active' | 'disabled';

/** Fields a user may change on the profile form (phone and email change through `ContactChange`). */
export const EDITABLE_PROFILE_FIELDS = [
  'name',
  'avatar',
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
/**
 * Issue 19 (community basics): `helpful` (how many count it 有帮助) and `is_helpful` (the caller
 * does), declared here too while the OpenAPI snapshot lags behind the server; the generated
 * fields agree once it is regenerated.
 */
type HelpfulFields = { helpful: number; is_helpful: boolean };
export type ExperienceItem = Schemas['ExperienceItem'] & HelpfulFields;
export type Experience = Schemas['ExperienceDetail'] & HelpfulFields;
/** `POST /api/experiences`; `PATCH` takes any subset. */
export type ExperienceInput = Schemas['ExperienceInput'];
/** `lang`: `zh` | `en` | `all` (issue 19; declared here too while the snapshot lags behind). */
export type ExperienceQuery = Query<'list_experiences'> & { lang?: FeedLang };
/** The language filter of the 面经 feed. */
export type FeedLang = 'zh' | 'en' | 'all';
export const FEED_LANGS: FeedLang[] = ['zh', 'en', 'all'];
/** `PUT`/`DELETE …/helpful`: the caller's vote and the count after it. */
export type HelpfulState = { is_helpful: boolean; helpful: number };
export type DiscussionItem = Schemas['DiscussionItem'];
export type Discussion = Schemas['DiscussionDetail'];
/** `POST /api/discussions`; `PATCH` takes any subset. */
export type DiscussionInput = Schemas['DiscussionInput'];
export type DiscussionQuery = Query<'list_discussions'>;
export type CompanyCount = Schemas['CompanyCount'];
export type TagCount = Schemas['TagCount'];
export type Comment = Omit<Schemas['Comment'], 'replies'> & HelpfulFields & { replies: Comment[] };
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

/** `kind` `reverse`: a question to ask the interviewer, never asked in an interview. */
export type QuestionItem = Schemas['QuestionItem'] & { kind?: string | null };
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

export type FilePurpose = 'avatar' | 'resume' | 'recording' | 'post_image';

// ── Mock interviews and learning records (SPEC §3) ──

// Issue 17 widens these shapes (question language, the per-question timer, voice answers, a report
// that explains itself). Until the server's OpenAPI snapshot carries the new fields they are declared
// here as optional intersections; once it does, the generated types say the same and these add nothing.

/** `lang`: the questions' language, `zh` | `en` (the UI sends the choice, by default the UI's). */
export type CreateInterviewInput = Schemas['CreateInterview'] & { lang?: string | null };
/**
 * `asked_at`: when the interviewer asked it (server time, RFC 3339) — the per-question timer counts
 * from it, so it survives a reload; null for questions not yet reached or old interviews.
 */
export type AskedQuestion = Schemas['AskedQuestion'] & { asked_at?: string | null };
/** Sub-scores 0–1; `fluency` and `pace` only for recorded (spoken) answers. */
export type AnswerDimensions = Omit<Schemas['Dimensions'], 'fluency' | 'pace'> & {
  fluency?: number | null;
  pace?: number | null;
};
/** One key point of the reference answer: covered or not, with the answer's own words as evidence. */
export interface KeyPoint {
  point: string;
  covered: boolean;
  evidence?: string | null;
}
/**
 * `explanation`: one sentence on why the score is what it is; `key_points`; `estimate`: no reference
 * answer, so the score is a rough estimate; `recording_file_id`: the recorded answer, to replay.
 */
export type AnswerReport = Omit<Schemas['AnswerReport'], 'dimensions'> & {
  dimensions?: AnswerDimensions | null;
  explanation?: string | null;
  key_points?: KeyPoint[] | null;
  estimate?: boolean | null;
  recording_file_id?: number | null;
};
/** `summary`: the overall sentence (strongest and weakest topic or dimension). */
export type InterviewReport = Omit<Schemas['Report'], 'answers'> & {
  answers: AnswerReport[];
  summary?: string | null;
};
/**
 * While in progress `questions` holds only the questions reached (answered ones, their follow-ups
 * and the current one); `question_count` is the number of main questions in all.
 */
export type Interview = Omit<Schemas['Interview'], 'questions' | 'report'> & {
  questions: AskedQuestion[];
  report?: InterviewReport | null;
  lang?: string | null;
};
export type InterviewSummary = Schemas['InterviewSummary'];
/** `recording_file_id` and `duration_seconds` (the recording's length) only for recorded answers. */
export type AnswerInput = Schemas['AnswerInput'];
export type AnswerAccepted = Schemas['AnswerAccepted'];
/** A daily quota: `limit` per UTC day, `used` so far, `resets_at` (RFC 3339). */
export interface Quota {
  limit: number;
  used: number;
  resets_at: string;
}
/** `GET /api/mock-interviews/settings`: what the server offers for answers. */
export interface InterviewSettings {
  /** Recordings can be transcribed (a speech-to-text endpoint is configured). */
  transcription: boolean;
  /** Answers are scored by an LLM (else the built-in scorer). */
  llm: boolean;
  quotas?: { scored_answers?: Quota; llm_calls?: Quota };
}
/** `POST /api/mock-interviews/{id}/transcriptions` reply. */
export interface Transcription {
  text: string;
  /** The recording's length in seconds, when the transcriber knows it. */
  duration_seconds?: number | null;
}
export type Mistake = Schemas['Mistake'];
export type Ability = Schemas['Ability'];

export type InterviewRound = 'first' | 'second' | 'third' | 'hr';
export const INTERVIEW_ROUNDS: InterviewRound[] = ['first', 'second', 'third', 'hr'];
/** The answer sub-scores, in the order the report shows them. */
export const SCORE_DIMENSIONS = ['coverage', 'structure', 'fluency', 'length', 'pace'] as const;
/** Topic drills ask 3–10 questions, full rounds 3–10 (issue 17). */
export const TOPIC_COUNT = { min: 3, max: 10 } as const;

// ── Site pages and data export (issue 19) ──

/** `terms` (用户协议) or `privacy` (隐私政策). */
export type PageSlug = 'terms' | 'privacy';
/**
 * `GET /api/pages/{slug}` (`SitePage` in the OpenAPI document; written out here until the
 * contract snapshot that `schema.d.ts` is generated from includes it).
 */
export interface SitePage {
  slug: PageSlug;
  /** Language of `body`: the reader's, or a fallback when only another language was edited. */
  lang: string;
  /** Markdown. */
  body: string;
  /** 1 for the shipped text; every edit raises it. Sign-up records it. */
  version: number;
  edited: boolean;
  updated_at?: string | null;
}
/** `PUT /api/admin/pages/{slug}`. */
export interface PutPage {
  lang: 'zh-CN' | 'zh-TW' | 'en';
  body: string;
}
// ── Application tracker (issue 19) ──

export type Application = Schemas['Application'];
export type ApplicationRound = Schemas['ApplicationRound'];
/** `POST /api/applications`; `PATCH` takes any subset (sent `rounds` replace them all). */
export type ApplicationInput = Schemas['ApplicationBody'];
export type RoundInput = Schemas['RoundBody'];
export type UpcomingInterview = Schemas['UpcomingInterview'];
export type SimilarExperience = Schemas['SimilarExperience'];
export type SimilarQuery = Query<'similar_experiences'>;

/** Stages of an application and of its rounds, in pipeline order (投递 … offer, 未通过). */
export const APPLICATION_STAGES = [
  'applied',
  'written_test',
  'first_interview',
  'second_interview',
  'third_interview',
  'hr_interview',
  'offer',
  'rejected',
] as const;
export type ApplicationStage = (typeof APPLICATION_STAGES)[number];
/** How a job was applied for: 内推 / 官网 / 招聘会 / 猎头 / other. */
export const APPLICATION_CHANNELS = ['referral', 'official', 'job_fair', 'headhunter', 'other'] as const;
export type ApplicationChannel = (typeof APPLICATION_CHANNELS)[number];
