// The dashboard page: reads its view from the URL query, asks /api/view for figure JSON and draws it with
// plotly.js; /api/events says when new data landed. Every server string goes in with textContent, never as HTML.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const WIDE = new Set([
    'token-usage',
    'requests-by-model-project',
    'cost-per-day',
    'cost-by-line-item',
    'cost-by-organization',
  ]);
  let renders = 0;
  let loading = 0;

  /**
   * The view state from a query string: { days } or { from, to }, plus project and model lists. With neither, days
   * stays null and the server picks its default (it alone knows how many days it keeps).
   */
  function readState(search) {
    const q = new URLSearchParams(search);
    const state = {
      days: q.get('days'),
      from: q.get('from'),
      to: q.get('to'),
      organizations: q.getAll('organization'),
      projects: q.getAll('project'),
      models: q.getAll('model'),
    };
    return state;
  }

  function queryOf(state) {
    const q = new URLSearchParams();
    if (state.from !== null || state.to !== null) {
      if (state.from) q.set('from', state.from);
      if (state.to) q.set('to', state.to);
    } else if (state.days !== null) q.set('days', state.days);
    for (const o of state.organizations) q.append('organization', o);
    for (const p of state.projects) q.append('project', p);
    for (const m of state.models) q.append('model', m);
    return q.toString();
  }

  let state = readState(location.search);

  function setState(next) {
    state = next;
    history.pushState(null, '', '?' + queryOf(state));
    load();
  }

  function showError(text) {
    const box = $('error');
    box.textContent = text;
    box.hidden = text === '';
  }

  /** A span of one class holding `text` as text (never markup). */
  function textSpan(className, text) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    return span;
  }

  /** The last line of a shortened list: "and N more". */
  function moreItem(count) {
    const li = document.createElement('li');
    li.className = 'more';
    li.textContent = 'and ' + count + ' more';
    return li;
  }

  function checkboxList(container, items, selected, onChange) {
    const chosen = new Set(selected);
    const boxes = items.map((item) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = item.id;
      box.checked = chosen.has(item.id);
      box.addEventListener('change', () => onChange(boxes.filter((b) => b.checked).map((b) => b.value)));
      const name = document.createElement('span');
      name.textContent = item.organization ? item.name + ' · ' + item.organization : item.name;
      label.append(box, name);
      if (item.name !== item.id) label.append(textSpan('id', item.id));
      return box;
    });
    container.replaceChildren(...boxes.map((b) => b.parentElement));
  }

  function summary(selected, items) {
    if (selected.length === 0) return 'all';
    const names = new Map(items.map((i) => [i.id, i.name]));
    return selected.map((id) => names.get(id) ?? id).join(', ');
  }

  function renderControls(view) {
    const custom = view.days === null;
    const select = $('days');
    // Offer no range wider than the server keeps, and the widest it keeps, in order.
    for (const o of [...select.options]) if (o.value !== 'custom' && Number(o.value) > view.maxDays) o.remove();
    for (const days of custom ? [view.maxDays] : [view.days, view.maxDays]) {
      if ([...select.options].some((o) => o.value === String(days))) continue;
      const option = document.createElement('option');
      option.value = String(days);
      option.textContent = 'Last ' + days + ' days';
      const after = [...select.options].find((o) => o.value === 'custom' || Number(o.value) > days);
      select.insertBefore(option, after ?? null);
    }
    select.value = custom ? 'custom' : String(view.days);
    $('dates').hidden = !custom;
    $('from').value = view.from;
    $('to').value = view.to;
    // Selected ids missing from the range's data stay listed, so they can be unticked.
    const projects = [...view.projects];
    for (const id of view.selected.projects) if (!projects.some((p) => p.id === id)) projects.push({ id, name: id });
    const models = view.models.map((m) => ({ id: m, name: m }));
    for (const m of view.selected.models) if (!view.models.includes(m)) models.push({ id: m, name: m });
    // Organizations: shown only when the source holds several (a store synced from several keys).
    const organizations = [...view.organizations];
    for (const id of view.selected.organizations)
      if (!organizations.some((o) => o.id === id)) organizations.push({ id, name: id });
    $('organization-picker').hidden = organizations.length < 2;
    checkboxList($('organization-options'), organizations, view.selected.organizations, (ids) =>
      setState({ ...state, organizations: ids }),
    );
    $('organization-summary').textContent = summary(view.selected.organizations, organizations);
    checkboxList($('project-options'), projects, view.selected.projects, (ids) =>
      setState({ ...state, projects: ids }),
    );
    checkboxList($('model-options'), models, view.selected.models, (ids) => setState({ ...state, models: ids }));
    $('project-summary').textContent = summary(view.selected.projects, projects);
    $('model-summary').textContent = summary(view.selected.models, models);
  }

  function renderInsights(insights) {
    const panel = $('insights');
    panel.hidden = insights === null;
    if (insights === null) return;
    const forecast = $('forecast');
    forecast.replaceChildren();
    if (insights.forecast === null) {
      const h = document.createElement('h2');
      h.textContent = 'No month-end forecast yet';
      const d = document.createElement('div');
      d.className = 'note-text';
      d.textContent = 'It needs at least 7 complete days of spend, from the first of the month.';
      forecast.append(h, d);
    } else {
      const h = document.createElement('h2');
      h.textContent = insights.forecast.label;
      const v = document.createElement('div');
      v.className = 'value';
      v.textContent = insights.forecast.value;
      forecast.append(h, v);
      if (insights.forecast.detail) {
        const d = document.createElement('div');
        d.textContent = insights.forecast.detail;
        forecast.append(d);
      }
    }
    const list = $('anomalies');
    const h = document.createElement('h2');
    const more = insights.moreAnomalies ?? 0;
    const count = insights.anomalies.length + more;
    h.textContent =
      count === 0
        ? insights.anomalyNote
          ? 'Anomalies: too little history to judge'
          : 'No anomalies in this range'
        : count === 1
          ? '1 incident'
          : count + ' incidents, largest first';
    const ul = document.createElement('ul');
    for (const a of insights.anomalies) {
      const li = document.createElement('li');
      li.append(textSpan('when', a.when), ' · ', textSpan('what', a.what), ': ', textSpan('detail', a.detail));
      if (a.hover) li.title = a.hover;
      ul.append(li);
    }
    if (more > 0) ul.append(moreItem(more));
    list.replaceChildren(h, ul);
    if (insights.anomalyNote) {
      const note = document.createElement('p');
      note.className = 'note-text';
      note.textContent = insights.anomalyNote;
      list.append(note);
    }
  }

  // Open alerts of the store: every name is set as text, never as markup.
  function renderAlerts(alerts) {
    const panel = $('alerts');
    panel.hidden = alerts === null;
    if (alerts === null) return;
    const count = alerts.lines.length + alerts.more;
    const h = document.createElement('h2');
    h.textContent = count === 0 ? 'No open alerts' : count === 1 ? '1 open alert' : count + ' open alerts';
    panel.classList.toggle('quiet', count === 0);
    const ul = document.createElement('ul');
    for (const a of alerts.lines) {
      const li = document.createElement('li');
      li.title = a.hover;
      li.append(textSpan('rule', a.rule), ': ', textSpan('what', a.what), ' · ', textSpan('when', a.when));
      ul.append(li);
    }
    if (alerts.more > 0) ul.append(moreItem(alerts.more));
    panel.replaceChildren(h, ul);
  }

  function renderFigures(figures) {
    const main = $('charts');
    const wanted = new Set(figures.map((f) => 'card-' + f.id));
    for (const card of [...main.children]) {
      if (!wanted.has(card.id)) {
        Plotly.purge(card.firstElementChild);
        card.remove();
      }
    }
    for (const fig of figures) {
      let el = $('chart-' + fig.id);
      if (el === null) {
        const card = document.createElement('section');
        card.id = 'card-' + fig.id;
        card.className = WIDE.has(fig.id) ? 'card wide' : 'card';
        el = document.createElement('div');
        el.id = 'chart-' + fig.id;
        el.className = 'plot';
        card.append(el);
        main.append(card);
      }
      Plotly.react(el, fig.data, fig.layout, fig.config);
    }
    // Keep the server's order when figures come and go.
    for (const fig of figures) main.append($('card-' + fig.id));
  }

  function showSynced(iso) {
    const el = $('synced');
    el.textContent = iso === null ? 'never (waiting for the first sync)' : iso.slice(0, 16).replace('T', ' ') + ' UTC';
    el.dateTime = iso ?? '';
    document.body.dataset.synced = iso ?? '';
  }

  async function load() {
    const ticket = ++loading;
    let res;
    try {
      res = await fetch('/api/view?' + queryOf(state), { headers: { accept: 'application/json' }, cache: 'no-store' });
    } catch (e) {
      if (ticket === loading) showError('Cannot reach the dashboard server: ' + e.message);
      return;
    }
    if (res.status === 401) {
      // The server restarted with a new token: only the printed URL can let this page in again.
      if (ticket === loading) showError('Not signed in: open the URL with ?token=… that `npm run dashboard` printed.');
      return;
    }
    const body = await res.json().catch(() => ({ error: 'HTTP ' + res.status }));
    // A newer request was sent meanwhile: its answer wins.
    if (ticket !== loading) return;
    if (!res.ok) {
      showError(body.error ?? 'HTTP ' + res.status);
      return;
    }
    showError('');
    renderControls(body);
    renderAlerts(body.alerts);
    renderInsights(body.insights);
    renderFigures(body.figures);
    showSynced(body.lastSyncedAt);
    document.body.dataset.renders = String(++renders);
  }

  function listen() {
    const events = new EventSource('/api/events');
    const live = $('live');
    events.addEventListener('open', () => {
      live.textContent = 'live';
      live.className = 'live on';
    });
    events.addEventListener('error', () => {
      live.textContent = 'reconnecting…';
      live.className = 'live off';
    });
    events.addEventListener('hello', (e) => {
      // After a reconnect we may have missed a change: reload when the sync time differs.
      const { lastSyncedAt } = JSON.parse(e.data);
      if ((lastSyncedAt ?? '') !== (document.body.dataset.synced ?? '') && document.body.dataset.renders) load();
    });
    events.addEventListener('change', () => load());
  }

  $('days').addEventListener('change', () => {
    const v = $('days').value;
    if (v === 'custom') setState({ ...state, days: null, from: $('from').value, to: $('to').value });
    else setState({ ...state, days: v, from: null, to: null });
  });
  for (const id of ['from', 'to']) {
    $(id).addEventListener('change', () =>
      setState({ ...state, days: null, from: $('from').value, to: $('to').value }),
    );
  }
  $('reset').addEventListener('click', () => setState({ ...state, organizations: [], projects: [], models: [] }));
  window.addEventListener('popstate', () => {
    state = readState(location.search);
    load();
  });
  // Close a picker when clicking elsewhere.
  document.addEventListener('click', (e) => {
    for (const d of document.querySelectorAll('details.picker[open]')) if (!d.contains(e.target)) d.open = false;
  });

  load();
  listen();
})();
