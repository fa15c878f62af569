// Steady mixed load through the cluster's HAProxy for the fault drills (tests/cluster/drills.sh).
//
//   node load.mjs run URL OUTDIR RUN_ID   runs until SIGTERM, then writes OUTDIR/summary.json
//   node load.mjs analyze OUTDIR FROM_MS TO_MS [OP]   figures for one time window (JSON on
//                                                    stdout), of some operations if OP (op,op,...) is given
//
// Open loop at OW_LOAD_RATE operations/s (default 40): of every 20 operations 9 are scans
// (POST /api/v1/scans with a fresh client_id, sent also as the Idempotency-Key header so
// HAProxy may re-send it), 6 are code fetches (GET /api/v1/me/health-code), 2 are logins
// (POST /api/v1/sessions), 2 are public reads (GET /api/v1/risk-areas) and 1 is a service-hall
// application (POST /api/v1/hall/applications with a fresh Idempotency-Key, the same on every
// retry: the server answers a retry with the case the first attempt created).
//
// A client that gets no answer, a 5xx or a 429 retries the same operation (the same client_id
// for a scan) after max(Retry-After, 200 ms) until OW_LOAD_DEADLINE_MS (default 15000) has
// passed since the operation started, the way the staff app and the web client do.
//
// Every HTTP attempt is one line of OUTDIR/events.jsonl:
//   {"t": start ms, "d": duration ms, "op", "st": status (0 = no answer), "try": attempt}
// and every scan the server acknowledged (201) is one line of OUTDIR/acked.txt (its client_id),
// every application one line of OUTDIR/applied.txt (its Idempotency-Key), written before the
// next operation starts, so the drill can check that none is lost or doubled.
import fs from 'node:fs';
import path from 'node:path';

const CITIZENS = [
  ['330104199003071233', 'demo-citizen-1'],
  ['330106198505120021', 'demo-citizen-2'],
];
const STAFF = ['350102198001010038', 'demo-community'];
const PLACE_NAME = '三坊七巷社区东门';
const HALL_ITEM = '330000-1019-01'; // the demo's citizen item (灵活就业社保补贴)

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(base, method, p, { token, body, headers = {}, timeoutMs = 5000 } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(base + p, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, retryAfter: Number(res.headers.get('retry-after')) || 0 };
}

async function run(base, outDir, runId) {
  const rate = Number(process.env.OW_LOAD_RATE || 40);
  const deadlineMs = Number(process.env.OW_LOAD_DEADLINE_MS || 15000);
  fs.mkdirSync(outDir, { recursive: true });
  const events = fs.createWriteStream(path.join(outDir, 'events.jsonl'));
  const ackedFd = fs.openSync(path.join(outDir, 'acked.txt'), 'a');
  const appliedFd = fs.openSync(path.join(outDir, 'applied.txt'), 'a');
  const counts = { ops: 0, ok: 0, failed: 0, attempts: 0, attempt_errors: 0, acked: 0, applied: 0 };
  const failedOps = {};

  // One operation with the client's retry policy. fn(attempt) returns {status, ...}.
  async function op(name, fn, okStatuses) {
    const start = Date.now();
    counts.ops++;
    for (let attempt = 1; ; attempt++) {
      const t = Date.now();
      let res;
      try {
        res = await fn();
      } catch {
        res = { status: 0, retryAfter: 0 };
      }
      counts.attempts++;
      events.write(`{"t":${t},"d":${Date.now() - t},"op":"${name}","st":${res.status},"try":${attempt}}\n`);
      if (okStatuses.includes(res.status)) {
        counts.ok++;
        return res;
      }
      counts.attempt_errors++;
      const retryable = res.status === 0 || res.status === 429 || res.status >= 500;
      const wait = Math.max(200, Math.min(res.retryAfter * 1000, 2000));
      if (!retryable || Date.now() + wait - start > deadlineMs) {
        counts.failed++;
        failedOps[`${name}:${res.status}`] = (failedOps[`${name}:${res.status}`] || 0) + 1;
        return null;
      }
      await sleep(wait);
    }
  }

  // Setup (retried: the cluster may still be settling).
  const login = (who) =>
    op('login', () => call(base, 'POST', '/api/v1/sessions', { body: { id_number: who[0], password: who[1] } }), [201]);
  let staff, placeId;
  const citizens = [];
  for (let i = 0; i < 5 && !(staff && placeId && citizens.length === CITIZENS.length); i++) {
    staff = (await login(STAFF))?.json?.token;
    citizens.length = 0;
    for (const c of CITIZENS) {
      const tok = (await login(c))?.json?.token;
      if (tok) citizens.push({ token: tok, payload: null });
    }
    const places = staff ? await op('places', () => call(base, 'GET', '/api/v1/places', { token: staff }), [200]) : null;
    placeId = places?.json?.places?.find((p) => p.name === PLACE_NAME)?.place_id ?? places?.json?.places?.[0]?.place_id;
  }
  if (!staff || !placeId || citizens.length !== CITIZENS.length) {
    console.error('load: setup failed (logins or places)');
    process.exit(2);
  }
  for (const c of citizens) {
    const r = await op('code', () => call(base, 'GET', '/api/v1/me/health-code', { token: c.token }), [200]);
    c.payload = r?.json?.payload ?? null;
  }
  if (citizens.some((c) => !c.payload)) {
    console.error('load: setup failed (health codes)');
    process.exit(2);
  }
  fs.writeFileSync(path.join(outDir, 'ready'), `${Date.now()}\n`);

  let seq = 0;
  const ops = {
    scan: async () => {
      const c = citizens[seq % citizens.length];
      const clientId = `${runId}-${String(++seq).padStart(8, '0')}`;
      const body = { payload: c.payload, place_id: placeId, client_id: clientId, direction: 'in' };
      const r = await op(
        'scan',
        () => call(base, 'POST', '/api/v1/scans', { token: staff, body, headers: { 'idempotency-key': clientId } }),
        [201],
      );
      if (r) {
        fs.writeSync(ackedFd, `${clientId}\n`);
        counts.acked++;
      }
    },
    code: async () => {
      const c = citizens[Math.floor(Math.random() * citizens.length)];
      const r = await op('code', () => call(base, 'GET', '/api/v1/me/health-code', { token: c.token }), [200]);
      if (r?.json?.payload) c.payload = r.json.payload;
    },
    login: async () => {
      await login(CITIZENS[Math.floor(Math.random() * CITIZENS.length)]);
    },
    read: async () => {
      await op('read', () => call(base, 'GET', '/api/v1/risk-areas'), [200]);
    },
    apply: async () => {
      const c = citizens[seq % citizens.length];
      const key = `${runId}-a-${String(++seq).padStart(8, '0')}`;
      const body = { item: HALL_ITEM, answers: { bank_account: '6217 0000 0000 0001' } };
      const r = await op(
        'apply',
        () => call(base, 'POST', '/api/v1/hall/applications', { token: c.token, body, headers: { 'idempotency-key': key } }),
        [201],
      );
      if (r) {
        fs.writeSync(appliedFd, `${key}\n`);
        counts.applied++;
      }
    },
  };
  const mix = [...Array(9).fill('scan'), ...Array(6).fill('code'), 'login', 'login', 'read', 'read', 'apply'];

  let stopping = false;
  const inflight = new Set();
  process.on('SIGTERM', () => {
    stopping = true;
  });
  process.on('SIGINT', () => {
    stopping = true;
  });
  const interval = 1000 / rate;
  let next = Date.now();
  let k = 0;
  while (!stopping) {
    const p = ops[mix[k++ % mix.length]]().catch(() => {});
    inflight.add(p);
    p.finally(() => inflight.delete(p));
    next += interval;
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    else next = Date.now(); // behind schedule (e.g. a GC pause): do not burst to catch up
  }
  await Promise.allSettled([...inflight]);
  fs.closeSync(ackedFd);
  fs.closeSync(appliedFd);
  await new Promise((r) => events.end(r));
  fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify({ ...counts, failed_ops: failedOps }) + '\n');
}

