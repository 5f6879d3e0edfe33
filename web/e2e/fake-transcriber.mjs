// A tiny stand-in for an OpenAI-compatible speech-to-text server: `POST /audio/transcriptions`
// (also under /v1) takes the multipart form the backend sends (`file`, `model`, …) and answers
// `{"text": …, "duration": …}` (the verbose_json fields the backend reads). It keeps what it was
// sent so a test can check that the recording reached it. `fail(status)` makes the next replies fail.
import http from 'node:http';

/** Starts the server on a free port; `text` and `duration` are what every transcription returns. */
export async function startFakeTranscriber({ text, duration = 3.2 }) {
  const requests = [];
  let failWith = null;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method !== 'POST' || !/^(\/v1)?\/audio\/transcriptions$/.test(url.pathname)) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${url.pathname}` } }));
        return;
      }
      const type = String(req.headers['content-type'] ?? '');
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
      const fields = {};
      let fileBytes = 0;
      if (boundary) {
        const parts = body.toString('latin1').split(`--${boundary[1] ?? boundary[2]}`);
        for (const part of parts) {
          const name = /name="([^"]+)"/.exec(part)?.[1];
          if (!name) continue;
          const value = part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, '');
          if (/filename="/.test(part)) fileBytes = Buffer.byteLength(value, 'latin1');
          else fields[name] = value;
        }
      }
      requests.push({ path: url.pathname, authorization: req.headers.authorization ?? null, fields, fileBytes });
      if (failWith) {
        res.writeHead(failWith, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'fake failure' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ text, duration, language: 'english', task: 'transcribe' }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail(status) {
      failWith = status;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
