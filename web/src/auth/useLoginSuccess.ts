import { useNavigate, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { LoginResponse } from '../api/types';
import { clearSession, refreshMe } from './session';
import { nextPath } from './guards';

/** After any successful login: load the new user, then go to /init (phone-first sign-up) or onwards. */
export function useLoginSuccess() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  return async (res: LoginResponse, fallback?: string) => {
    clearSession(qc);
    try {
      await refreshMe(qc);
    } catch {
      // The next screen shows the error state and can retry.
    }
    if (res.user_data && res.user_data.initialized === false) navigate('/init', { replace: true });
    else navigate(fallback ?? nextPath(location.search), { replace: true });
  };
}
