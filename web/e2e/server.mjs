// Starts the real mianjing backend for browser tests, plus (by default) a small front server that
// serves the freshly built web/dist and proxies /api and /metrics to the backend on the same origin.
//
// Env:
//   MIANJING_BIN      backend binary (default $CARGO_TARGET_DIR/debug/mianjing,
//                     CARGO_TARGET_DIR defaulting to /root/.cache/mianjing/target)
//   E2E_EMBEDDED=1    use the UI embedded in the binary instead of web/dist (a test file can ask for it
//                     with startServer({ embedded: true }): the binary's own static serving)
//   E2E_SKIP_BUILD=1  do not run `vite build` when web/dist is missing
//   E2E_SHARED_DATA   the shared data folder (default ../shared/data next to the repository)
//   E2E_IMPORT_EXPERIENCES=FILE.jsonl
//                     run `mianjing import experiences FILE --data-dir <dir>` before serving, so
//                     the UI shows imported 面经 with their source and license
//   E2E_IMPORT_QUESTIONS=FILE.jsonl
//                     run `mianjing import questions FILE --data-dir <dir>` before serving (the
//                     question bank). Test files can also ask for it without the environment:
//                     startServer({ importQuestions: sharedDataFile('questions.jsonl') }).
// startServer({ env: { MIANJING_…: … } }) adds settings for one test file's server (read when the
// server starts, so a test's `before` may fill the object first).
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, openSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIR = path.resolve(here, '..');
export const DIST_DIR = path.join(WEB_DIR, 'dist');
export const ARTIFACTS_DIR = path.join(here, 'artifacts');
/** The repository root (web/..). */
export const REPO_DIR = path.resolve(WEB_DIR, '..');

/**
 * A file of the project's shared data (`../shared/data/<name>` next to the repository, e.g.
 * /work/shared/data/questions.jsonl for /work/main, or in E2E_SHARED_DATA when set — a checkout
 * elsewhere, such as a git worktree), or null when it is not there.
 */
export function sharedDataFile(name) {
  const file = sharedDataPath(name);
  return existsSync(file) ? file : null;
}

/** Where `sharedDataFile(name)` looks, for skip messages. */
export function sharedDataPath(name) {
  const dir = process.env.E2E_SHARED_DATA || path.resolve(REPO_DIR, '..', 'shared', 'data');
  return path.resolve(dir, name);
}

export function backendBinary() {
  if (process.env.MIANJING_BIN) return process.env.MIANJING_BIN;
  const target = process.env.CARGO_TARGET_DIR || '/root/.cache/mianjing/target';
  return path.join(target, 'debug', 'mianjing');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(base, child, logFile, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`mianjing exited with code ${child.exitCode} before becoming healthy; see ${logFile}`);
    }
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.status === 200) return;
      lastErr = new Error(`health answered ${res.status}`);
    } catch (e) {
      lastErr = e;
    }
    await sleep(200);
  }
  throw new Error(`mianjing did not become healthy in ${timeoutMs} ms: ${lastErr}; see ${logFile}`);
}

function ensureDist() {
  if (existsSync(path.join(DIST_DIR, 'index.html')) || process.env.E2E_SKIP_BUILD) return;
  const r = spawnSync('npx', ['vite', 'build'], { cwd: WEB_DIR, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Static web/dist with SPA fallback; /api and /metrics are proxied to the backend. */
function startFront(port, backendPort) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/api/') || url.pathname === '/api' || url.pathname === '/metrics') {
      const upstream = http.request(
        { host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bad gateway');
      });
      req.pipe(upstream);
      return;
    }
    let file = path.join(DIST_DIR, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(DIST_DIR) || !existsSync(file) || statSync(file).isDirectory()) {
      file = path.join(DIST_DIR, 'index.html');
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Runs `mianjing import <kind> FILE --data-dir <dataDir>`, logging into `log`. */
function runImport(bin, kind, file, dataDir, log, logFile) {
  const started = Date.now();
  const r = spawnSync(bin, ['import', kind, file, '--data-dir', dataDir], {
    stdio: ['ignore', log, log],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'info' },
    timeout: 120_000,
  });
  if (r.status !== 0) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`mianjing import ${kind} ${file} failed (exit ${r.status ?? r.signal}); see ${logFile}`);
  }
  return Date.now() - started;
}

