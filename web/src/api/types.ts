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
