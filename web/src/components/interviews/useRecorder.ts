/**
 * Records one spoken answer with the browser's MediaRecorder (audio only, WebM/Opus where the
 * browser has it, else its default container). The recording's length is measured here from the
 * recorder's own start and stop, so it is the length of the audio, not the time on the page.
 *
 * Failures are named so the page can say what to do: `unsupported` (no MediaRecorder or
 * getUserMedia — old browsers, or a page not served over HTTPS), `denied` (the user or the browser
 * refused the microphone), `no_device` (no microphone), `failed` (anything else).
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type RecorderError = 'unsupported' | 'denied' | 'no_device' | 'failed';

/** A finished recording: the audio, a `blob:` URL to replay it, and its length in seconds. */
export interface Recording {
  blob: Blob;
  url: string;
  seconds: number;
  /** The container the browser produced, e.g. `audio/webm`. */
  type: string;
}

/** Longest answer we record; the recording stops by itself there (the API takes up to 3600 s). */
export const MAX_RECORDING_SECONDS = 15 * 60;

/** Container types to ask for, best first; the first the browser supports is used. */
const TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];

function pickType(): string | undefined {
  if (typeof MediaRecorder === 'undefined' || typeof MediaRecorder.isTypeSupported !== 'function') return undefined;
  return TYPES.find((t) => MediaRecorder.isTypeSupported(t));
}

/** Whether this browser can record at all (MediaRecorder and a microphone API in a secure page). */
export function canRecord(): boolean {
  return typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

function classify(e: unknown): RecorderError {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') return 'no_device';
  return 'failed';
}

/** The file extension that goes with a recording's MIME type, for the upload's name. */
export function extensionOf(type: string): string {
  if (type.includes('ogg')) return 'ogg';
  if (type.includes('mp4') || type.includes('m4a')) return 'm4a';
  if (type.includes('wav')) return 'wav';
  return 'webm';
}

export function useRecorder() {
  const [state, setState] = useState<'idle' | 'starting' | 'recording'>('idle');
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState<RecorderError | null>(null);
  const [recording, setRecording] = useState<Recording | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const chunks = useRef<Blob[]>([]);
  const startedAt = useRef(0);
  const tick = useRef<number | null>(null);
  const lastUrl = useRef<string | null>(null);
  useEffect(() => {
    lastUrl.current = recording?.url ?? null;
  }, [recording]);

  const release = useCallback(() => {
    if (tick.current != null) window.clearInterval(tick.current);
    tick.current = null;
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = null;
  }, []);

  const stop = useCallback(() => {
    const r = recorder.current;
    if (r && r.state !== 'inactive') r.stop();
  }, []);

  const start = useCallback(async () => {
    setError(null);
    if (!canRecord()) {
      setError('unsupported');
      return;
    }
    setState('starting');
    try {
      const media = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream.current = media;
      const type = pickType();
      const r = new MediaRecorder(media, type ? { mimeType: type } : undefined);
      recorder.current = r;
      chunks.current = [];
      r.ondataavailable = (ev) => {
        if (ev.data.size > 0) chunks.current.push(ev.data);
      };
      r.onstop = () => {
        const seconds = (performance.now() - startedAt.current) / 1000;
        release();
        const mime = (r.mimeType || type || 'audio/webm').split(';')[0];
        const blob = new Blob(chunks.current, { type: mime });
        chunks.current = [];
        recorder.current = null;
        setState('idle');
        if (blob.size === 0) {
          setError('failed');
          return;
        }
        setRecording((old) => {
          if (old) URL.revokeObjectURL(old.url);
          return { blob, url: URL.createObjectURL(blob), seconds, type: mime };
        });
      };
      r.onerror = () => {
        setError('failed');
        stop();
      };
      startedAt.current = performance.now();
      setElapsed(0);
      r.start(1000);
      setState('recording');
      tick.current = window.setInterval(() => {
        const s = (performance.now() - startedAt.current) / 1000;
        setElapsed(Math.floor(s));
        if (s >= MAX_RECORDING_SECONDS) stop();
      }, 250);
    } catch (e) {
      release();
      recorder.current = null;
      setState('idle');
      setError(classify(e));
    }
  }, [release, stop]);

  /** Drops the recording (the answer becomes a typed one). */
  const discard = useCallback(() => {
    setRecording((old) => {
      if (old) URL.revokeObjectURL(old.url);
      return null;
    });
    setError(null);
  }, []);

  // Leaving the page (or the question) stops the microphone.
  useEffect(
    () => () => {
      const r = recorder.current;
      if (r && r.state !== 'inactive') {
        r.onstop = null;
        r.stop();
      }
      release();
      if (lastUrl.current) URL.revokeObjectURL(lastUrl.current);
    },
    [release],
  );

  return { state, elapsed, error, recording, start, stop, discard };
}