function quantile(sorted, q) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

// Figures for attempts that started in [from, to): error rate (attempts without a 2xx, any
// operation), the longest time without a successful scan around the window, latencies.
function analyze(outDir, from, to, onlyOps) {
  const ops = onlyOps ? onlyOps.split(',') : null;
  const lines = fs.readFileSync(path.join(outDir, 'events.jsonl'), 'utf8').split('\n');
  let n = 0;
  let errors = 0;
  let s503 = 0;
  let noAnswer = 0;
  let timeouts = 0;
  const durations = [];
  const errDurations = [];
  const scanOkEnds = [];
  for (const l of lines) {
    if (!l) continue;
    const e = JSON.parse(l);
    const ok = e.st >= 200 && e.st < 300;
    if (e.op === 'scan' && ok) scanOkEnds.push(e.t + e.d);
    if (e.t < from || e.t >= to || (ops && !ops.includes(e.op))) continue;
    n++;
    durations.push(e.d);
    if (!ok) {
      errors++;
      errDurations.push(e.d);
      if (e.st === 503) s503++;
      if (e.st === 0) noAnswer++;
      if (e.st === 0 && e.d >= 4900) timeouts++; // the client's 5 s timeout, not a reset
    }
  }
  durations.sort((a, b) => a - b);
  errDurations.sort((a, b) => a - b);
  scanOkEnds.sort((a, b) => a - b);
  // The unavailable window for writes: from the fault (from) to the first scan acknowledged
  // after it that was also started after it.
  let firstOkAfter = null;
  for (const l of lines) {
    if (!l) continue;
    const e = JSON.parse(l);
    if (e.op === 'scan' && e.st === 201 && e.t >= from && (firstOkAfter === null || e.t + e.d < firstOkAfter))
      firstOkAfter = e.t + e.d;
  }
  // The longest gap between two acknowledged scans that ends inside [from, to + 60 s].
  let maxGap = 0;
  for (let i = 1; i < scanOkEnds.length; i++) {
    if (scanOkEnds[i] < from || scanOkEnds[i - 1] > to) continue;
    maxGap = Math.max(maxGap, scanOkEnds[i] - scanOkEnds[i - 1]);
  }
  return {
    attempts: n,
    errors,
    error_rate: n ? errors / n : 0,
    status_503: s503,
    no_answer: noAnswer,
    timeouts,
    p50_ms: quantile(durations, 0.5),
    p99_ms: quantile(durations, 0.99),
    max_ms: durations.length ? durations[durations.length - 1] : 0,
    error_p99_ms: quantile(errDurations, 0.99),
    first_write_ok_after_ms: firstOkAfter === null ? null : firstOkAfter - from,
    max_write_gap_ms: maxGap,
  };
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'run') {
  await run(args[0], args[1], args[2]);
} else if (cmd === 'analyze') {
  console.log(JSON.stringify(analyze(args[0], Number(args[1]), Number(args[2]), args[3])));
} else {
  console.error('usage: load.mjs run URL OUTDIR RUN_ID | analyze OUTDIR FROM_MS TO_MS [OP]');
  process.exit(2);
}
