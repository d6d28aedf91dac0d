// View state (search, sort, filters) lives in the URL, so a shared link opens the same view.
// Written with replace (no history entry per keystroke); defaults are left out of the URL.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export function useUrlParam(key: string, fallback = ''): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(key) ?? fallback;
  const set = useCallback(
    (next: string) => {
      setParams(
        (prev) => {
          const p = new URLSearchParams(prev);
          if (next === fallback || next === '') p.delete(key);
          else p.set(key, next);
          return p;
        },
        { replace: true },
      );
    },
    [key, fallback, setParams],
  );
  return [value, set];
}

/** Case- and width-insensitive match for searches over Japanese and English text. */
export function matches(haystack: string | null | undefined, needle: string): boolean {
  if (!needle) return true;
  return (haystack ?? '').normalize('NFKC').toLowerCase().includes(needle.normalize('NFKC').toLowerCase());
}
