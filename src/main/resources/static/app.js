'use strict';
// The dashboard: a small single-page app over the service's own API. Hash routes:
// #/runs, #/runs/<id>, #/new, #/compare?ids=a,b, #/endpoints, #/datasets, #/datasets/<name>?version=n. Live views poll; a run is re-read with
// If-None-Match, so an unchanged run costs a 304.

const PIPELINE = 'simple-mnist-pipeline';
const view = document.getElementById('view');
let timer = null;
let generation = 0;
let charts = [];

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'className') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// With API keys configured on the server, the key is kept for this tab only (sessionStorage) and sent as a bearer token.
function askForKey(message) {
  if (document.getElementById('key-form')) return;
  const input = h('input', {id: 'api-key', type: 'password', autocomplete: 'off', 'aria-label': 'API key', placeholder: 'API key'});
  const form = h('form', {id: 'key-form', className: 'toolbar', onsubmit: e => {
    e.preventDefault();
    sessionStorage.setItem('apiKey', input.value.trim());
    form.remove();
    route();
  }}, h('span', {className: 'small'}, message), input, h('button', {type: 'submit'}, 'Use key'));
  document.querySelector('header').append(form);
  input.focus();
}

async function api(path, options = {}) {
  const key = sessionStorage.getItem('apiKey');
  const auth = key ? {'Authorization': 'Bearer ' + key} : {};
  const response = await fetch(path, {...options, headers: {'Accept': 'application/json', ...auth, ...(options.headers || {})}});
  if (response.status === 401) askForKey('This service needs an API key.');
  if (response.status === 403) askForKey('This API key may only read; use a key that may write.');
  const type = response.headers.get('Content-Type') || '';
  const body = response.status === 304 || response.status === 204 ? null
    : type.includes('json') ? await response.json() : await response.text();
  return {status: response.status, ok: response.ok, body, etag: response.headers.get('ETag')};
}

const badge = state => h('span', {className: 'badge ' + state, 'data-state': state}, state);
const time = iso => iso ? new Date(iso).toLocaleString() : '—';
const seconds = (a, b) => a && b ? ((new Date(b) - new Date(a)) / 1000).toFixed(1) + ' s' : '';
const fmt = v => typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(4)) : (v ?? '—');

