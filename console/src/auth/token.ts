import { useEffect, useState } from 'preact/hooks';

/**
 * The bearer token the console speaks with: kept in sessionStorage, so it lives as long as the tab
 * and is never written to disk for good. The console holds no secret of its own.
 */
const STORAGE_KEY = 'daftar.console.token';
const listeners = new Set<(token: string | null) => void>();

export const getToken = (): string | null => {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
};

export const setToken = (token: string | null): void => {
  const cleaned = token?.trim().replace(/^Bearer\s+/i, '') || null;
  try {
    if (cleaned) sessionStorage.setItem(STORAGE_KEY, cleaned);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused: nothing to keep.
  }
  for (const listener of listeners) listener(cleaned);
};

export const clearToken = (): void => setToken(null);

/** Calls `listener` with the new token (or null) whenever it changes; returns the unsubscribe. */
export const onTokenChange = (listener: (token: string | null) => void): (() => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

/** The current token, re-rendering the component when it changes (views reload their data then). */
export const useToken = (): string | null => {
  const [token, setValue] = useState(getToken);
  useEffect(() => onTokenChange(setValue), []);
  return token;
};

/**
 * Asks the person for another token: forgets the one refused and moves the focus to the token
 * field (`data-testid="token-input"`), which the header shows.
 */
export const requestAnotherToken = (): void => {
  clearToken();
  setTimeout(() => document.querySelector<HTMLInputElement>('[data-testid="token-input"]')?.focus(), 0);
};

export interface DevelopmentToken {
  name: string;
  roles: string[];
  token: string;
}

/** The tokens a development server prints at start; an empty list anywhere else (404). */
export const fetchDevelopmentTokens = async (): Promise<DevelopmentToken[]> => {
  try {
    const response = await fetch(`${import.meta.env.BASE_URL}dev-tokens.json`, { headers: { accept: 'application/json' } });
    if (!response.ok) return [];
    const body = (await response.json()) as { tokens?: DevelopmentToken[] };
    return body.tokens ?? [];
  } catch {
    return [];
  }
};
