/** One function per API call used by the UI shell. */
import { api } from './client';
import type {
  AdminUser,
  CodePurpose,
  CodeSent,
  LoginResponse,
  NamedItem,
  Page,
  Profile,
  ProfilePatch,
  PublicUser,
  School,
  UserStatus,
} from './types';

export const authApi = {
  signup: (body: { account: string; name: string; email: string; password: string; phone?: string; code?: string }) =>
    api.post<Profile>('/api/users/signup', body),
  login: (body: { account: string; password: string; keep_logged_in?: boolean }) =>
    api.post<LoginResponse>('/api/users/login', body),
  sendCode: (body: { target: string; purpose: CodePurpose }) => api.post<CodeSent>('/api/verification-codes', body),
  loginWithCode: (body: { target: string; code: string; keep_logged_in?: boolean }) =>
    api.post<LoginResponse>('/api/users/login/code', body),
  init: (body: {
    password: string;
    name: string;
    email?: string | null;
    school_id?: number | null;
    major?: string | null;
    student_number?: string | null;
  }) => api.post<Profile>('/api/users/init', body),
  logout: () => api.post<void>('/api/users/logout'),
  refresh: () => api.post<LoginResponse>('/api/token/refresh'),
  resetPassword: (body: { target: string; code: string; new_password: string }) =>
    api.post<void>('/api/users/password/reset', body),
};

export const userApi = {
  profile: () => api.get<Profile>('/api/users/profile'),
  updateProfile: (patch: ProfilePatch) => api.patch<Profile>('/api/users/profile', patch),
  changePassword: (body: { old_password: string; new_password: string }) => api.put<void>('/api/users/password', body),
  deleteMe: (body: { password: string }) => api.delete<void>('/api/users/me', body),
  publicProfile: (id: number | string) => api.get<PublicUser>(`/api/users/${id}`),
};

export const catalogApi = {
  careers: () => api.get<Page<NamedItem>>('/api/careers', { per_page: 100 }),
  schools: (q: string, page = 1, per_page = 20, signal?: AbortSignal) =>
    api.get<Page<School>>('/api/schools', { q, page, per_page }, signal),
};

export const adminApi = {
  users: (query: { q?: string; status?: UserStatus; page: number; per_page: number }) =>
    api.get<Page<AdminUser>>('/api/admin/users', query),
  updateUser: (id: number, body: { status?: UserStatus; is_admin?: boolean }) =>
    api.patch<AdminUser>(`/api/admin/users/${id}`, body),
  /** Become the first administrator with the one-time token the server prints at start. */
  claim: (token: string) => api.post<Profile>('/api/admin/claim', { token }),
};
