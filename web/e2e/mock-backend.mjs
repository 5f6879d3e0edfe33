#!/usr/bin/env node
// A small in-memory stand-in for `mianjing serve`, implementing only the account API the UI shell
// uses, per the contract in SPEC §2–§3. It exists so the UI can be developed and its browser tests
// debugged while the Rust backend is being written; the real backend is the authority and the
// default for `node --test web/e2e/`. Run the tests against it with
//   MIANJING_BIN=web/e2e/mock-backend.mjs node --test web/e2e/
// Usage: mock-backend.mjs serve --bind 127.0.0.1:PORT --data-dir DIR
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const [host, port] = arg('--bind', '127.0.0.1:8080').split(':');
const dataDir = arg('--data-dir', './data');
const outbox = path.join(dataDir, 'outbox');
mkdirSync(outbox, { recursive: true });

const MSG = {
  unauthorized: { 'zh-CN': '请先登录', 'zh-TW': '請先登入', en: 'Please log in' },
  invalid_credentials: { 'zh-CN': '账号或密码错误', 'zh-TW': '帳號或密碼錯誤', en: 'Wrong account or password' },
  validation_failed: { 'zh-CN': '输入有误', 'zh-TW': '輸入有誤', en: 'Invalid input' },
  conflict: { 'zh-CN': '已被占用', 'zh-TW': '已被使用', en: 'Already taken' },
  invalid_code: { 'zh-CN': '验证码错误或已过期', 'zh-TW': '驗證碼錯誤或已過期', en: 'Wrong or expired code' },
  already_initialized: { 'zh-CN': '账号已初始化', 'zh-TW': '帳號已初始化', en: 'Already initialised' },
  forbidden: { 'zh-CN': '没有权限', 'zh-TW': '沒有權限', en: 'Forbidden' },
  not_found: { 'zh-CN': '不存在', 'zh-TW': '不存在', en: 'Not found' },
  csrf_failed: { 'zh-CN': 'CSRF 校验失败', 'zh-TW': 'CSRF 驗證失敗', en: 'CSRF check failed' },
  rate_limited: { 'zh-CN': '请求过于频繁', 'zh-TW': '請求過於頻繁', en: 'Too many requests' },
  account_disabled: { 'zh-CN': '账号已被禁用', 'zh-TW': '帳號已停用', en: 'Account disabled' },
};

const now = () => new Date().toISOString();
let nextId = 1;
const users = new Map(); // id -> user
const sessions = new Map(); // token -> { userId, csrf }
const codes = new Map(); // target -> { code, purpose, sentAt }
const schools = ['北京大学', '清华大学', '复旦大学', '浙江大学', '上海交通大学', '南京大学', '中山大学', '武汉大学'].map(
  (name, i) => ({ id: i + 1, name }),
);

function newUser(fields) {
  const u = {
    id: nextId++, account: null, name: null, avatar: null, phone: null, email: null, address: null, gender: null,
    birthday: null, signature: null, job_status: null, highest_education: null, seniority: null, company: null,
    website: null, school_id: null, major: null, student_number: null, is_admin: false, status: 'active',
    initialized: true, created_at: now(), last_login_at: null, last_login_ip: null, password: null, ...fields,
  };
  if (u.id === 1) u.is_admin = true;
  users.set(u.id, u);
  return u;
}
const profile = (u) => {
  const { password: _p, last_login_ip: _ip, ...rest } = u;
  return { ...rest, school_name: schools.find((s) => s.id === u.school_id)?.name ?? null };
};
const adminRow = (u) => ({
  id: u.id, account: u.account, name: u.name, email: u.email, phone: u.phone, status: u.status, is_admin: u.is_admin,
  initialized: u.initialized, created_at: u.created_at, last_login_at: u.last_login_at, last_login_ip: u.last_login_ip,
});
const strong = (p) => typeof p === 'string' && p.length >= 8 && p.length <= 128 && /[A-Z]/.test(p) && /[a-z]/.test(p) && /\d/.test(p);