/** A task's parameters in one short line: "in: epochs=1 · modelType=cnn" (pipeline channels left out). */
function ioLine(label, values) {
  const shown = Object.entries(values || {}).filter(([k]) => !k.startsWith('pipelinechannel--'));
  return shown.length ? h('div', {className: 'small mono', 'data-io': label},
    label + ': ' + shown.map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : v}`).join(' · ')) : '';
}

function progressOf(task) {
  const p = task && task.progress;
  if (!p || p.fraction == null) return null;
  const d = p.details || {};
  const eta = d.etaSeconds != null && task.state === 'RUNNING' ? ` · ETA ${Math.round(d.etaSeconds)} s` : '';
  const epoch = d.epoch != null ? `epoch ${d.epoch}/${d.epochs}` : (p.message || '');
  return h('div', {},
    h('div', {className: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-valuenow': Math.round(p.fraction * 100), 'aria-label': task.name + ' progress'},
      h('span', {style: `width:${Math.round(p.fraction * 100)}%`})),
    h('div', {className: 'small'}, epoch + eta));
}

let streamAbort = null;

function stop() {
  generation++;
  if (timer) clearTimeout(timer);
  timer = null;
  if (streamAbort) streamAbort.abort();
  streamAbort = null;
  charts.forEach(c => c.destroy());
  charts = [];
}

/** Runs fn now and every ms until the page changes (stop() ends this loop's generation). */
function every(ms, fn) {
  const mine = generation;
  const tick = async () => {
    try { await fn(); } catch (e) { console.warn(e); }
    if (mine === generation) timer = setTimeout(tick, ms);
  };
  tick();
}

/**
 * Like every(), but pushed: while the event stream (GET /api/v1/events?<query>) is connected, fn runs on each event
 * (coalesced over 100 ms) and only every 15 s otherwise; when the stream drops, polling every ms takes over and the
 * stream is reconnected (with Last-Event-ID) 2 s later. The stream is read with fetch so that it carries the API key.
 */
function live(ms, query, fn) {
  const mine = generation;
  let connected = false;
  let pending = null;
  let lastId = null;
  const run = async () => { try { await fn(); } catch (e) { console.warn(e); } };
  const poll = async () => {
    if (mine !== generation) return;
    await run();
    if (mine === generation) timer = setTimeout(poll, connected ? 15000 : ms);
  };
  const connect = async () => {
    while (mine === generation) {
      const controller = new AbortController();
      streamAbort = controller;
      try {
        const key = sessionStorage.getItem('apiKey');
        const headers = {'Accept': 'text/event-stream', ...(key ? {'Authorization': 'Bearer ' + key} : {}),
          ...(lastId ? {'Last-Event-ID': lastId} : {})};
        const response = await fetch('/api/v1/events?' + query, {headers, signal: controller.signal});
        if (!response.ok) throw new Error('event stream: ' + response.status);
        connected = true;
        document.body.dataset.live = 'on';
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const {done, value} = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, {stream: true});
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const id = block.split('\n').find(line => line.startsWith('id:'));
            if (!id) continue;
            lastId = id.slice(3).trim();
            if (!pending) pending = setTimeout(() => { pending = null; if (mine === generation) run(); }, 100);
          }
        }
      } catch (e) {
        if (mine !== generation) return;
      }
      connected = false;
      document.body.dataset.live = 'off';
      await new Promise(resolve => setTimeout(resolve, 2000));
    }
  };
  poll();
  connect();
}

// ---- runs list ----
async function runsPage(params) {
  const state = params.get('state') || '';
  const filter = params.get('filter') || '';
  const page = Number(params.get('page') || 0);
  const go = (changes) => {
    const next = new URLSearchParams({state, filter, page, ...changes});
    for (const [k, v] of [...next]) if (v === '' || v === '0') next.delete(k);
    location.hash = '#/runs' + (next.toString() ? '?' + next : '');
  };
  const stateSelect = h('select', {id: 'state-filter', onchange: e => go({state: e.target.value, page: 0})},
    ['', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLING', 'CANCELLED'].map(s =>
      h('option', {value: s, selected: s === state}, s || 'any state')));
  const filterInput = h('input', {id: 'filter', value: filter, size: 40, placeholder: 'metrics.acc > 85 AND params.modelType = "cnn"'});
  const error = h('div', {className: 'small', role: 'alert'});
  const body = h('tbody');
  const pager = h('div', {className: 'pager'});
  view.replaceChildren(h('h1', {}, 'Runs'),
    h('div', {className: 'toolbar'},
      h('div', {}, h('label', {for: 'state-filter'}, 'State'), stateSelect),
      h('form', {onsubmit: e => { e.preventDefault(); go({filter: filterInput.value, page: 0}); }},
        h('label', {for: 'filter'}, 'Filter'), filterInput, ' ', h('button', {type: 'submit'}, 'Search')),
      h('a', {href: '#/new'}, 'Start a run')),
    error,
    h('div', {className: 'card'}, h('table', {id: 'runs'},
      h('thead', {}, h('tr', {}, h('th', {}, h('span', {className: 'sr'}, '')), h('th', {}, 'Run'),
        h('th', {}, 'State'), h('th', {}, 'Progress'), h('th', {className: 'optional'}, 'Created'),
        h('th', {className: 'optional'}, 'Took'))), body), pager));
  const selected = new Set();
  const rowsById = new Map();
  // One row per run, kept across refreshes: only the cells whose text changed are redrawn, so keyboard focus,
  // a ticked box and the reading position survive the 2 s refresh; progress comes with the list (one request).
  const cell = (row, index, key, render) => {
    const td = row.children[index];
    if (td.dataset.key !== key) { td.dataset.key = key; td.replaceChildren(render()); }
  };
  const rowFor = run => {
    let row = rowsById.get(run.id);
    if (!row) {
      const box = h('input', {type: 'checkbox', 'aria-label': 'select ' + run.displayName, checked: selected.has(run.id),
        onchange: e => e.target.checked ? selected.add(run.id) : selected.delete(run.id)});
      row = h('tr', {'data-run': run.id}, h('td', {}, box),
        h('td', {}, h('a', {href: '#/runs/' + run.id}, run.displayName), h('div', {className: 'small'}, run.pipelineName)),
        h('td', {}), h('td', {}), h('td', {className: 'optional small'}, time(run.createTime)),
        h('td', {className: 'optional small'}));
      rowsById.set(run.id, row);
    }
    const task = run.runningTask ? {...run.runningTask, state: 'RUNNING'} : null;
    const p = task && task.progress;
    cell(row, 2, run.state, () => badge(run.state));
    cell(row, 3, p ? `${task.name}|${p.fraction}|${p.message}|${JSON.stringify(p.details)}` : '',
      () => (task && progressOf(task)) || '');
    cell(row, 5, `${run.startTime}|${run.endTime}`, () => seconds(run.startTime, run.endTime));
    return row;
  };
  live(2000, 'type=run.', async () => {
    const query = new URLSearchParams({page, size: 20});
    if (state) query.set('state', state);
    if (filter) query.set('filter', filter);
    const r = await api('/api/v1/runs?' + query);
    if (!r.ok) { error.textContent = r.body.detail || 'Cannot list runs'; return; }
    error.textContent = '';
    const rows = r.body.runs.map(rowFor);
    const shown = new Set(r.body.runs.map(run => run.id));
    for (const [id, row] of rowsById) if (!shown.has(id)) { row.remove(); rowsById.delete(id); }
    rows.forEach((row, i) => { if (body.children[i] !== row) body.insertBefore(row, body.children[i] || null); });
    const pagerKey = `${page}|${r.body.totalPages}|${r.body.totalElements}`;
    if (pager.dataset.key === pagerKey) return;
    pager.dataset.key = pagerKey;
    pager.replaceChildren(
      h('button', {className: 'secondary', disabled: page === 0, onclick: () => go({page: page - 1})}, 'Newer'),
      h('span', {className: 'small'}, `page ${page + 1} of ${Math.max(1, r.body.totalPages)} · ${r.body.totalElements} runs`),
      h('button', {className: 'secondary', disabled: page + 1 >= r.body.totalPages, onclick: () => go({page: page + 1})}, 'Older'),
      h('button', {id: 'compare-selected', onclick: () => {
        if (selected.size >= 2) location.hash = '#/compare?ids=' + [...selected].join(',');
      }}, 'Compare selected'));
  });
}

// ---- start a run ----
/** Inputs for a pipeline's parameters (defaults, ranges, choices), keyed by the API's field names. */
function parameterFields(parameters) {
  const fields = {};
  const inputs = parameters.map(p => {
    const id = 'param-' + p.name;
    let input;
    if (p.allowedValues) {
      input = h('select', {id, name: p.name}, p.allowedValues.map(v => h('option', {value: v, selected: v === p.defaultValue}, v)));
    } else {
      const number = p.type === 'NUMBER_INTEGER' || p.type === 'NUMBER_DOUBLE';
      const shown = p.type === 'LIST' && p.defaultValue != null ? JSON.stringify(p.defaultValue) : p.defaultValue;
      input = h('input', {id, name: p.name, type: number ? 'number' : 'text', value: shown ?? '',
        step: p.type === 'NUMBER_DOUBLE' ? 'any' : null, min: p.min, max: p.max, placeholder: p.optional ? 'optional' : null});
    }
    const error = h('div', {className: 'error', id: id + '-error', 'aria-live': 'polite'});
    input.setAttribute('aria-describedby', id + '-error');
    fields['parameterValues.' + p.name] = {input, error, spec: p};
    const range = p.min != null ? ` (${p.min}–${p.max})` : '';
    return h('div', {className: 'field', 'data-field': p.name}, h('label', {for: id}, p.name),
      input, h('div', {className: 'hint'}, (p.description || '') + range), error);
  });
  return {fields, inputs};
}

/** The values the person changed from the defaults, typed as the parameters declare. */
function collectParameters(fields) {
  const parameterValues = {};
  for (const f of Object.values(fields)) {
    if (!f.spec) continue;
    const raw = f.input.value.trim();
    const fallback = f.spec.type === 'LIST' && f.spec.defaultValue != null ? JSON.stringify(f.spec.defaultValue) : f.spec.defaultValue;
    if (raw === '' || String(raw) === String(fallback ?? '')) continue;
    if (f.spec.type === 'LIST') {
      try { parameterValues[f.spec.name] = JSON.parse(raw); } catch (err) { parameterValues[f.spec.name] = raw; }
      continue;
    }
    const number = f.spec.type === 'NUMBER_INTEGER' || f.spec.type === 'NUMBER_DOUBLE';
    parameterValues[f.spec.name] = number && raw !== '' && !isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return parameterValues;
}

/** Shows the API's field errors next to their inputs; the problem's detail in the alert. */
function showProblem(response, fields, alert) {
  const errors = (response.body && response.body.errors) || [];
  errors.forEach(err => {
    const f = fields[err.field];
    if (f) { f.error.textContent = err.message; f.input.parentElement.classList.add('invalid'); }
  });
  alert.replaceChildren(h('div', {className: 'alert'}, (response.body && response.body.detail) || 'Refused'));
  const first = errors.map(err => fields[err.field]).find(Boolean);
  if (first) first.input.focus();
}

async function newRunPage(params) {
  const pipelineName = (params && params.get('pipeline')) || PIPELINE;
  const version = params && params.get('version') ? Number(params.get('version')) : null;
  const r = await api('/api/v1/pipelines/' + encodeURIComponent(pipelineName));
  if (r.status !== 200) { view.replaceChildren(h('div', {className: 'alert'}, 'No pipeline ' + pipelineName)); return; }
  const {fields, inputs} = parameterFields(r.body.parameters);
  const datasetField = fields['parameterValues.dataset'];
  if (datasetField) {
    const known = (await api('/api/v1/datasets')).body || [];
    const names = ['mnist', 'fashion-mnist', ...known.flatMap(d => [d.name, ...d.versions.map(v => d.name + '@' + v.version)])];
    datasetField.input.setAttribute('list', 'datasets-known');
    datasetField.input.after(h('datalist', {id: 'datasets-known'}, [...new Set(names)].map(n => h('option', {value: n}))));
  }
  const dataset = params && params.get('dataset');
  if (dataset && fields['parameterValues.dataset']) {
    fields['parameterValues.dataset'].input.value = dataset;
    const [dsName, dsVersion] = dataset.split('@');
    const d = await api(`/api/v1/datasets/${encodeURIComponent(dsName)}/versions/${dsVersion || ''}`);
    const model = fields['parameterValues.modelType'];
    if (d.ok && d.body.kind === 'tabular' && model) {
      model.input.querySelectorAll('option[value="cnn"]').forEach(o => o.remove());
    }
  }
  const name = h('input', {id: 'displayName', name: 'displayName', placeholder: 'default: the job id'});
  const nameError = h('div', {className: 'error', id: 'displayName-error'});
  fields.displayName = {input: name, error: nameError};
  const caching = h('input', {id: 'enableCaching', type: 'checkbox', checked: true});
  const alert = h('div', {role: 'alert'});
  const form = h('form', {id: 'run-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    Object.values(fields).forEach(f => { f.error.textContent = ''; f.input.parentElement.classList.remove('invalid'); });
    alert.replaceChildren();
    const parameterValues = collectParameters(fields);
    const body = {pipelineName, parameterValues, enableCaching: caching.checked};
    if (version) body.pipelineVersion = version;
    if (name.value.trim()) body.displayName = name.value.trim();
    const created = await api('/api/v1/runs', {method: 'POST', body: JSON.stringify(body), headers: {'Content-Type': 'application/json'}});
    if (created.status === 202) { location.hash = '#/runs/' + created.body.id; return; }
    const errors = (created.body && created.body.errors) || [];
    errors.forEach(err => {
      const f = fields[err.field];
      if (f) { f.error.textContent = err.message; f.input.parentElement.classList.add('invalid'); }
    });
    alert.replaceChildren(h('div', {className: 'alert'}, (created.body && created.body.detail) || 'The run was not started'));
    const first = errors.map(err => fields[err.field]).find(Boolean);
    if (first) first.input.focus();
  }},
    h('div', {className: 'card'}, h('div', {className: 'form-grid'},
      h('div', {className: 'field'}, h('label', {for: 'displayName'}, 'displayName'), name, h('div', {className: 'hint'}, 'Name shown in lists'), nameError),
      h('div', {className: 'field'}, h('label', {for: 'enableCaching'}, 'enableCaching'), caching,
        h('div', {className: 'hint'}, 'Reuse an identical earlier training')),
      ...inputs)),
    alert, h('button', {type: 'submit', id: 'start'}, 'Start run'));
  view.replaceChildren(h('h1', {}, 'Start a run of ' + pipelineName + (version ? ' (version ' + version + ')' : '')),
    h('p', {className: 'small'}, r.body.description), form);
}

// ---- pipelines ----
async function pipelinesPage() {
  const r = await api('/api/v1/pipelines');
  const alert = h('div', {role: 'alert', id: 'upload-result'});
  const file = h('input', {type: 'file', id: 'spec-file', accept: '.json,.yaml,.yml'});
  const name = h('input', {id: 'upload-name', placeholder: 'default: pipelineInfo.name'});
  const upload = h('form', {id: 'upload-form', onsubmit: async e => {
    e.preventDefault();
    alert.replaceChildren();
    const chosen = file.files[0];
    if (!chosen) { alert.replaceChildren(h('div', {className: 'alert'}, 'Choose a PipelineSpec file (JSON or YAML)')); return; }
    const yaml = /\.ya?ml$/i.test(chosen.name);
    const existing = r.body.pipelines.find(p => p.name === name.value.trim());
    const path = existing ? `/api/v1/pipelines/${encodeURIComponent(existing.name)}/versions`
      : '/api/v1/pipelines' + (name.value.trim() ? '?name=' + encodeURIComponent(name.value.trim()) : '');
    const created = await api(path, {method: 'POST', body: await chosen.text(),
      headers: {'Content-Type': yaml ? 'application/yaml' : 'application/json'}});
    if (created.status === 201) { route(); return; }
    const errors = (created.body && created.body.errors) || [];
    alert.replaceChildren(h('div', {className: 'alert'}, (created.body && created.body.detail) || 'Upload failed',
      h('ul', {className: 'small mono'}, errors.map(err => h('li', {}, err.field + ': ' + err.message)))));
  }}, h('div', {className: 'form-grid'},
      h('div', {className: 'field'}, h('label', {for: 'spec-file'}, 'PipelineSpec file'), file,
        h('div', {className: 'hint'}, 'as kfp.compiler.Compiler().compile writes it')),
      h('div', {className: 'field'}, h('label', {for: 'upload-name'}, 'name'), name,
        h('div', {className: 'hint'}, 'an existing name adds a version'))),
    h('button', {type: 'submit', id: 'upload'}, 'Upload'));
  const rows = await Promise.all(r.body.pipelines.map(async p => {
    const versions = (await api(`/api/v1/pipelines/${encodeURIComponent(p.name)}/versions`)).body.versions || [];
    return h('tr', {'data-pipeline': p.name},
      h('td', {}, p.name, h('div', {className: 'small'}, p.description || '')),
      h('td', {}, p.builtIn ? 'built-in' : 'uploaded'),
      h('td', {}, p.steps.length),
      h('td', {}, versions.map(v => h('div', {className: 'small', 'data-version': v.version},
        h('a', {href: `#/new?pipeline=${encodeURIComponent(p.name)}&version=${v.version}`}, 'run v' + v.version),
        ' · ', h('a', {href: `/api/v1/pipelines/${encodeURIComponent(p.name)}/versions/${v.version}/spec`}, 'spec'),
        v.createTime ? ' · ' + new Date(v.createTime).toLocaleString() : '',
        v.runnableInProcess === false ? h('div', {className: 'small not-in-process',
          title: (v.notRunnableInProcess || []).map(g => g.path + ': ' + g.reason).join('\n')},
          'not run in-process (use executor vertex-pipelines): '
            + [...new Set((v.notRunnableInProcess || []).map(g => g.construct))].join(', ')) : ''))));
  }));
  view.replaceChildren(h('h1', {}, 'Pipelines'),
    h('div', {className: 'card'}, h('table', {id: 'pipelines'},
      h('thead', {}, h('tr', {}, ['Pipeline', 'Kind', 'Tasks', 'Versions'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows))),
    h('div', {className: 'card'}, h('h2', {}, 'Upload'), upload, alert));
}

// ---- schedules ----
async function schedulesPage(params) {
  const pipelines = (await api('/api/v1/pipelines')).body.pipelines;
  const chosen = params.get('pipeline') || 'simple-mnist-pipeline';
  const pipeline = pipelines.find(p => p.name === chosen) || pipelines[0];
  const list = h('div', {className: 'card', id: 'schedule-list'});
  const field = (id, label, input, hint) => {
    const error = h('div', {className: 'error', id: id + '-error', 'aria-live': 'polite'});
    input.id = id;
    input.setAttribute('aria-describedby', id + '-error');
    return [{input, error}, h('div', {className: 'field'}, h('label', {for: id}, label), input,
      h('div', {className: 'hint'}, hint), error)];
  };
  const select = (values, selected) => h('select', {}, values.map(v => h('option', {value: v, selected: v === selected}, v)));
  const [nameF, nameEl] = field('schedule-name', 'displayName', h('input', {required: true}), 'Name of the schedule');
  const [pipeF, pipeEl] = field('schedule-pipeline', 'pipeline', select(pipelines.map(p => p.name), pipeline.name),
    'Its parameter form below');
  pipeF.input.onchange = e => { location.hash = '#/schedules?pipeline=' + encodeURIComponent(e.target.value); };
  const [cronF, cronEl] = field('schedule-cron', 'cron', h('input', {placeholder: '0 2 * * *'}), 'minute hour day month weekday');
  const [intervalF, intervalEl] = field('schedule-interval', 'interval', h('input', {placeholder: 'PT6H'}), 'or an ISO-8601 interval');
  const [zoneF, zoneEl] = field('schedule-zone', 'timeZone', h('input', {value: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'}), 'IANA time zone of the cron');
  const [concF, concEl] = field('schedule-concurrency', 'maxConcurrency', h('input', {type: 'number', min: 1, max: 10, value: 1}), '1–10 unfinished runs');
  const [busyF, busyEl] = field('schedule-busy', 'whenBusy', select(['SKIP', 'QUEUE'], 'SKIP'), 'at maxConcurrency: skip the fire or queue the run');
  const [catchF, catchEl] = field('schedule-catchup', 'catchUp', h('input', {type: 'checkbox'}), 'after a pause, run every missed time');
  const {fields, inputs} = parameterFields(pipeline.parameters);
  Object.assign(fields, {displayName: nameF, pipelineName: pipeF, cron: cronF, interval: intervalF, timeZone: zoneF,
    maxConcurrency: concF, whenBusy: busyF, catchUp: catchF});
  const alert = h('div', {role: 'alert', id: 'schedule-result'});
  const form = h('form', {id: 'schedule-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    Object.values(fields).forEach(f => { f.error.textContent = ''; f.input.parentElement.classList.remove('invalid'); });
    alert.replaceChildren();
    const body = {displayName: nameF.input.value.trim(), pipelineName: pipeline.name,
      parameterValues: collectParameters(fields), timeZone: zoneF.input.value.trim() || 'UTC',
      maxConcurrency: Number(concF.input.value), whenBusy: busyF.input.value, catchUp: catchF.input.checked};
    if (cronF.input.value.trim()) body.cron = cronF.input.value.trim();
    if (intervalF.input.value.trim()) body.interval = intervalF.input.value.trim();
    const created = await api('/api/v1/schedules', {method: 'POST', body: JSON.stringify(body), headers: {'Content-Type': 'application/json'}});
    if (created.status === 201) { form.reset(); refresh(); return; }
    showProblem(created, fields, alert);
  }}, h('div', {className: 'form-grid'}, nameEl, pipeEl, cronEl, intervalEl, zoneEl, concEl, busyEl, catchEl, ...inputs),
    alert, h('button', {type: 'submit', id: 'create-schedule'}, 'Create schedule'));
  async function act(id, action) {
    await api(`/api/v1/schedules/${id}:${action}`, {method: 'POST'});
    refresh();
  }
  async function refresh() {
    const page = (await api('/api/v1/schedules?size=100')).body;
    list.replaceChildren(h('h2', {}, 'Schedules'), h('table', {id: 'schedules'},
      h('thead', {}, h('tr', {}, ['Schedule', 'When', 'State', 'Next fires', 'Runs', ''].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, page.schedules.map(sc => h('tr', {'data-schedule': sc.id},
        h('td', {}, sc.displayName, h('div', {className: 'small'}, sc.pipelineName)),
        h('td', {className: 'mono'}, sc.cron ? `${sc.cron} (${sc.timeZone})` : 'every ' + sc.interval),
        h('td', {}, badge(sc.state), sc.latestFires.length && sc.latestFires[0].outcome !== 'CREATED'
          ? h('div', {className: 'small'}, sc.latestFires[0].outcome + ': ' + (sc.latestFires[0].reason || '')) : ''),
        h('td', {className: 'small'}, sc.nextFireTimes.slice(0, 3).map(t => h('div', {}, t))),
        h('td', {}, h('a', {href: '#/runs?filter=' + encodeURIComponent(`scheduleId = "${sc.id}"`)}, sc.runCount + ' runs')),
        h('td', {}, sc.state === 'ACTIVE' ? h('button', {className: 'secondary', 'data-action': 'pause', onclick: () => act(sc.id, 'pause')}, 'Pause')
          : sc.state === 'PAUSED' ? h('button', {className: 'secondary', 'data-action': 'resume', onclick: () => act(sc.id, 'resume')}, 'Resume') : ''))))));
  }
  view.replaceChildren(h('h1', {}, 'Schedules'), list,
    h('div', {className: 'card'}, h('h2', {}, 'New schedule of ' + pipeline.name), form));
  await refresh();
}

// ---- run detail ----
function chart(target, title, series, xLabel = 'epoch') {
  if (typeof uPlot === 'undefined' || !series.length) return;
  const xs = [...new Set(series.flatMap(s => s.points.map(p => p.step)))].sort((a, b) => a - b);
  const data = [xs, ...series.map(s => xs.map(x => { const p = s.points.find(q => q.step === x); return p ? Number(p.value) : null; }))];
  const colors = ['#1a66d2', '#d2691a', '#1e7d3a', '#9b1ad2', '#b3261e', '#5b6576'];
  const width = Math.max(260, Math.min(target.clientWidth || 520, 560));
  charts.push(new uPlot({title, width, height: 220, scales: {x: {time: false}},
    axes: [{label: xLabel, incrs: [1, 2, 5, 10, 20, 50, 100]}, {}],
    series: [{label: xLabel}, ...series.map((s, i) => ({label: s.label, stroke: colors[i % colors.length], width: 2, points: {show: true}}))]},
    data, target));
}

async function runPage(id) {
  let etag = null;
  let lastHistory = '';
  const head = h('div');
  const tasks = h('div', {className: 'card'});
  const metrics = h('div', {className: 'card'});
  const plots = h('div', {className: 'card grid2', id: 'charts'});
  const artifacts = h('div', {className: 'card'});
  const confusion = h('div', {className: 'card', hidden: true});
  const dag = h('div', {className: 'card', id: 'dag'});
  let drawn = '';
  view.replaceChildren(head, dag, tasks, h('div', {className: 'grid2'}, metrics, artifacts), plots, confusion);
  live(1500, 'runId=' + encodeURIComponent(id), async () => {
    const r = await api('/api/v1/runs/' + id, {headers: etag ? {'If-None-Match': etag} : {}});
    if (r.status === 304) return;
    if (r.status === 404) { view.replaceChildren(h('h1', {}, 'Run not found')); stop(); return; }
    etag = r.etag;
    const run = r.body;
    const act = async (verb) => {
      const done = await api(`/api/v1/runs/${id}:${verb}`, {method: 'POST'});
      if (!done.ok) { head.append(h('div', {className: 'alert'}, (done.body && done.body.detail) || verb + ' failed')); return; }
      route();
    };
    head.replaceChildren(h('h1', {}, run.displayName, ' ', badge(run.state)),
      h('div', {className: 'toolbar'},
        h('button', {id: 'cancel', className: 'secondary', disabled: ['SUCCEEDED', 'FAILED', 'CANCELLED', 'CANCELLING'].includes(run.state), onclick: () => act('cancel')}, 'Cancel'),
        h('button', {id: 'retry', className: 'secondary', disabled: !['FAILED', 'CANCELLED'].includes(run.state), onclick: () => act('retry')}, 'Retry'),
        h('span', {className: 'small mono'}, run.id)),
      run.externalJob ? h('div', {className: 'small', id: 'external-job'}, 'Runs on Vertex AI Pipelines as ',
        h('span', {className: 'mono'}, run.externalJob)) : '',
      run.error ? h('div', {className: 'alert'}, run.error) : '');
    const states = run.tasks.map(t => t.name + ':' + t.state).join(',');
    if (states !== drawn) {
      drawn = states;
      const graph = await api('/api/v1/runs/' + id + '/dag');
      if (graph.status === 200) dag.replaceChildren(h('h2', {}, 'Graph'), drawDag(graph.body));
    }
    const start = Math.min(...run.tasks.filter(t => t.startTime).map(t => new Date(t.startTime)));
    const end = Math.max(...run.tasks.map(t => new Date(t.endTime || Date.now())));
    const span = Math.max(1, end - start);
    tasks.replaceChildren(h('h2', {}, 'Tasks'), h('table', {className: 'timeline'},
      h('thead', {}, h('tr', {}, h('th', {}, 'Task'), h('th', {}, 'State'), h('th', {}, 'Attempt'), h('th', {}, 'Took'), h('th', {}, 'Timeline'))),
      h('tbody', {}, run.tasks.map(t => h('tr', {'data-task': t.name},
        h('td', {style: t.parent ? 'padding-left:1.5em' : ''}, t.parent ? '↳ ' : '', t.name,
          h('div', {className: 'small'}, t.component || 'sub-DAG'),
          ioLine('in', t.inputs), ioLine('out', t.outputParameters),
          t.cachedFromRun ? h('div', {className: 'small'}, 'cached from ', h('a', {href: '#/runs/' + t.cachedFromRun}, t.cachedFromRun.slice(0, 8))) : ''),
        h('td', {}, badge(t.state), t.error ? h('div', {className: 'small'}, t.error) : ''),
        h('td', {className: 'num'}, t.attempt),
        h('td', {className: 'num'}, seconds(t.startTime, t.endTime)),
        h('td', {style: 'min-width:140px'}, t.startTime ? h('div', {className: 'bar', style:
          `margin-left:${(new Date(t.startTime) - start) / span * 100}%;width:${((new Date(t.endTime || Date.now()) - new Date(t.startTime)) / span * 100).toFixed(1)}%`}) : '',
          t.state === 'RUNNING' ? progressOf(t) : ''))))));
    const m = run.metrics || {};
    const perClass = Object.keys(m).filter(k => k.startsWith('precision/')).map(k => k.slice('precision/'.length));
    metrics.replaceChildren(h('h2', {}, 'Metrics'), h('dl', {className: 'kv', id: 'metrics'},
      Object.entries(m).filter(([k]) => !/^(precision|recall|f1)\//.test(k))
        .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {className: 'num', 'data-metric': k}, fmt(v))])),
      perClass.length ? h('table', {id: 'per-class', className: 'small'},
        h('thead', {}, h('tr', {}, ['class', 'precision', 'recall', 'F1'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, perClass.map(c => h('tr', {}, h('th', {scope: 'row'}, c),
          ['precision', 'recall', 'f1'].map(k => h('td', {className: 'num', 'data-metric': `${k}/${c}`}, fmt(m[`${k}/${c}`]))))))) : '');
    const model = run.artifacts.find(a => a.name === 'vertex_model');
    const endpoint = run.artifacts.find(a => a.name === 'vertex_endpoint');
    artifacts.replaceChildren(h('h2', {}, 'Artifacts'),
      endpoint ? h('dl', {className: 'kv'}, h('dt', {}, 'endpoint'), h('dd', {className: 'mono', id: 'endpoint-name'}, endpoint.uri),
        h('dt', {}, 'model'), h('dd', {className: 'mono'}, model ? model.uri : '')) : '',
      h('table', {}, h('tbody', {}, run.artifacts.map(a => h('tr', {}, h('td', {}, a.task + ' / ' + a.name, h('div', {className: 'small'}, a.type)),
        h('td', {className: 'mono'}, a.uri)))))) ;
    const evaluation = run.artifacts.find(a => a.type === 'system.ClassificationMetrics');
    const matrix = evaluation && evaluation.metadata && evaluation.metadata.confusionMatrix;
    confusion.hidden = !matrix;
    if (matrix && confusion.dataset.key !== evaluation.uri) {
      confusion.dataset.key = evaluation.uri;
      confusion.replaceChildren(h('h2', {}, 'Confusion matrix'), heatmap(matrix));
    }
    const history = (await api(`/api/v1/runs/${id}/metrics`)).body.history || {};
    const signature = JSON.stringify(history);
    if (signature !== lastHistory) {
      lastHistory = signature;
      charts.forEach(c => c.destroy());
      charts = [];
      plots.replaceChildren(h('div', {id: 'loss-chart'}), h('div', {id: 'acc-chart'}));
      if (history.loss) chart(plots.children[0], 'loss per epoch', [{label: 'loss', points: history.loss}]);
      if (history.acc) chart(plots.children[1], 'accuracy per epoch (%)', [{label: 'acc', points: history.acc}]);
    }
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.state)) generation++;  // done: stop polling, keep the charts
  });
}

/** KFP's confusionMatrix as a table: rows the true class, columns the prediction, shaded by share of the row. */
function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  Object.entries(attrs || {}).forEach(([k, v]) => el.setAttribute(k, v));
  children.forEach(c => el.append(c));
  return el;
}

/** The run's DAG as plain SVG: one column per depth, boxes coloured by state, sub-DAG members linked dashed. */
function drawDag(graph) {
  const depth = {};
  const incoming = n => graph.edges.filter(e => e.to === n.name).map(e => e.from).concat(n.parent ? [n.parent] : []);
  const depthOf = (n, seen = new Set()) => {
    if (depth[n.name] !== undefined) return depth[n.name];
    if (seen.has(n.name)) return 0;
    seen.add(n.name);
    const before = incoming(n).map(name => depthOf(graph.nodes.find(m => m.name === name), seen));
    return depth[n.name] = before.length ? Math.max(...before) + 1 : 0;
  };
  graph.nodes.forEach(n => depthOf(n));
  const columns = [];
  graph.nodes.forEach(n => (columns[depth[n.name]] = columns[depth[n.name]] || []).push(n));
  const W = 170, H = 38, GX = 46, GY = 14, at = {};
  columns.forEach((column, x) => column.forEach((n, y) => at[n.name] = {x: 8 + x * (W + GX), y: 8 + y * (H + GY)}));
  const width = 16 + columns.length * (W + GX), height = 16 + Math.max(...columns.map(c => c.length)) * (H + GY);
  const line = (from, to, cls) => svg('path', {class: cls, d: `M${at[from].x + W} ${at[from].y + H / 2} C${at[from].x + W + GX / 2} ${at[from].y + H / 2}, ${at[to].x - GX / 2} ${at[to].y + H / 2}, ${at[to].x} ${at[to].y + H / 2}`});
  const edges = graph.edges.map(e => line(e.from, e.to, 'edge ' + e.kind))
    .concat(graph.nodes.filter(n => n.parent).map(n => line(n.parent, n.name, 'edge member')));
  const boxes = graph.nodes.map(n => svg('g', {class: 'node ' + (n.state || 'PENDING'), 'data-node': n.name,
      transform: `translate(${at[n.name].x},${at[n.name].y})`},
    svg('title', {}, `${n.name}: ${n.state}${n.condition ? '\nif ' + n.condition : ''}`),
    svg('rect', {width: W, height: H, rx: n.subDag ? 12 : 4}),
    svg('text', {x: 8, y: 15}, n.name.length > 22 ? n.name.slice(0, 21) + '…' : n.name),
    svg('text', {x: 8, y: 30, class: 'state'}, (n.subDag ? 'sub-DAG · ' : '') + (n.state || '').toLowerCase().replace('_', ' '))));
  return svg('svg', {class: 'dag', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': 'Task graph'}, ...edges, ...boxes);
}

function heatmap(matrix) {
  const names = matrix.annotationSpecs.map(a => a.displayName);
  return h('div', {className: 'scroll'}, h('table', {id: 'confusion-matrix', className: 'heatmap'},
    h('caption', {className: 'small'}, 'rows: true class · columns: predicted class · shade: share of the row'),
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'true \\ predicted'), names.map(n => h('th', {scope: 'col'}, n)))),
    h('tbody', {}, matrix.rows.map((r, i) => {
      const total = r.row.reduce((a, b) => a + b, 0) || 1;
      return h('tr', {}, h('th', {scope: 'row'}, names[i]), r.row.map((count, j) => h('td', {
        className: 'num' + (i === j ? ' diagonal' : ''), 'data-cell': `${i},${j}`,
        'aria-label': `${names[i]} predicted as ${names[j]}: ${count}`,
        style: `background: rgba(37, 99, 235, ${(count / total).toFixed(3)}); color: ${count / total > 0.5 ? '#fff' : 'inherit'}`
      }, String(count))));
    }))));
}

