import { api, setCsrfToken } from './client';
import type { Session, User } from './types';

export async function login(username: string, password: string): Promise<User> {
  const s = await api.post<Session>('/api/auth/login', { username, password });
  setCsrfToken(s.csrfToken);
  return s.user;
}

export async function me(signal?: AbortSignal): Promise<User> {
  const s = await api.get<Session>('/api/auth/me', { signal });
  setCsrfToken(s.csrfToken);
  return s.user;
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/api/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return api.post<void>('/api/auth/password', { currentPassword, newPassword });
}