function lang(req) {
  const h = String(req.headers['accept-language'] ?? '');
  if (h.startsWith('en')) return 'en';
  if (h.startsWith('zh-TW')) return 'zh-TW';
  return 'zh-CN';
}
class HttpError extends Error {
  constructor(status, code, fields, headers) {
    super(code);
    Object.assign(this, { status, code, fields, headers });
  }
}
function cookies(req) {
  const out = {};
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k) out[k] = v.join('=');
  }
  return out;
}
function currentUser(req, unsafe) {
  const c = cookies(req);
  const s = c.mj_session && sessions.get(c.mj_session);
  if (!s) throw new HttpError(401, 'unauthorized');
  if (unsafe && req.headers['x-csrf-token'] !== s.csrf) throw new HttpError(403, 'csrf_failed');
  const u = users.get(s.userId);
  if (!u || u.deleted) throw new HttpError(401, 'unauthorized');
  return u;
}
function login(res, req, u, keep) {
  if (u.status === 'disabled') throw new HttpError(403, 'account_disabled');
  const token = randomBytes(32).toString('hex');
  const csrf = randomBytes(16).toString('hex');
  sessions.set(token, { userId: u.id, csrf });
  u.last_login_at = now();
  u.last_login_ip = req.socket.remoteAddress;
  const maxAge = keep ? '; Max-Age=2592000' : '';
  res.setHeader('Set-Cookie', [
    `mj_session=${token}; Path=/; HttpOnly; SameSite=Lax${maxAge}`,
    `mj_csrf=${csrf}; Path=/; SameSite=Lax${maxAge}`,
  ]);
  return {
    token,
    expires_at: new Date(Date.now() + 86400e3).toISOString(),
    user_data: { id: u.id, name: u.name, avatar: u.avatar, initialized: u.initialized, is_admin: u.is_admin },
  };
}
function checkCode(target, code) {
  const c = codes.get(target);
  if (!c || c.code !== code) throw new HttpError(400, 'invalid_code', { code: ['invalid'] });
  codes.delete(target);
}
const page = (items, q) => {
  const p = Math.max(1, Number(q.get('page') ?? 1));
  const per = Math.min(100, Math.max(1, Number(q.get('per_page') ?? 20)));
  return { items: items.slice((p - 1) * per, p * per), total: items.length, page: p, per_page: per };
};

