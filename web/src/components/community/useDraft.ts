/**
 * Autosave of a post form as a server-side draft (issue 19: a new user lost a draft).
 *
 * `schedule(values)` after every change saves 1.5 s after typing stops (so at most 40 saves a
 * minute, under the server's `limits.drafts`); `status` says 保存中 / 已保存 hh:mm / failed. A
 * change not yet on the server (`hasUnsaved()`) is what the leave guard asks about; it is saved
 * anyway when the form unmounts (the user confirmed leaving) and, with `keepalive`, when the tab
 * closes. `settle()` before publishing drops the pending save and waits for one in flight, so no
 * save lands after the publish that removes the draft.
 *
 * Form values become JSON: a dayjs date is stored as `{ $date: 'YYYY-MM-DD' }` and comes back as
 * dayjs, so the forms need no code of their own for it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { draftApi, type DraftInfo, type DraftKind } from '../../api/drafts';
import { keys } from './keys';

/** Quiet time after the last change before a save, ms. */
export const AUTOSAVE_DELAY_MS = 1500;

export type DraftStatus =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: string }
  | { state: 'error'; error: unknown };

/** Form values → the JSON a draft stores. */
export function toDraftFields(v: unknown): unknown {
  if (dayjs.isDayjs(v)) return v.isValid() ? { $date: v.format('YYYY-MM-DD') } : null;
  if (Array.isArray(v)) return v.map(toDraftFields);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toDraftFields(x)]));
  return v === undefined ? null : v;
}

/** A stored draft → form values (the inverse of `toDraftFields`). */
export function fromDraftFields(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromDraftFields);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$date' && typeof o.$date === 'string') return dayjs(o.$date);
    return Object.fromEntries(keys.map((k) => [k, fromDraftFields(o[k])]));
  }
  return v;
}

export interface Draft {
  /** The stored draft when the form opened (`undefined` while loading, `null` for none). */
  initial: DraftInfo | null | undefined;
  status: DraftStatus;
  /** Save `values` once typing stops. */
  schedule: (values: unknown) => void;
  /** A change is not on the server yet (pending, in flight or failed). */
  hasUnsaved: () => boolean;
  /** Drop the pending save and wait for the one in flight (before publishing). */
  settle: () => Promise<void>;
  /** Delete the draft on the server. */
  discard: () => Promise<void>;
}

export function useDraft(kind: DraftKind, postId: number | undefined): Draft {
  const q = useQuery({
    queryKey: [...keys.drafts, kind, postId ?? 'new'],
    queryFn: () => draftApi.get(kind, postId),
    staleTime: 0,
    gcTime: 0,
    retry: 1,
    refetchOnWindowFocus: false,
  });
  // Read once: a later refetch must not replace what the user is typing.
  const [initial, setInitial] = useState<DraftInfo | null | undefined>(undefined);
  useEffect(() => {
    if (initial !== undefined) return;
    if (q.isSuccess) setInitial(q.data);
    else if (q.isError) setInitial(null); // the form still opens; autosave reports its own errors
  }, [q.isSuccess, q.isError, q.data, initial]);

  const [status, setStatus] = useState<DraftStatus>({ state: 'idle' });
  const pending = useRef<Record<string, unknown> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<void> | null>(null);
  const failed = useRef(false);

  const flush = useCallback((): Promise<void> => {
    clearTimeout(timer.current);
    const fields = pending.current;
    if (!fields) return inFlight.current ?? Promise.resolve();
    pending.current = null;
    setStatus({ state: 'saving' });
    const run = (inFlight.current ?? Promise.resolve())
      .then(() => draftApi.save(kind, postId, fields))
      .then((saved) => {
        failed.current = false;
        setStatus({ state: 'saved', at: saved.updated_at });
      })
      .catch((error: unknown) => {
        failed.current = true;
        // Keep the text to retry with the next change (or the unmount/unload save).
        pending.current ??= fields;
        setStatus({ state: 'error', error });
      })
      .finally(() => {
        if (inFlight.current === run) inFlight.current = null;
      });
    inFlight.current = run;
    return run;
  }, [kind, postId]);

  const schedule = useCallback(
    (values: unknown) => {
      pending.current = toDraftFields(values) as Record<string, unknown>;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
    },
    [flush],
  );

  const hasUnsaved = useCallback(() => pending.current !== null || inFlight.current !== null || failed.current, []);

  const settle = useCallback(async () => {
    clearTimeout(timer.current);
    pending.current = null;
    failed.current = false;
    await inFlight.current;
  }, []);

  const discard = useCallback(async () => {
    await settle();
    await draftApi.discard(kind, postId);
    setStatus({ state: 'idle' });
  }, [kind, postId, settle]);

  // Leaving the form (after the guard's confirmation) saves what is pending; so does closing the
  // tab, with a request that outlives the page.
  useEffect(() => {
    const onHide = () => {
      const fields = pending.current;
      if (!fields) return;
      pending.current = null;
      void draftApi.save(kind, postId, fields, true).catch(() => undefined);
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      if (pending.current) void flush().catch(() => undefined);
    };
  }, [kind, postId, flush]);

  return { initial, status, schedule, hasUnsaved, settle, discard };
}