/**
 * Starts `mianjing serve` on a free port with a fresh data dir, after importing
 * `importExperiences` / `importQuestions` (JSONL files; default from E2E_IMPORT_EXPERIENCES /
 * E2E_IMPORT_QUESTIONS) when given.
 * Returns { baseUrl, apiUrl, dataDir, readCode(target), stop() }.
 */
export async function startServer({
  name = 'e2e',
  importExperiences = process.env.E2E_IMPORT_EXPERIENCES,
  importQuestions = process.env.E2E_IMPORT_QUESTIONS,
  env = {},
  embedded = !!process.env.E2E_EMBEDDED,
} = {}) {
  const bin = backendBinary();
  if (!existsSync(bin)) throw new Error(`backend binary not found at ${bin} (set MIANJING_BIN or build with cargo)`);
  if (!embedded) ensureDist();

  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `mianjing-${name}-`));
  const port = await freePort();
  const logFile = path.join(ARTIFACTS_DIR, `${name}-server.log`);
  const log = openSync(logFile, 'w');
  const importFile = importExperiences || null;
  if (importFile) runImport(bin, 'experiences', importFile, dataDir, log, logFile);
  let questionsImportMs = null;
  if (importQuestions) questionsImportMs = runImport(bin, 'questions', importQuestions, dataDir, log, logFile);
  const child = spawn(bin, ['serve', '--bind', `127.0.0.1:${port}`, '--data-dir', dataDir], {
    stdio: ['ignore', log, log],
    // Browser tests write fast from one address: write limits ×1000 unless a test sets its own.
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'info', MIANJING_LIMITS__SCALE: '1000', ...env },
  });
  const apiUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(apiUrl, child, logFile);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }

  let front = null;
  let baseUrl = apiUrl;
  if (!embedded) {
    const frontPort = await freePort();
    front = await startFront(frontPort, port);
    baseUrl = `http://127.0.0.1:${frontPort}`;
  }

  return {
    baseUrl,
    apiUrl,
    dataDir,
    /** The JSONL file imported before start, if any (E2E_IMPORT_EXPERIENCES). */
    importedExperiences: importFile || null,
    /** The questions JSONL imported before start, if any, and how long the import took. */
    importedQuestions: importQuestions || null,
    questionsImportMs,
    logFile,
    readCode: (target, opts) => readCode(dataDir, target, opts),
    /** The one-time admin claim token the server prints at start while no admin exists. */
    claimToken() {
      const log = readFileSync(logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
      const m = log.match(/claim admin rights[\s\S]*?\n\s*\n\s+(\S{20,})\s*\n/);
      if (!m) throw new Error(`no admin claim token in ${logFile}`);
      return m[1];
    },
    /** Calls the API directly (not through the browser), e.g. to create fixtures; as `token` (Bearer) when given. */
    async api(method, pathname, body, token) {
      const res = await fetch(apiUrl + pathname, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      if (front) await new Promise((r) => front.close(r));
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const exited = await Promise.race([
          new Promise((r) => child.once('exit', () => r(true))),
          sleep(5000).then(() => false),
        ]);
        if (!exited) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** Text of a message file with base64 and quoted-printable MIME parts decoded. */
function decodeMessage(raw) {
  let text = raw;
  const b64 = /Content-Transfer-Encoding:\s*base64\s*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi;
  for (const m of raw.matchAll(b64)) {
    try {
      text += '\n' + Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('utf8');
    } catch {
      // not base64 after all
    }
  }
  text += '\n' + raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  return text;
}

/** Extracts the 6-digit code from the newest outbox file that mentions `target`. */
export async function readCode(dataDir, target, { timeoutMs = 10_000, after = 0 } = {}) {
  const outbox = path.join(dataDir, 'outbox');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = listFiles(outbox)
      .map((f) => ({ f, mtime: statSync(f).mtimeMs }))
      .filter((x) => x.mtime >= after)
      .sort((a, b) => b.mtime - a.mtime);
    for (const { f } of files) {
      const raw = readFileSync(f, 'utf8');
      if (!raw.includes(target)) continue;
      const text = decodeMessage(raw);
      const labelled = text.match(/(?:验证码|驗證碼|code)[^0-9]{0,40}(\d{6})(?!\d)/i);
      const any = text.match(/(?<!\d)(\d{6})(?!\d)/);
      const code = labelled?.[1] ?? any?.[1];
      if (code) return code;
    }
    await sleep(200);
  }
  throw new Error(`no verification code for ${target} in ${outbox}`);
}