async function handle(req, res, body) {
  const url = new URL(req.url, 'http://x');
  const m = req.method;
  const p = url.pathname;
  const unsafe = m !== 'GET' && m !== 'HEAD';
  const json = (status, data) => [status, data];

  if (m === 'GET' && p === '/api/health') return json(200, { status: 'ok' });
  if (m === 'POST' && p === '/api/users/signup') {
    const fields = {};
    if (!/^[A-Za-z0-9_]{4,20}$/.test(body.account ?? '')) fields.account = ['账号格式不正确'];
    if (!strong(body.password)) fields.password = ['密码强度不足'];
    if (!body.name) fields.name = ['必填'];
    if (!/^[^@\s]+@[^@\s]+$/.test(body.email ?? '')) fields.email = ['邮箱格式不正确'];
    for (const u of users.values()) {
      if (u.account && u.account.toLowerCase() === String(body.account).toLowerCase()) fields.account = ['该账号已被注册'];
      if (u.email && u.email.toLowerCase() === String(body.email).toLowerCase()) fields.email = ['该邮箱已被注册'];
    }
    if (Object.keys(fields).length) throw new HttpError(400, 'validation_failed', fields);
    const u = newUser({ account: body.account, name: body.name, email: body.email, password: body.password });
    return json(201, profile(u));
  }
  if (m === 'POST' && p === '/api/users/login') {
    const a = String(body.account ?? '').toLowerCase();
    const u = [...users.values()].find(
      (x) => !x.deleted && [x.account, x.email, x.phone].some((v) => v && v.toLowerCase() === a),
    );
    if (!u || u.password !== body.password) throw new HttpError(400, 'invalid_credentials');
    return json(200, login(res, req, u, body.keep_logged_in));
  }
  if (m === 'POST' && p === '/api/verification-codes') {
    const target = String(body.target ?? '');
    const prev = codes.get(target);
    if (prev && Date.now() - prev.sentAt < 60e3) {
      throw new HttpError(429, 'rate_limited', undefined, { 'Retry-After': String(Math.ceil((60e3 - (Date.now() - prev.sentAt)) / 1000)) });
    }
    const code = String(randomInt(0, 1e6)).padStart(6, '0');
    codes.set(target, { code, purpose: body.purpose, sentAt: Date.now() });
    const isEmail = target.includes('@');
    const file = path.join(outbox, `${Date.now()}-${isEmail ? 'mail.eml' : 'sms.txt'}`);
    writeFileSync(file, isEmail ? `To: ${target}\r\nSubject: code\r\n\r\n您的验证码是 ${code}\r\n` : `${target}\n您的验证码是 ${code}\n`);
    return json(202, { expires_in: 300, resend_after: 60 });
  }
  if (m === 'POST' && p === '/api/users/login/code') {
    const target = String(body.target ?? '');
    checkCode(target, String(body.code ?? ''));
    let u = [...users.values()].find((x) => !x.deleted && (x.phone === target || x.email === target));
    if (!u) u = newUser({ phone: target, initialized: false });
    return json(200, login(res, req, u, body.keep_logged_in));
  }
  if (m === 'POST' && p === '/api/users/init') {
    const u = currentUser(req, true);
    if (u.initialized) throw new HttpError(409, 'already_initialized');
    if (!strong(body.password)) throw new HttpError(400, 'validation_failed', { password: ['密码强度不足'] });
    Object.assign(u, { password: body.password, name: body.name, email: body.email ?? null, school_id: body.school_id ?? null,
      major: body.major ?? null, student_number: body.student_number ?? null, initialized: true });
    return json(200, profile(u));
  }
  if (m === 'POST' && p === '/api/users/logout') {
    currentUser(req, true);
    sessions.delete(cookies(req).mj_session);
    res.setHeader('Set-Cookie', ['mj_session=; Path=/; Max-Age=0', 'mj_csrf=; Path=/; Max-Age=0']);
    return json(204);
  }
  if (p === '/api/users/profile') {
    const u = currentUser(req, unsafe);
    if (m === 'GET') return json(200, profile(u));
    if (m === 'PATCH') {
      if (body.gender != null && !['male', 'female', 'other'].includes(body.gender)) {
        throw new HttpError(400, 'validation_failed', { gender: ['无效的性别'] });
      }
      Object.assign(u, body);
      return json(200, profile(u));
    }
  }
  if (m === 'PUT' && p === '/api/users/password') {
    const u = currentUser(req, true);
    if (u.password !== body.old_password) throw new HttpError(400, 'invalid_credentials', { old_password: ['原密码错误'] });
    u.password = body.new_password;
    return json(204);
  }
  if (m === 'POST' && p === '/api/users/password/reset') {
    checkCode(body.target, body.code);
    const u = [...users.values()].find((x) => x.phone === body.target || x.email === body.target);
    if (u) u.password = body.new_password;
    return json(204);
  }
  if (m === 'DELETE' && p === '/api/users/me') {
    const u = currentUser(req, true);
    if (u.password !== body.password) throw new HttpError(400, 'invalid_credentials', { password: ['密码错误'] });
    u.deleted = true;
    return json(204);
  }
  if (m === 'GET' && p === '/api/schools') {
    const q = url.searchParams.get('q') ?? '';
    return json(200, page(schools.filter((s) => s.name.includes(q)), url.searchParams));
  }
  if (m === 'GET' && p === '/api/careers') return json(200, page([{ id: 1, name: '后端开发' }], url.searchParams));
  if (m === 'GET' && p === '/api/admin/users') {
    const me = currentUser(req, false);
    if (!me.is_admin) throw new HttpError(403, 'forbidden');
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    const st = url.searchParams.get('status');
    const list = [...users.values()].filter((u) => !u.deleted && (!st || u.status === st) &&
      (!q || [u.account, u.name, u.email, u.phone].some((v) => v && v.toLowerCase().includes(q))));
    return json(200, page(list.map(adminRow), url.searchParams));
  }
  let mm = p.match(/^\/api\/admin\/users\/(\d+)$/);
  if (m === 'PATCH' && mm) {
    const me = currentUser(req, true);
    if (!me.is_admin) throw new HttpError(403, 'forbidden');
    const u = users.get(Number(mm[1]));
    if (!u) throw new HttpError(404, 'not_found');
    if (body.status) u.status = body.status;
    if (typeof body.is_admin === 'boolean') u.is_admin = body.is_admin;
    return json(200, adminRow(u));
  }
  mm = p.match(/^\/api\/users\/(\d+)$/);
  if (m === 'GET' && mm) {
    const u = users.get(Number(mm[1]));
    if (!u || u.deleted) throw new HttpError(404, 'not_found');
    const pr = profile(u);
    return json(200, { id: u.id, name: u.name, avatar: u.avatar, signature: u.signature, school_name: pr.school_name, company: u.company, created_at: u.created_at });
  }
  throw new HttpError(404, 'not_found');
}

http
  .createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      try {
        const body = raw ? JSON.parse(raw) : {};
        const [status, data] = await handle(req, res, body);
        if (status === 204 || data === undefined) {
          res.writeHead(status);
          res.end();
        } else {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(data));
        }
      } catch (e) {
        if (!(e instanceof HttpError)) {
          console.error(e);
          e = new HttpError(500, 'internal');
        }
        const message = MSG[e.code]?.[lang(req)] ?? e.code;
        res.writeHead(e.status, { 'content-type': 'application/json', ...(e.headers ?? {}) });
        res.end(JSON.stringify({ code: e.code, message, ...(e.fields ? { fields: e.fields } : {}) }));
      }
    });
  })
  .listen(Number(port), host, () => console.log(`mock mianjing on ${host}:${port}`));