// ---- compare ----
async function comparePage(params) {
  const ids = (params.get('ids') || '').split(',').filter(Boolean);
  if (ids.length < 2) {
    const list = (await api('/api/v1/runs?size=50&state=SUCCEEDED')).body.runs;
    const boxes = list.map(run => h('label', {className: 'small', style: 'font-weight:400'},
      h('input', {type: 'checkbox', value: run.id, 'data-run': run.id}), ' ', run.displayName, ' ', time(run.createTime)));
    view.replaceChildren(h('h1', {}, 'Compare runs'), h('p', {className: 'small'}, 'Pick two to twenty finished runs.'),
      h('div', {className: 'card'}, boxes.length ? boxes : 'No finished runs yet.'),
      h('button', {id: 'compare', onclick: () => {
        const picked = boxes.map(b => b.querySelector('input')).filter(i => i.checked).map(i => i.value);
        if (picked.length >= 2) location.hash = '#/compare?ids=' + picked.join(',');
      }}, 'Compare'));
    return;
  }
  const r = await api('/api/v1/runs:compare?ids=' + ids.join(','));
  if (!r.ok) { view.replaceChildren(h('h1', {}, 'Compare runs'), h('div', {className: 'alert'}, r.body.detail)); return; }
  const c = r.body;
  const header = h('tr', {}, h('th', {}, ''), c.runs.map(run => h('th', {}, h('a', {href: '#/runs/' + run.id}, run.displayName), ' ', badge(run.state))));
  const rows = list => list.map(row => h('tr', {className: row.differs ? 'differs' : '', 'data-row': row.name},
    h('td', {}, row.name, row.differs ? h('span', {className: 'small'}, ' ≠') : ''), row.values.map(v => h('td', {className: 'num'}, fmt(v)))));
  const plots = h('div', {className: 'card grid2', id: 'compare-charts'});
  view.replaceChildren(h('h1', {}, 'Compare runs'),
    h('div', {className: 'card'}, h('h2', {}, 'Metrics'), h('table', {id: 'compare-metrics'}, h('thead', {}, header.cloneNode(true)), h('tbody', {}, rows(c.metrics)))),
    plots,
    h('div', {className: 'card'}, h('h2', {}, 'Parameters'), h('p', {className: 'small'}, 'Rows that differ are highlighted.'),
      h('table', {id: 'compare-params'}, h('thead', {}, header), h('tbody', {}, rows(c.parameters)))));
  for (const key of ['loss', 'acc']) {
    if (!c.history[key]) continue;
    const target = h('div', {id: key + '-compare'});
    plots.append(target);
    chart(target, key + ' per epoch', c.runs.filter(run => c.history[key][run.id]).map(run => ({label: run.displayName, points: c.history[key][run.id]})));
  }
}

