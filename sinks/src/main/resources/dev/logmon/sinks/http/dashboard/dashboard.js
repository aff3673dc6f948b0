// logmon's browser dashboard. Rules kept here:
//  - every value that comes from a log (sections, hosts, alert messages) is inserted with
//    textContent, never parsed as HTML; no eval, no inline script or style (the CSP forbids them)
//  - every URL is relative, so the page works behind a reverse proxy at a sub-path
//  - the series are bounded and the page redraws at most once a second
'use strict';

(function () {
  const TOKEN_KEY = 'logmon.token';
  const LIVE_POINTS = 120;     // the 2-minute window, one point a second
  const MAX_ALERTS = 100;      // alert list entries kept
  const MAX_INSTANCES = 50;    // instance rows shown; the rest are counted ("+N more")
  const REDRAW_MS = 1000;      // at most one redraw a second
  const RETRY_MS = 1000;       // first reconnect delay after the stream ends or fails
  const RETRY_MAX_MS = 30000;  // the delay doubles per failure up to this (jittered), reset by a snapshot
  const MAX_EVENT_CHARS = 4 * 1024 * 1024; // an event this long without its blank line: a broken stream
  const HISTORY_REFRESH_MS = 60000;
  const W = 640;
  const H = 200;

  const $ = (id) => document.getElementById(id);

  const state = {
    live: null,            // the latest snapshot from /events
    alerts: [],            // newest first, at most MAX_ALERTS
    history: null,         // {current, previous} answers of /history while a range is shown
    historyAvailable: null,
    dirty: false,
    connecting: false,
    failures: 0,           // reconnects since the last snapshot: the backoff's exponent
    historyTimer: null
  };

  // ---- formatting (pure; returns strings that go into textContent) ----
  function int(n) {
    return n === null || n === undefined ? '-' : Number(n).toLocaleString('en-US');
  }
  function rate(x) {
    if (x === null || x === undefined || !isFinite(x)) return '-';
    return x >= 100 ? Math.round(x).toLocaleString('en-US') : Number(x).toFixed(x >= 10 ? 1 : 2);
  }
  function bytes(n) {
    if (n === null || n === undefined) return '-';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let v = Number(n);
    let u = 0;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return (u === 0 ? String(v) : v.toFixed(v >= 100 ? 0 : 1)) + ' ' + units[u];
  }
  function share(part, whole) {
    if (!whole) return '-';
    const p = 100 * part / whole;
    return (p > 0 && p < 1 ? p.toFixed(1) : Math.round(p)) + '%';
  }
  function ms(x) {
    if (x === null || x === undefined) return '-';
    return x >= 1000 ? (x / 1000).toFixed(2) + ' s' : (x >= 100 ? Math.round(x) : Number(x).toFixed(1)) + ' ms';
  }
  function clock(iso) {
    return iso ? iso.replace('T', ' ').replace('Z', ' UTC') : '-';
  }
  function text(id, value) {
    $(id).textContent = value;
  }
  function cell(tr, value) {
    const td = document.createElement('td');
    td.textContent = value;
    tr.appendChild(td);
    return td;
  }

  // ---- the token: asked once, kept for this tab only (sessionStorage) ----
  function authHeaders() {
    const t = sessionStorage.getItem(TOKEN_KEY);
    return t ? { Authorization: 'Bearer ' + t } : {};
  }
  function askToken(refused) {
    const form = $('token-form');
    form.hidden = false;
    text('token-note', refused ? 'that token was refused' : '');
    setConnection('token needed', 'down');
    $('token-input').focus();
  }
  function tokenSubmitted(ev) {
    ev.preventDefault();
    const value = $('token-input').value.trim();
    if (!value) return;
    // a header carries visible ASCII only: fetch would throw on anything else and retry forever
    if (!/^[\x21-\x7e]+$/.test(value)) {
      text('token-note', 'a token is letters, digits and ASCII punctuation only');
      $('token-input').value = '';
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    $('token-input').value = '';
    $('token-form').hidden = true;
    connect();
    if (state.history) loadHistory();
  }
  function unauthorized() {
    const had = sessionStorage.getItem(TOKEN_KEY) !== null;
    sessionStorage.removeItem(TOKEN_KEY);
    askToken(had);
  }

  function setConnection(label, cls) {
    const c = $('connection');
    c.textContent = label;
    c.className = 'conn ' + cls;
  }

  // ---- the live stream: /events read with fetch, so the bearer header can be sent ----
  /** Tries again later: 1 s, 2 s, 4 s ... up to 30 s, jittered so that many pages don't retry together. */
  function retryLater() {
    const delay = Math.min(RETRY_MAX_MS, RETRY_MS * Math.pow(2, state.failures));
    state.failures = Math.min(state.failures + 1, 16);
    setTimeout(connect, delay * (0.8 + 0.4 * Math.random()));
  }

  async function connect() {
    if (state.connecting) return;
    state.connecting = true;
    let response;
    try {
      response = await fetch('events', { headers: authHeaders(), cache: 'no-store' });
    } catch (e) {
      state.connecting = false;
      setConnection('disconnected, retrying', 'down');
      retryLater();
      return;
    }
    if (response.status === 401) {
      state.connecting = false;
      unauthorized();
      return;
    }
    if (!response.ok || !response.body) {
      state.connecting = false;
      setConnection('server answered ' + response.status + ', retrying', 'down');
      retryLater();
      return;
    }
    setConnection('live', 'live');
    if (state.historyAvailable === null) probeHistory();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(buffer.charAt(end) === '\r' ? end + 4 : end + 2);
          onBlock(block);
        }
        if (buffer.length > MAX_EVENT_CHARS) {
          // no event is this long: not an event stream (a proxy's page?); drop it rather than grow
          reader.cancel().catch(() => {});
          break;
        }
      }
    } catch (e) {
      // the connection broke: reconnect below
    }
    state.connecting = false;
    setConnection(state.live && state.live.final ? 'final snapshot (stream ended)' : 'disconnected, retrying', 'down');
    retryLater();
  }

  /** One server-sent event: "event: NAME" and "data: JSON" lines; comments start with ':'. */
  function onBlock(block) {
    let event = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) return;
    let obj;
    try {
      obj = JSON.parse(data.join('\n'));
    } catch (e) {
      return;
    }
    if (event === 'snapshot') {
      state.live = obj;
      if (!obj.final) state.failures = 0; // a stream that only repeats its final snapshot keeps backing off
    } else if (event === 'alert') {
      state.alerts.unshift(obj);
      if (state.alerts.length > MAX_ALERTS) state.alerts.length = MAX_ALERTS;
    }
    state.dirty = true;
  }

  // ---- history: /history over a range, and the period before it for comparison ----
  async function probeHistory() {
    state.historyAvailable = false;
    try {
      // /health says whether there is a history (asking /history would log a 404 in the console)
      const r = await fetch('health', { cache: 'no-store' });
      state.historyAvailable = r.ok && (await r.json()).history === true;
      if (!state.historyAvailable) text('history-note', 'history needs serve --state-dir');
    } catch (e) {
      state.historyAvailable = false;
    }
    $('range').disabled = !state.historyAvailable;
    $('step').disabled = !state.historyAvailable;
    $('compare').disabled = !state.historyAvailable;
  }

  function chosenRange() {
    const v = $('range').value;
    if (v === 'live') return null;
    const range = Number(v);
    let step = $('step').value === 'auto' ? 0 : Number($('step').value);
    if (!step) step = range <= 3600 ? 60 : range <= 21600 ? 300 : range <= 86400 ? 900 : 3600;
    while (range / step > 1500) step *= 2;
    const now = Math.floor(Date.now() / 1000);
    const until = (Math.floor(now / step) + 1) * step;
    return { since: until - range, until: until, every: step, range: range };
  }

  async function fetchHistory(since, until, every) {
    const r = await fetch('history?since=' + since + '&until=' + until + '&every=' + every,
      { headers: authHeaders(), cache: 'no-store' });
    if (r.status === 401) {
      unauthorized();
      throw new Error('token needed');
    }
    if (!r.ok) throw new Error('history answered ' + r.status);
    return r.json();
  }

  async function loadHistory() {
    clearTimeout(state.historyTimer);
    const q = chosenRange();
    if (!q) {
      state.history = null;
      text('history-note', '');
      state.dirty = true;
      return;
    }
    text('history-note', 'loading');
    try {
      const current = await fetchHistory(q.since, q.until, q.every);
      const previous = $('compare').checked
        ? await fetchHistory(q.since - q.range, q.since, q.every) : null;
      state.history = { q: q, current: current, previous: previous };
      text('history-note', current.points.length === 0 ? 'no history in this range' : '');
    } catch (e) {
      text('history-note', e.message);
    }
    state.dirty = true;
    state.historyTimer = setTimeout(loadHistory, HISTORY_REFRESH_MS);
  }

  // ---- drawing ----
  function render() {
    const h = state.history;
    const live = state.live;
    if (h) {
      const snap = h.current.snapshot;
      const all = snap ? snap.windows.lifetime : null;
      renderPanels(snap, all, all, 'range', 'range');
      renderHistoryChart(h);
    } else if (live) {
      renderPanels(live, live.windows['10s'], live.windows.lifetime, '10s', 'since start');
      renderLiveChart(live);
    }
    if (live) {
      text('clock', clock(live.time) + (live.final ? ' (final)' : ''));
      renderAlert(live.alert);
      renderRules(live.rules || []);
      renderInstances(live.instances || []);
    }
    renderAlertList();
  }

  // the named rules (--rule, --rules): a panel shown only when there are some
  function renderRules(rules) {
    $('panel-rules').hidden = rules.length === 0;
    const rows = [];
    for (const r of rules) {
      const tr = document.createElement('tr');
      tr.className = 'rule-' + r.state;
      cell(tr, r.name).title = r.name;
      cell(tr, r.kind);
      cell(tr, r.state).className = 'pill ' + (r.state === 'ok' ? 'off' : r.state === 'pending' ? 'pending' : 'on');
      cell(tr, r.value === null ? 'window filling' : String(r.value));
      cell(tr, String(r.limit));
      cell(tr, r.since ? clock(r.since) : '-');
      rows.push(tr);
    }
    $('rules').tBodies[0].replaceChildren(...rows);
  }

  // the instances an aggregate merges (logmon-cli aggregate): a panel shown only when there are some,
  // the ones needing a look first (gone, late, then the largest lag), at most MAX_INSTANCES rows
  const STATE_RANK = { gone: 0, late: 1, live: 2 };
  function worstFirst(a, b) {
    const ra = STATE_RANK[a.state] === undefined ? 3 : STATE_RANK[a.state];
    const rb = STATE_RANK[b.state] === undefined ? 3 : STATE_RANK[b.state];
    if (ra !== rb) return ra - rb;
    if (a.lagSeconds !== b.lagSeconds) return b.lagSeconds - a.lagSeconds;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }
  function renderInstances(instances) {
    $('panel-instances').hidden = instances.length === 0;
    const counts = { live: 0, late: 0, gone: 0 };
    for (const i of instances) if (counts[i.state] !== undefined) counts[i.state]++;
    text('instances-summary', instances.length === 0 ? '' : instances.length + ' (' + counts.live + ' live, '
        + counts.late + ' late, ' + counts.gone + ' gone)');
    const sorted = instances.slice().sort(worstFirst);
    const rows = [];
    for (const i of sorted.slice(0, MAX_INSTANCES)) {
      const tr = document.createElement('tr');
      tr.className = 'instance-' + (STATE_RANK[i.state] === undefined ? 'other' : i.state);
      cell(tr, i.id).title = i.id;
      cell(tr, i.state);
      cell(tr, int(i.lagSeconds) + ' s');
      cell(tr, i.lastSecond ? clock(i.lastSecond) : '-');
      cell(tr, int(i.frames));
      cell(tr, int(i.missing)).className = i.missing > 0 ? 'warn' : '';
      cell(tr, int(i.duplicates));
      rows.push(tr);
    }
    $('instances').tBodies[0].replaceChildren(...rows);
    const more = sorted.length - MAX_INSTANCES;
    $('instances-more').hidden = more <= 0;
    text('instances-more', more > 0 ? '+' + int(more) + ' more (all of them in /snapshot)' : '');
  }

  function renderPanels(snap, short, long, shortName, longName) {
    if (!snap || !short) {
      for (const id of ['sections', 'hosts', 'sources', 'codes', 'sizes', 'latency']) $(id).tBodies[0].replaceChildren();
      return;
    }
    text('lines-parsed', int(snap.lines.parsed));
    text('lines-malformed', int(snap.lines.malformed));
    // lines left out by --where or --since/--until: shown only when there are some
    text('lines-filtered', int(snap.lines.filtered || 0));
    $('lines-filtered-part').hidden = !(snap.lines.filtered > 0);
    text('short-label', shortName);
    text('long-label', longName);
    text('mid-label', shortName === '10s' ? '2m' : 'last step');
    text('hits-short', int(short.hits));
    text('rate-short', rate(short.rate));
    text('hits-2m', int(snap.windows['2m'].hits));
    text('rate-2m', rate(snap.windows['2m'].rate));
    text('hits-long', int(long.hits));
    text('bytes-long', bytes(long.bytes));
    // unique visitors: a history range has none (its minutes keep no sketch)
    const live = shortName === '10s';
    text('visitors-short', live ? int(short.visitors || 0) : '-');
    text('visitors-2m', live ? int(snap.windows['2m'].visitors || 0) : '-');
    text('visitors-long', live ? int(long.visitors || 0) : '-');
    text('sections-window', shortName === '10s' ? 'last 10 s' : 'the range');
    text('sources-window', shortName === '10s' ? 'last 10 s' : 'the range');
    text('hosts-window', longName);
    for (const id of ['codes-short', 'sizes-short', 'latency-short']) text(id, shortName);
    for (const id of ['codes-long', 'sizes-long', 'latency-long']) text(id, longName);

    const sections = $('sections').tBodies[0];
    const rows = [];
    for (const s of short.sections) {
      const tr = document.createElement('tr');
      cell(tr, s.section).title = s.section;
      cell(tr, int(s.hits));
      cell(tr, share(s.hits, short.hits));
      cell(tr, share(s['4xx'], s.hits));
      cell(tr, share(s['5xx'], s.hits));
      cell(tr, s.latency ? ms(s.latency.p50) : '-');
      cell(tr, s.latency ? ms(s.latency.p99) : '-');
      rows.push(tr);
    }
    if (rows.length === 0) rows.push(note(7, 'no hits in this window'));
    sections.replaceChildren(...rows);

    const hosts = [];
    for (const x of long.hosts) {
      const tr = document.createElement('tr');
      cell(tr, x.host).title = x.host;
      cell(tr, bytes(x.bytes)).title = int(x.bytes) + ' bytes';
      cell(tr, int(x.hits));
      hosts.push(tr);
    }
    if (hosts.length === 0) hosts.push(note(3, 'no hosts yet'));
    $('hosts').tBodies[0].replaceChildren(...hosts);

    const sources = [];
    for (const x of short.sources || []) {
      const tr = document.createElement('tr');
      cell(tr, x.source).title = x.source;
      cell(tr, int(x.hits));
      cell(tr, bytes(x.bytes)).title = int(x.bytes) + ' bytes';
      cell(tr, share(x['4xx'], x.hits));
      cell(tr, share(x['5xx'], x.hits));
      sources.push(tr);
    }
    if (sources.length === 0) sources.push(note(5, live ? 'no hits in this window' : 'not kept in the history'));
    $('sources').tBodies[0].replaceChildren(...sources);

    const codes = [];
    const t = short.status;
    const l = long.status;
    for (const [name, a, b] of [['2xx', t['2xx'], l['2xx']], ['3xx', t['3xx'], l['3xx']], ['4xx', t['4xx'], l['4xx']],
      ['5xx', t['5xx'], l['5xx']], ['other', t['1xx'] + t.other, l['1xx'] + l.other]]) {
      const tr = document.createElement('tr');
      tr.className = 'c' + name;
      cell(tr, name);
      cell(tr, int(a));
      cell(tr, share(a, short.hits));
      cell(tr, int(b));
      codes.push(tr);
    }
    $('codes').tBodies[0].replaceChildren(...codes);

    const sizes = [];
    for (const k of ['p50', 'p99', 'max']) {
      const tr = document.createElement('tr');
      cell(tr, k);
      cell(tr, bytes(short.size[k]));
      cell(tr, bytes(long.size[k]));
      sizes.push(tr);
    }
    $('sizes').tBodies[0].replaceChildren(...sizes);

    const lat = [];
    if (short.latency || long.latency) {
      for (const k of ['p50', 'p90', 'p99', 'p99.9', 'max']) {
        const tr = document.createElement('tr');
        cell(tr, k);
        cell(tr, short.latency ? ms(short.latency[k]) : '-');
        cell(tr, long.latency ? ms(long.latency[k]) : '-');
        lat.push(tr);
      }
    } else {
      lat.push(note(3, 'the log format has no request times'));
    }
    $('latency').tBodies[0].replaceChildren(...lat);
  }

  function note(span, message) {
    const tr = document.createElement('tr');
    const td = cell(tr, message);
    td.colSpan = span;
    td.className = 'muted';
    return tr;
  }

  function alertLevel(a) {
    if (a.threshold === null) return null;
    return a.rule === 'relative' ? (a.lifetimeRate || 0) + a.threshold : a.threshold;
  }

  function renderAlert(a) {
    const on = a.state === 'on';
    const banner = $('alert-banner');
    banner.className = 'banner ' + (on ? 'on' : 'off');
    const latest = state.alerts.length > 0 ? state.alerts[0] : null;
    banner.textContent = on
      ? (latest && latest.state === 'on' ? latest.message : 'ALERT ON: 2m average ' + rate(a.avg2m) + '/s')
      : 'ALERT OFF';
    const pill = $('alert-state');
    pill.className = 'pill ' + (on ? 'on' : 'off');
    pill.textContent = on ? 'ON' : 'OFF';
    text('avg2m', rate(a.avg2m));
    text('alert-level', rate(alertLevel(a)));
    text('alert-rule', a.rule === 'relative' ? '= since start ' + rate(a.lifetimeRate) + ' + ' + a.threshold
      : a.rule === 'absolute' ? '(absolute)' : '');
  }

  function renderAlertList() {
    const items = [];
    for (const a of state.alerts) {
      const li = document.createElement('li');
      li.className = a.state === 'on' ? 'on' : 'off';
      li.textContent = a.message;
      li.title = clock(a.time);
      items.push(li);
    }
    if (items.length === 0) {
      const li = document.createElement('li');
      li.className = 'muted';
      li.textContent = 'no alert yet';
      items.push(li);
    }
    $('alerts').replaceChildren(...items);
  }

  /** Points "x,y ..." scaled into the chart; values are hits per second. */
  function polyline(values, xs, max) {
    const out = [];
    for (let i = 0; i < values.length; i++) {
      const y = H - 4 - (H - 8) * Math.min(1, values[i] / max);
      out.push(xs[i].toFixed(1) + ',' + y.toFixed(1));
    }
    return out.join(' ');
  }

  function drawGrid(max) {
    const g = $('chart-grid');
    const lines = [];
    for (let k = 1; k <= 3; k++) {
      const y = H - 4 - (H - 8) * k / 4;
      const l = document.createElementNS('http://www.w3.org/2000/svg', 'line');
      l.setAttribute('class', 'grid');
      l.setAttribute('x1', '0');
      l.setAttribute('x2', String(W));
      l.setAttribute('y1', y.toFixed(1));
      l.setAttribute('y2', y.toFixed(1));
      lines.push(l);
    }
    g.replaceChildren(...lines);
    $('chart').dataset.max = String(max);
  }

  function niceMax(x) {
    if (!(x > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(x)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
    return 10 * p;
  }

  function setLine(id, points, count) {
    const el = $(id);
    el.setAttribute('points', points);
    el.dataset.count = String(count);
  }

  function legend(current, previous) {
    const cur = document.createElement('span');
    cur.className = 'cur';
    cur.textContent = current;
    const parts = [cur];
    if (previous) {
      const prev = document.createElement('span');
      prev.className = 'prev';
      prev.textContent = previous;
      parts.push(prev);
    }
    $('legend').replaceChildren(...parts);
  }

  function renderLiveChart(s) {
    const hits = (s.secondHits || []).slice(-LIVE_POINTS);
    const level = alertLevel(s.alert);
    const max = niceMax(Math.max(1, level || 0, ...hits));
    const xs = hits.map((_, i) => W * (LIVE_POINTS - hits.length + i) / (LIVE_POINTS - 1));
    drawGrid(max);
    setLine('line-current', polyline(hits, xs, max), hits.length);
    setLine('line-previous', '', 0);
    const yl = level === null ? -10 : H - 4 - (H - 8) * Math.min(1, level / max);
    for (const k of ['y1', 'y2']) $('line-level').setAttribute(k, yl.toFixed(1));
    $('chart').dataset.points = String(hits.length);
    text('chart-title', 'hits/s, last 2 minutes, scale 0 to ' + rate(max) + '/s');
    const end = Date.parse(s.time);
    text('axis-start', clock(new Date(end - (LIVE_POINTS - 1) * 1000).toISOString().replace('.000', '')));
    text('axis-end', clock(s.time));
    legend('hits/s' + (level === null ? '' : ', dotted: alert level ' + rate(level) + '/s'), null);
  }

  function renderHistoryChart(h) {
    const q = h.q;
    const per = (p) => p[1] / q.every;
    const cur = h.current.points;
    const prev = h.previous ? h.previous.points : [];
    const max = niceMax(Math.max(1, ...cur.map(per), ...prev.map(per)));
    // a bucket's point is its last second; x runs over the range, the previous period shifted onto it
    const x = (second, shift) => W * Math.max(0, Math.min(1, (second + 1 + shift - q.since) / q.range));
    drawGrid(max);
    setLine('line-current', polyline(cur.map(per), cur.map((p) => x(p[0], 0)), max), cur.length);
    setLine('line-previous', polyline(prev.map(per), prev.map((p) => x(p[0], q.range)), max), prev.length);
    for (const k of ['y1', 'y2']) $('line-level').setAttribute(k, '-10');
    $('chart').dataset.points = String(cur.length);
    text('chart-title', 'hits/s per ' + (q.every >= 3600 ? q.every / 3600 + ' h' : q.every / 60 + ' min')
      + ', scale 0 to ' + rate(max) + '/s');
    text('axis-start', clock(new Date(q.since * 1000).toISOString().replace('.000', '')));
    text('axis-end', clock(new Date(q.until * 1000).toISOString().replace('.000', '')));
    const total = (pts) => pts.reduce((a, p) => a + p[1], 0);
    legend('this period: ' + int(total(cur)) + ' hits',
      h.previous ? 'previous period (dashed): ' + int(total(prev)) + ' hits' : null);
  }

  function start() {
    $('token-form').addEventListener('submit', tokenSubmitted);
    for (const id of ['range', 'step', 'compare']) $(id).addEventListener('change', loadHistory);
    setInterval(() => {
      if (state.dirty) {
        state.dirty = false;
        render();
      }
    }, REDRAW_MS);
    connect();
  }

  start();
}());
