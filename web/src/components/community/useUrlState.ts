/**
 * List filters kept in the URL query string, so reload, back/forward and shared links show the
 * same list. Changing any filter returns to page 1; empty values are dropped from the URL.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export function useUrlState<K extends string>(names: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => {
    const out = {} as Record<K, string>;
    for (const n of names) out[n] = params.get(n) ?? '';
    return out;
  }, [params]);
  const page = Math.max(1, Number(params.get('page')) || 1);

  const update = useCallback(
    (patch: Partial<Record<K | 'page', string | number | null | undefined>>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === null || v === '' || (k === 'page' && Number(v) <= 1)) next.delete(k);
          else next.set(k, String(v));
        }
        if (!('page' in patch)) next.delete('page');
        return next;
      });
    },
    [setParams],
  );

  const clear = useCallback(
    (keep: readonly K[] = []) =>
      setParams((prev) => {
        const next = new URLSearchParams();
        for (const k of keep) {
          const v = prev.get(k);
          if (v) next.set(k, v);
        }
        return next;
      }),
    [setParams],
  );

  return { values, page, update, clear };
}