// ---- endpoints and the drawing canvas ----
async function endpointsPage() {
  const list = (await api('/api/v1/endpoints?size=100')).body.endpoints;
  const cards = list.map(e => h('div', {className: 'card', 'data-endpoint': e.id},
    h('h2', {}, e.displayName, ' ', h('span', {className: 'small mono'}, e.name)),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Deployed model'), h('th', {}, 'Model'), h('th', {}, 'Traffic'))),
      h('tbody', {}, e.deployedModels.map(d => h('tr', {}, h('td', {className: 'mono'}, d.id),
        h('td', {}, d.modelDisplayName + ' v' + d.modelVersionId, h('div', {className: 'small mono'}, d.model)),
        h('td', {}, h('div', {className: 'progress', 'aria-label': 'traffic ' + d.trafficPercentage + '%'}, h('span', {style: `width:${d.trafficPercentage}%`})), d.trafficPercentage + ' %'))))),
    e.deployedModels.length ? h('div', {'data-pad': e.id}) : h('p', {className: 'small'}, 'Nothing deployed.')));
  view.replaceChildren(h('h1', {}, 'Endpoints'), ...(cards.length ? cards : [h('p', {}, 'No endpoints yet: a run deploys its model to one.')]));
  // The drawing pad is for 28x28 image models: a model whose lineage says it takes table features gets none.
  for (const e of list.filter(x => x.deployedModels.length)) {
    const d = e.deployedModels[0];
    const v = await api(`/api/v1/models/${d.model.split('/').pop()}/versions/${d.modelVersionId}`);
    const lineage = (v.ok && v.body.lineage) || {};
    const takes = String(lineage.architecture || lineage.input || '');
    const slot = view.querySelector(`[data-pad="${e.id}"]`);
    if (slot && !takes.includes('features')) slot.replaceWith(drawPad(e));
  }
  const live = list.filter(e => e.deployedModels.length).slice(0, 10);
  const boxes = new Map(live.map(e => {
    const box = h('div', {className: 'small', 'data-stats': e.id});
    view.querySelector(`[data-endpoint="${e.id}"]`).append(h('h2', {}, 'Traffic (this replica, last 2 minutes)'), box);
    return [e.id, box];
  }));
  every(2000, async () => {
    for (const [id, box] of boxes) {
      const st = (await api(`/api/v1/endpoints/${id}/stats`)).body;
      const models = Object.entries(st.deployedModels || {});
      charts = charts.filter(c => !box.contains(c.root) || (c.destroy(), false));
      box.replaceChildren(h('div', {}, models.length ? models.map(([m, v]) => h('div', {className: 'mono'},
        `${m}: ${v.requests ?? 0} requests · ${v.instances ?? 0} instances · p50 ${fmt(v.p50Millis)} ms · p99 ${fmt(v.p99Millis)} ms` +
        (v.errors ? ' · errors ' + Object.entries(v.errors).map(([k, n]) => k + ' ' + n).join(', ') : ''))) : 'No requests yet.'));
      const mon = (await api(`/api/v1/endpoints/${id}/monitoring`)).body;
      if (mon && mon.enabled) {
        for (const [m, r] of Object.entries(mon.deployedModels || {})) {
          const rows = (r.features || []).map(f => h('tr', {className: f.distance > f.threshold ? 'differs' : null},
            h('td', {}, f.feature), h('td', {className: 'small'}, f.measure),
            h('td', {}, h('div', {className: 'progress', 'aria-label': `${f.feature} distance ${fmt(f.distance)}`},
              h('span', {style: `width:${Math.min(100, Math.round(f.distance * 100))}%`}))),
            h('td', {className: 'num'}, fmt(f.distance) + ' / ' + fmt(f.threshold))));
          const state = r.drifting ? h('span', {className: 'badge FAILED'}, 'DRIFTING')
            : r.full === false ? h('span', {className: 'badge'}, `collecting ${r.window}/${mon.windowSize}`)
            : h('span', {className: 'badge SUCCEEDED'}, 'ok');
          box.append(h('div', {'data-drift': m}, h('strong', {}, `Drift of ${m} (window ${r.window}): `), state,
            h('table', {className: 'drift'}, h('tbody', {}, rows))));
        }
        const past = (await api(`/api/v1/endpoints/${id}/monitoring/history`)).body || {};
        const t0 = Math.min(...Object.values(past).map(points => Date.parse(points[0].time)));
        const series = Object.entries(past).map(([m, points]) => {
          return {label: m, points: points.map(p => ({step: Math.round((Date.parse(p.time) - t0) / 1000), value: p.score}))};
        });
        if (series.length) {
          const target = h('div', {'data-drift-chart': id});
          box.append(target);
          chart(target, 'drift score (largest distance ÷ threshold; > 1 drifts)', series, 'seconds');
        }
      }
      const points = st.perSecond || [];
      const t0 = points.length ? points[0].time : 0;
      chart(box, 'requests per second', [
        {label: 'requests', points: points.map(p => ({step: p.time - t0, value: p.requests}))},
        {label: 'errors', points: points.map(p => ({step: p.time - t0, value: p.errors}))}], 'seconds');
    }
  });
}

function drawPad(endpoint) {
  const canvas = h('canvas', {className: 'digit', width: 280, height: 280, 'aria-label': 'Draw a digit here', tabindex: 0});
  const ctx = canvas.getContext('2d');
  const clear = () => { ctx.fillStyle = '#000'; ctx.fillRect(0, 0, 280, 280); };
  clear();
  let last = null;
  const at = e => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) * 280 / r.width, (e.clientY - r.top) * 280 / r.height]; };
  const stroke = e => {
    if (!last) return;
    const point = at(e);
    ctx.strokeStyle = '#fff'; ctx.lineWidth = 24; ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    ctx.beginPath(); ctx.moveTo(...last); ctx.lineTo(...point); ctx.stroke();
    last = point;
  };
  canvas.addEventListener('pointerdown', e => { last = at(e); canvas.setPointerCapture(e.pointerId); stroke(e); });
  canvas.addEventListener('pointermove', stroke);
  canvas.addEventListener('pointerup', () => { last = null; });
  const bars = h('div', {className: 'bars', id: 'prediction-' + endpoint.id, 'aria-live': 'polite'});
  const served = h('div', {className: 'small'});
  const predict = async () => {
    const small = document.createElement('canvas');
    small.width = 28; small.height = 28;
    const s = small.getContext('2d');
    s.drawImage(canvas, 0, 0, 28, 28);
    const pixels = s.getImageData(0, 0, 28, 28).data;
    const image = [];
    for (let row = 0; row < 28; row++) {
      const line = [];
      for (let col = 0; col < 28; col++) line.push(Math.round(pixels[(row * 28 + col) * 4] / 255 * 1000) / 1000);
      image.push(line);
    }
    const r = await api('/v1/' + endpoint.name + ':predict', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({instances: [image]})});
    if (!r.ok) { bars.replaceChildren(h('div', {className: 'alert'}, r.body.detail || 'prediction failed')); return; }
    const p = r.body.predictions[0];
    const best = p.indexOf(Math.max(...p));
    bars.replaceChildren(...p.flatMap((v, i) => [h('span', {}, i), h('div', {className: 'b' + (i === best ? ' top' : ''), style: `width:${Math.max(1, v * 100)}%`}),
      h('span', {className: 'small num', 'data-class': i}, (v * 100).toFixed(1) + '%')]));
    bars.setAttribute('data-best', best);
    served.textContent = `served by deployed model ${r.body.deployedModelId} (${r.body.modelDisplayName} v${r.body.modelVersionId})`;
  };
  return h('div', {}, h('h2', {}, 'Draw a digit'), h('div', {className: 'draw'}, canvas,
    h('div', {}, h('div', {className: 'toolbar'}, h('button', {className: 'predict', onclick: predict}, 'Predict'),
      h('button', {className: 'secondary', onclick: () => { clear(); bars.replaceChildren(); served.textContent = ''; }}, 'Clear')), bars, served)));
}



// ---- models ----
async function modelsPage() {
  const page = (await api('/api/v1/models?size=100')).body;
  const byName = new Map();
  page.models.forEach(m => { if (!byName.has(m.displayName)) byName.set(m.displayName, []); byName.get(m.displayName).push(m); });
  const rows = [...byName.entries()].map(([name, versions]) => h('tr', {'data-model': name},
    h('td', {}, h('a', {href: '#/models/' + encodeURIComponent(name)}, name)), h('td', {className: 'num'}, versions.length),
    h('td', {className: 'small'}, time(versions[0].createTime))));
  view.replaceChildren(h('h1', {}, 'Models'), h('div', {className: 'card'}, rows.length
    ? h('table', {id: 'models'}, h('thead', {}, h('tr', {}, h('th', {}, 'Model'), h('th', {}, 'Versions'), h('th', {}, 'Latest'))), h('tbody', {}, rows))
    : h('p', {}, 'No models yet: a run that deploys registers one, or POST /api/v1/models:upload.')));
}

async function modelPage(name) {
  const first = await api(`/api/v1/models/${encodeURIComponent(name)}/versions/default`);
  if (!first.ok) { view.replaceChildren(h('div', {className: 'alert'}, 'No model ' + name)); return; }
  const all = (await api('/api/v1/models/' + first.body.id)).body.versions;
  const versions = await Promise.all(all.map(v => api(`/api/v1/models/${encodeURIComponent(name)}/versions/${v.versionId}`).then(r => r.body)));
  const alert = h('div', {role: 'alert'});
  const aliasInput = h('input', {id: 'alias-name', placeholder: 'champion', 'aria-label': 'alias'});
  const versionSelect = h('select', {id: 'alias-version', 'aria-label': 'version'}, versions.map(v => h('option', {value: v.versionId}, 'version ' + v.versionId)));
  const confirm = h('button', {type: 'button', id: 'alias-confirm', className: 'secondary', hidden: true}, 'Confirm');
  const move = h('button', {type: 'button', id: 'alias-move'}, 'Move alias');
  move.addEventListener('click', () => {
    const current = versions.find(v => v.versionAliases.includes(aliasInput.value.trim()));
    confirm.textContent = `Confirm: ${aliasInput.value.trim()} → version ${versionSelect.value}` + (current ? ` (from version ${current.versionId}; deployments following it swap)` : '');
    confirm.hidden = false;
  });
  confirm.addEventListener('click', async () => {
    const r = await api(`/api/v1/models/${encodeURIComponent(name)}/versions/${versionSelect.value}:addAlias`,
      {method: 'POST', body: JSON.stringify({alias: aliasInput.value.trim()}), headers: {'Content-Type': 'application/json'}});
    if (r.ok) { route(); return; }
    alert.replaceChildren(h('div', {className: 'alert'}, (r.body && r.body.detail) || 'Refused'));
  });
  const rows = versions.map(v => {
    const ev = (v.lineage && v.lineage.evaluation) || {};
    const lin = v.lineage || {};
    return h('tr', {'data-version': v.versionId},
      h('td', {className: 'num'}, v.versionId),
      h('td', {}, v.versionAliases.map(a => h('span', {className: 'badge alias', 'data-alias': a}, a + ' '))),
      h('td', {className: 'num'}, ev.accuracy != null ? (ev.accuracy * 100).toFixed(2) + ' %' : '—'),
      h('td', {className: 'small', 'data-evaluations': (v.evaluations || []).length}, (v.evaluations || []).slice(0, 3).map(e =>
        h('div', {}, (e.accuracy * 100).toFixed(2) + ' % on ' + e.dataset + ' (' + e.examples + ') · ',
          h('a', {href: '#/runs/' + e.runId}, 'run ' + e.runId.slice(0, 8))))),
      h('td', {className: 'small'}, lin.run ? h('a', {href: '#/runs/' + lin.run}, 'run ' + lin.run.slice(0, 8)) : (lin.source || '—'),
        lin.dataset ? ' · ' + lin.dataset + '@' + lin.datasetVersion : ''),
      h('td', {className: 'small'}, v.deployments.map(d => h('div', {className: 'mono'}, d.endpoint.split('/').pop() + (d.followsAlias ? ' (follows ' + d.followsAlias + ')' : '')))),
      h('td', {className: 'small'}, time(v.createTime)));
  });
  view.replaceChildren(h('h1', {}, name),
    h('div', {className: 'card'}, h('table', {id: 'model-versions'}, h('thead', {}, h('tr', {},
      ['Version', 'Aliases', 'Test accuracy', 'Later evaluations', 'Lineage', 'Deployed on', 'Created'].map(t => h('th', {}, t)))), h('tbody', {}, rows))),
    h('h2', {}, 'Move an alias'), h('div', {className: 'card toolbar'}, aliasInput, versionSelect, move, confirm), alert);
}

// ---- experiments ----
async function experimentsPage() {
  const list = (await api('/api/v1/experiments?size=100')).body.experiments;
  const rows = list.map(e => h('tr', {'data-experiment': e.name},
    h('td', {}, h('a', {href: '#/experiments/' + encodeURIComponent(e.name)}, e.name)),
    h('td', {className: 'small'}, e.description || ''),
    h('td', {className: 'small'}, Object.entries(e.labels || {}).map(([k, v]) => h('span', {className: 'badge'}, k + '=' + v + ' '))),
    h('td', {className: 'small'}, time(e.createTime))));
  view.replaceChildren(h('h1', {}, 'Experiments'), h('div', {className: 'card'}, h('table', {id: 'experiments'},
    h('thead', {}, h('tr', {}, ['Experiment', 'Description', 'Labels', 'Created'].map(t => h('th', {}, t)))), h('tbody', {}, rows))));
}

/**
 * Parallel coordinates: one vertical axis per parameter that varies and one for the metric, one line per run,
 * coloured from low (blue) to high (red) metric — the picture that shows which learning rate won.
 */
function parallelCoordinates(runs, params, metric) {
  const W = 760, H = 320, top = 36, bottom = 24, left = 60, right = 60;
  const axes = [...params, metric];
  const x = i => left + i * (W - left - right) / Math.max(1, axes.length - 1);
  const valueOf = (run, axis) => axis === metric ? (run.metrics || {})[metric] : (run.parameterValues || {})[axis];
  const scales = axes.map(axis => {
    const values = runs.map(r => valueOf(r, axis)).filter(v => v !== undefined && v !== null);
    if (values.every(v => typeof v === 'number')) {
      const min = Math.min(...values), max = Math.max(...values);
      return {ticks: [min, max], y: v => max === min ? (top + H - bottom) / 2 : H - bottom - (v - min) / (max - min) * (H - top - bottom)};
    }
    const cats = [...new Set(values.map(String))].sort();
    return {ticks: cats, y: v => cats.length === 1 ? (top + H - bottom) / 2 : H - bottom - cats.indexOf(String(v)) / (cats.length - 1) * (H - top - bottom)};
  });
  const ns = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs, text) => { const e = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); if (text !== undefined) e.textContent = text; return e; };
  const svg = el('svg', {viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', id: 'parallel-coordinates',
    'aria-label': `Parallel coordinates of ${params.join(', ')} against ${metric}`});
  const metricValues = runs.map(r => valueOf(r, metric)).filter(v => typeof v === 'number');
  const lo = Math.min(...metricValues), hi = Math.max(...metricValues);
  for (const run of runs) {
    const m = valueOf(run, metric);
    if (typeof m !== 'number') continue;
    const t = hi === lo ? 1 : (m - lo) / (hi - lo);
    const points = axes.map((axis, i) => { const v = valueOf(run, axis); return v === undefined || v === null ? null : `${x(i)},${scales[i].y(v)}`; });
    if (points.includes(null)) continue;
    const line = el('polyline', {points: points.join(' '), fill: 'none', 'stroke-width': 2, 'data-run': run.id,
      stroke: `rgb(${Math.round(40 + 200 * t)}, 70, ${Math.round(220 - 180 * t)})`});
    line.append(el('title', {}, `${run.displayName}: ${metric} ${fmt(m)}`));
    svg.append(line);
  }
  axes.forEach((axis, i) => {
    svg.append(el('line', {x1: x(i), x2: x(i), y1: top, y2: H - bottom, stroke: '#5b6576'}));
    svg.append(el('text', {x: x(i), y: top - 16, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': axis === metric ? 700 : 400, 'data-axis': axis}, axis));
    for (const tick of scales[i].ticks) {
      svg.append(el('text', {x: x(i) + 4, y: scales[i].y(tick) + 4, 'font-size': 10, fill: '#5b6576'}, typeof tick === 'number' ? fmt(tick) : tick));
    }
  });
  return svg;
}

async function experimentPage(name) {
  const experiment = await api('/api/v1/experiments/' + encodeURIComponent(name));
  if (!experiment.ok) { view.replaceChildren(h('div', {className: 'alert'}, 'No experiment ' + name)); return; }
  const table = h('div', {className: 'card'});
  const plot = h('div', {className: 'card'});
  const metricSelect = h('select', {id: 'pc-metric', 'aria-label': 'metric'});
  view.replaceChildren(h('h1', {}, name), h('p', {className: 'small'}, experiment.body.description || ''),
    h('div', {className: 'card'}, h('h2', {}, 'Parameters against a metric'), h('div', {className: 'toolbar'}, h('label', {for: 'pc-metric'}, 'metric '), metricSelect), plot),
    table);
  let runs = [];
  const draw = () => {
    const metrics = [...new Set(runs.flatMap(r => Object.entries(r.metrics || {}).filter(([, v]) => typeof v === 'number').map(([k]) => k)))].sort();
    const chosen = metricSelect.value || (metrics.includes('acc') ? 'acc' : metrics[0]);
    metricSelect.replaceChildren(...metrics.map(m => h('option', {value: m, selected: m === chosen}, m)));
    const params = [...new Set(runs.flatMap(r => Object.keys(r.parameterValues || {})))].sort()
      .filter(p => new Set(runs.map(r => JSON.stringify((r.parameterValues || {})[p]))).size > 1);
    plot.replaceChildren(chosen && runs.length ? parallelCoordinates(runs, params, chosen) : h('p', {className: 'small'}, 'No finished runs with metrics yet.'));
    const columns = [...params, ...metrics];
    table.replaceChildren(h('table', {id: 'experiment-runs'}, h('thead', {}, h('tr', {}, h('th', {}, 'Run'), h('th', {}, 'State'), columns.map(c => h('th', {}, c)))),
      h('tbody', {}, runs.map(r => h('tr', {'data-run': r.id}, h('td', {}, h('a', {href: '#/runs/' + r.id}, r.displayName)), h('td', {}, badge(r.state)),
        columns.map(c => h('td', {className: 'num'}, fmt(c in (r.metrics || {}) ? r.metrics[c] : (r.parameterValues || {})[c]))))))));
  };
  metricSelect.addEventListener('change', draw);
  live(3000, 'experiment=' + encodeURIComponent(name), async () => {
    const page = (await api('/api/v1/runs?size=50&experiment=' + encodeURIComponent(name))).body.runs;
    runs = (await Promise.all(page.map(r => api('/api/v1/runs/' + r.id)))).filter(r => r.ok).map(r => r.body);
    draw();
  });
}

// ---- batch prediction jobs ----
async function batchPage() {
  const table = h('tbody', {});
  view.replaceChildren(h('h1', {}, 'Batch prediction jobs'), h('div', {className: 'card'}, h('table', {id: 'batch-jobs'},
    h('thead', {}, h('tr', {}, ['Job', 'Model', 'State', 'Progress', 'Errors', 'Output'].map(t => h('th', {}, t)))), table)));
  every(2000, async () => {
    const jobs = (await api('/api/v1/batchPredictionJobs?size=50')).body.batchPredictionJobs;
    table.replaceChildren(...jobs.map(j => {
      const pct = j.totalLines ? Math.round(100 * j.linesDone / j.totalLines) : 0;
      return h('tr', {'data-job': j.id}, h('td', {}, j.displayName, h('div', {className: 'small mono'}, j.id)),
        h('td', {className: 'small'}, j.modelReference), h('td', {}, badge(j.state.replace('JOB_STATE_', ''))),
        h('td', {}, h('div', {className: 'progress', role: 'progressbar', 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100,
          'aria-label': 'progress of ' + j.displayName}, h('span', {style: `width:${pct}%`})),
          h('div', {className: 'small'}, `${j.linesDone} / ${j.totalLines ?? '?'} lines`)),
        h('td', {className: 'num'}, j.errorLines), h('td', {className: 'small mono'}, j.outputUriPrefix));
    }));
  });
}

// ---- datasets ----
async function datasetsPage() {
  const list = (await api('/api/v1/datasets')).body || [];
  const name = h('input', {id: 'dataset-name', name: 'name', placeholder: 'e.g. iris', required: true});
  const file = h('input', {id: 'dataset-file', type: 'file', name: 'file', accept: '.csv,.zip,.jsonl', required: true});
  const label = h('input', {id: 'dataset-label', name: 'labelColumn', placeholder: 'CSV: default the last column'});
  const alert = h('div', {role: 'alert'});
  const form = h('form', {id: 'dataset-form', className: 'card', onsubmit: async e => {
    e.preventDefault();
    alert.replaceChildren();
    const body = new FormData();
    body.append('name', name.value.trim());
    if (label.value.trim()) body.append('labelColumn', label.value.trim());
    if (file.files[0]) body.append('file', file.files[0]);
    const r = await api('/api/v1/datasets', {method: 'POST', body});
    if (r.ok) { location.hash = '#/datasets/' + r.body.name + '?version=' + r.body.version; return; }
    alert.replaceChildren(h('div', {className: 'alert'}, (r.body && r.body.detail) || 'Not registered'));
  }}, h('h2', {}, 'Register a dataset'),
    h('div', {className: 'form-grid'},
      h('div', {className: 'field'}, h('label', {for: 'dataset-name'}, 'name'), name),
      h('div', {className: 'field'}, h('label', {for: 'dataset-file'}, 'file'), file,
        h('div', {className: 'hint'}, 'CSV with a header, a zip of class_name/*.png|jpg, IDX files zipped, or a Vertex import JSONL')),
      h('div', {className: 'field'}, h('label', {for: 'dataset-label'}, 'labelColumn'), label)),
    alert, h('button', {type: 'submit', id: 'register'}, 'Register'));
  const rows = list.map(d => {
    const latest = d.versions[0];
    return h('tr', {'data-dataset': d.name}, h('td', {}, h('a', {href: '#/datasets/' + d.name}, d.name)), h('td', {}, d.kind),
      h('td', {className: 'num'}, d.latestVersion), h('td', {className: 'num'}, latest.rows),
      h('td', {className: 'small'}, Object.entries(latest.splits).map(([k, v]) => k + ' ' + v).join(' · ')),
      h('td', {className: 'optional small'}, time(d.updateTime)));
  });
  view.replaceChildren(h('h1', {}, 'Datasets'),
    h('div', {className: 'card'}, rows.length ? h('table', {id: 'datasets'}, h('thead', {}, h('tr', {},
      h('th', {}, 'Name'), h('th', {}, 'Kind'), h('th', {}, 'Latest'), h('th', {}, 'Rows'), h('th', {}, 'Splits'),
      h('th', {className: 'optional'}, 'Updated'))), h('tbody', {}, rows))
      : h('p', {}, 'No datasets yet.')), form);
}

function histogram(counts) {
  const max = Math.max(1, ...counts);
  const width = 4 * counts.length;
  return svg('svg', {class: 'hist', viewBox: `0 0 ${width} 20`, width: width * 2, height: 40, role: 'img',
    'aria-label': 'histogram ' + counts.join(' ')},
    ...counts.map((c, i) => svg('rect', {x: i * 4, y: 20 - 20 * c / max, width: 3.4, height: 20 * c / max})));
}

async function datasetPage(name, params) {
  const r = await api('/api/v1/datasets/' + encodeURIComponent(name));
  if (r.status !== 200) { view.replaceChildren(h('div', {className: 'alert'}, 'No dataset ' + name)); return; }
  const chosen = Number(params.get('version')) || r.body.latestVersion;
  const v = (await api(`/api/v1/datasets/${encodeURIComponent(name)}/versions/${chosen}`)).body;
  const versions = h('table', {id: 'versions'}, h('thead', {}, h('tr', {}, ['Version', 'Digest', 'Source', 'Rows', 'Created'].map(t => h('th', {}, t)))),
    h('tbody', {}, r.body.versions.map(x => h('tr', {className: x.version === chosen ? 'differs' : null},
      h('td', {}, h('a', {href: `#/datasets/${name}?version=${x.version}`}, x.version)),
      h('td', {className: 'mono'}, x.digest.slice(0, 12)), h('td', {className: 'small mono'}, x.source),
      h('td', {className: 'num'}, x.rows), h('td', {className: 'small'}, time(x.createTime))))));
  const splits = Object.keys(v.statistics);
  const classes = v.schema.classNames;
  const counts = h('table', {id: 'class-counts'}, h('thead', {}, h('tr', {}, h('th', {}, 'Class'), splits.map(s => h('th', {}, s + ' (' + v.statistics[s].rows + ')')))),
    h('tbody', {}, classes.map(c => h('tr', {}, h('td', {}, c), splits.map(s => {
      const n = v.statistics[s].classCounts[c] || 0;
      const pct = v.statistics[s].rows ? 100 * n / v.statistics[s].rows : 0;
      return h('td', {}, h('div', {className: 'progress', 'aria-label': `${c} ${s} ${n}`}, h('span', {style: `width:${pct}%`})), n);
    })))));
  const parts = [h('h1', {}, name + ' v' + v.version, ' ', h('span', {className: 'small'}, v.kind + ' · ' + v.format)),
    h('div', {className: 'toolbar'}, h('a', {id: 'train-on', href: `#/new?dataset=${name}@${v.version}`}, h('button', {type: 'button'}, 'Train on this dataset'))),
    h('dl', {className: 'kv card'}, h('dt', {}, 'SHA-256'), h('dd', {className: 'mono'}, v.sha256), h('dt', {}, 'Digest'), h('dd', {className: 'mono'}, v.digest),
      h('dt', {}, 'Source'), h('dd', {className: 'mono'}, v.source), h('dt', {}, 'Stored'), h('dd', {className: 'mono'}, v.storageUri),
      h('dt', {}, 'Input'), h('dd', {}, v.kind === 'image' ? `${v.schema.image.height} x ${v.schema.image.width} x ${v.schema.image.channels}` : v.schema.features.length + ' features')),
    h('h2', {}, 'Versions'), h('div', {className: 'card'}, versions),
    h('h2', {}, 'Classes per split'), h('div', {className: 'card scroll'}, counts)];
  if (v.kind === 'tabular') {
    const train = v.statistics.train.features;
    parts.push(h('h2', {}, 'Features (train split)'), h('div', {className: 'card scroll'}, h('table', {id: 'features'},
      h('thead', {}, h('tr', {}, ['Feature', 'Type', 'Count', 'Missing', 'Mean', 'Std', 'Min', 'Max', 'Distribution'].map(t => h('th', {}, t)))),
      h('tbody', {}, train.map(f => h('tr', {'data-feature': f.name}, h('td', {}, f.name), h('td', {}, f.type),
        h('td', {className: 'num'}, f.count), h('td', {className: 'num'}, f.missing),
        ...['mean', 'std', 'min', 'max'].map(k => h('td', {className: 'num'}, fmt(f[k]))),
        h('td', {}, f.histogram ? histogram(f.histogram.counts)
          : h('span', {className: 'small'}, Object.entries(f.valueCounts || {}).slice(0, 8).map(([k, n]) => k + ' ' + n).join(' · '))))))))); 
  } else {
    const grid = h('div', {className: 'samples', id: 'samples'});
    parts.push(h('h2', {}, 'Samples (train split)'), h('div', {className: 'card'}, grid),
      h('p', {className: 'small'}, 'Pixel mean/std per channel (train): ' + v.statistics.train.channels.map(c => fmt(c.mean) + ' / ' + fmt(c.std)).join(', ')));
    api(`/api/v1/datasets/${encodeURIComponent(name)}/versions/${v.version}/samples?count=24`).then(s => {
      if (s.ok) grid.replaceChildren(...s.body.map(x => h('figure', {}, h('img', {src: x.image, alt: x.label, width: 56, height: 56}), h('figcaption', {className: 'small'}, x.label))));
    });
  }
  view.replaceChildren(...parts);
}

// ---- router ----
function route() {
  stop();
  const [path, query] = (location.hash.slice(1) || '/runs').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean);
  document.querySelectorAll('nav a[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === parts[0]));
  const page = parts[0] === 'runs' && parts[1] ? runPage(parts[1])
    : parts[0] === 'new' ? newRunPage(params)
    : parts[0] === 'pipelines' ? pipelinesPage()
    : parts[0] === 'schedules' ? schedulesPage(params)
    : parts[0] === 'compare' ? comparePage(params)
    : parts[0] === 'experiments' && parts[1] ? experimentPage(decodeURIComponent(parts[1]))
    : parts[0] === 'experiments' ? experimentsPage()
    : parts[0] === 'endpoints' ? endpointsPage()
    : parts[0] === 'models' && parts[1] ? modelPage(decodeURIComponent(parts[1]))
    : parts[0] === 'models' ? modelsPage()
    : parts[0] === 'batch' ? batchPage()
    : parts[0] === 'datasets' && parts[1] ? datasetPage(decodeURIComponent(parts[1]), params)
    : parts[0] === 'datasets' ? datasetsPage()
    : runsPage(params);
  Promise.resolve(page).catch(e => { console.error(e); view.replaceChildren(h('div', {className: 'alert'}, 'Something went wrong: ' + e.message)); });
  view.focus({preventScroll: true});
}

window.addEventListener('hashchange', route);
route();
