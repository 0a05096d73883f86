/* conflictwire dashboard: map, timeline, filters, table, trends and incident panel (with review) over the JSON API.
 *
 * Plain modern JavaScript, no build. Every string from the database reaches the page as a text
 * node or an attribute value set through the DOM (never as HTML), so an article cannot inject
 * markup. Reviews are POSTed with the token the analyst pastes once: it is kept in sessionStorage
 * (this tab only) and sent in the Authorization header, never in an address. The drawing functions (incidentMarker, drawTimeline, highlighted) take data and return
 * nodes, so a report page can load this file and reuse them.
 */
'use strict';

(() => {
  const cfg = JSON.parse(document.getElementById('cw-config').textContent);
  const FILTERS = ['date_from', 'date_to', 'event_type', 'country', 'admin1', 'actor', 'q'];
  const PAGE = 25;
  const SVG = 'http://www.w3.org/2000/svg';

  // ------------------------------------------------------------------ small helpers

  /** An element with attributes and children; strings become text nodes (never parsed as HTML). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key === 'style') Object.assign(node.style, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false || child === '') continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function svg(tag, attrs = {}, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value !== null && value !== undefined) node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const colourOf = (type) => cfg.colours[type] || cfg.other_colour;
  const ringOf = (precision) => cfg.precision[String(precision)] || cfg.precision.none;
  const fmt = (n) => (n === null || n === undefined ? '' : Number(n).toLocaleString('en'));

  function status(message, kind = 'info') {
    const box = document.getElementById('status');
    box.hidden = !message;
    box.className = `status ${kind}`;
    box.textContent = message || '';
  }

  // ------------------------------------------------------------------ API access

  const auth = { token: sessionStorage.getItem('conflictwire-token') || '' };

  class NeedsToken extends Error {}

  async function api(path, params = {}) {
    const url = new URL(path, location.origin);
    for (const [key, value] of Object.entries(params)) {
      if (value !== '' && value !== null && value !== undefined) url.searchParams.set(key, value);
    }
    const headers = auth.token ? { Authorization: `Bearer ${auth.token}` } : {};
    const response = await fetch(url, { headers });
    if (response.status === 401) throw new NeedsToken('a read token is needed');
    if (!response.ok) throw new Error(`${path}: ${await detailOf(response)}`);
    return response.json();
  }

  // ------------------------------------------------------------------ filters (kept in the URL's hash)

  const form = document.getElementById('filters');

  function currentFilters() {
    const out = {};
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) out[name] = value;
    }
    return out;
  }

  function setFilters(values) {
    for (const name of FILTERS) form.elements[name].value = values[name] || '';
  }

  function filtersFromHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    return Object.fromEntries(FILTERS.filter((k) => params.get(k)).map((k) => [k, params.get(k)]));
  }

  function addOptions(target, values) {
    target.replaceChildren(...values.map((v) => el('option', { value: v })));
  }

  async function loadChoices() {
    const [types, regions, actors] = await Promise.all([
      api('/stats', { by: 'type' }), api('/stats', { by: 'admin1', top: 500 }), api('/stats', { by: 'actor', top: 500 }),
    ]);
    const select = form.elements.event_type;
    const counts = Object.fromEntries(types.buckets.map((b) => [b.key, b.incidents]));
    const known = Object.keys(cfg.event_types);
    const extra = types.buckets.map((b) => b.key).filter((k) => k && !known.includes(k));
    const wanted = select.value;
    select.replaceChildren(el('option', { value: '' }, `All types (${fmt(types.incidents)})`));
    for (const type of [...known, ...extra]) {
      const group = el('optgroup', { label: type });
      group.append(el('option', { value: type }, `All ${type} (${fmt(counts[type] || 0)})`));
      for (const sub of cfg.event_types[type] || []) group.append(el('option', { value: sub }, sub));
      select.append(group);
    }
    select.value = wanted;
    addOptions(document.getElementById('countries'), [...new Set(regions.buckets.map((b) => b.country).filter(Boolean))].sort());
    addOptions(document.getElementById('regions'), regions.buckets.map((b) => b.key));
    addOptions(document.getElementById('actors'), actors.buckets.map((b) => b.key));
    for (const input of [form.elements.date_from, form.elements.date_to]) {
      if (types.first_date) input.min = types.first_date;
      if (types.last_date) input.max = types.last_date;
    }
    drawLegend(counts);
  }

  // ------------------------------------------------------------------ legend

  function drawLegend(counts = {}) {
    const types = [...Object.keys(cfg.event_types)];
    document.getElementById('legend-types').replaceChildren(...types.map((type) => el('li', {},
      el('button', { type: 'button', class: 'legend-type', title: `Show only ${type}`, dataset: { type },
        onclick: () => { form.elements.event_type.value = type; refresh(); } },
      el('i', { class: 'sw', style: { background: colourOf(type) } }), type,
      el('span', { class: 'count' }, counts[type] ? fmt(counts[type]) : '')))));
    document.getElementById('legend-precision').replaceChildren(...['1', '2', '3'].map((key) => {
      const ring = cfg.precision[key];
      return el('li', {}, el('span', { class: 'ring-slot' },
        el('i', { class: 'ring', style: { width: `${ring.px}px`, height: `${ring.px}px` } })),
      `${key}: ${ring.label}`);
    }));
  }

  // ------------------------------------------------------------------ map

  const map = L.map('map', { worldCopyJump: true, minZoom: 2, maxZoom: 18, zoomSnap: 0.5 }).setView([33.5, 43.5], 6);
  const outline = L.geoJSON(null, {
    interactive: false,
    style: { color: '#8b95a1', weight: 0.9, fillColor: '#f7f5ef', fillOpacity: 1 },
  }).addTo(map);
  // country names over the outline (tiles carry their own), from zoom 4 on
  map.createPane('cw-labels').style.zIndex = 450;  // above the outline's filled shapes (400), below markers
  const labels = L.layerGroup();

  /** A label at the middle of a country's largest part (France's mainland, not its bounds with its islands). */
  function countryLabel(feature) {
    const g = feature.geometry;
    const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    let best = null;
    let area = -1;
    for (const part of parts) {
      const b = L.latLngBounds(part[0].map(([x, y]) => [y, x]));
      const size = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
      if (size > area) { area = size; best = b; }
    }
    const name = el('span', {}, feature.properties.name || '');
    return L.marker(best.getCenter(), { pane: 'cw-labels', interactive: false, keyboard: false,
      icon: L.divIcon({ className: 'cw-country', html: name, iconSize: null }) });
  }

  function showLabels() {
    const wanted = map.hasLayer(outline) && map.getZoom() >= 4;
    if (wanted && !map.hasLayer(labels)) labels.addTo(map);
    if (!wanted && map.hasLayer(labels)) map.removeLayer(labels);
  }
  map.on('zoomend baselayerchange', showLabels);

  function drawOutline(geojson) {
    outline.addData(geojson);
    for (const feature of geojson.features) labels.addLayer(countryLabel(feature));
    showLabels();
  }

  const tiles = L.tileLayer(cfg.tiles.url, { maxZoom: cfg.tiles.max_zoom, attribution: cfg.tiles.attribution });
  L.control.layers({ 'Outline (offline)': outline, OpenStreetMap: tiles }, {}, { position: 'topright' }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  let tileErrors = 0;
  tiles.on('tileerror', () => {
    tileErrors += 1;
    if (tileErrors === 3 && map.hasLayer(tiles)) {  // a few misses: no network, fall back to the outline
      map.removeLayer(tiles);
      outline.addTo(map);
      status('Online tiles could not be loaded; the offline outline is shown.', 'warn');
    }
  });
  tiles.on('tileload', () => { tileErrors = 0; });
  map.on('baselayerchange', (e) => { if (e.layer === tiles) tileErrors = 0; });

  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 30, spiderfyOnMaxZoom: true });
  map.addLayer(cluster);
  let markers = [];
  let fitted = false;

  /** A marker for one GeoJSON feature: its event type's colour, a ring sized by its geo precision. */
  function incidentMarker(feature, onOpen) {
    const [lng, lat] = feature.geometry.coordinates;
    const p = feature.properties;
    const ring = ringOf(p.geo_precision);
    const body = el('span', { class: 'cw-ring' });
    body.style.setProperty('--c', colourOf(p.event_type));
    const icon = L.divIcon({ className: 'cw-marker', html: body, iconSize: [ring.px, ring.px] });
    const marker = L.marker([lat, lng], { icon, keyboard: true, title: p.location || '' });
    const tip = el('div', { class: 'tip' },
      el('strong', {}, p.sub_event_type || p.event_type || 'Incident'),
      el('div', {}, [p.event_date, p.location].filter(Boolean).join(' · ')),
      el('div', {}, `${fmt(p.fatalities)} killed · precision ${p.geo_precision ?? '?'}`));
    marker.bindTooltip(tip, { direction: 'top', offset: [0, -ring.px / 2] });
    marker.on('click', () => onOpen(feature.id));
    return marker;
  }

  async function loadMap(filters, current = () => true) {
    const data = await api('/incidents.geojson', filters);
    if (!current()) return data.features.length;
    cluster.clearLayers();
    markers = data.features.map((f) => ({ feature: f, marker: incidentMarker(f, openIncident) }));
    cluster.addLayers(markers.map((m) => m.marker));
    if (!fitted && markers.length) {
      map.fitBounds(cluster.getBounds(), { padding: [40, 40], maxZoom: 6.5 });  // never closer: neighbours and borders stay in view
      fitted = true;
    }
    return data.features.length;
  }

  // ------------------------------------------------------------------ timeline

  let unit = 'auto';

  function addDays(key, days) {
    const d = new Date(`${key}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  const stepOf = (key, by) => addDays(key, by === 'week' ? 7 : 1);

  /** Every bucket from the first to the last, empty ones included, so bar width is time. */
  function continuous(buckets, by) {
    if (!buckets.length) return [];
    const have = new Map(buckets.map((b) => [b.key, b]));
    const out = [];
    for (let key = buckets[0].key; key <= buckets.at(-1).key && out.length < 5000; key = stepOf(key, by)) {
      out.push(have.get(key) || { key, incidents: 0, fatalities: 0 });
    }
    return out;
  }

  /** SVG bars: incidents above the axis, fatalities below it; a click on a bar calls onPick(from, to). */
  function drawTimeline(buckets, by, width, onPick) {
    const height = 132;
    const top = 14;
    const mid = 78;
    const bottom = height - 20;
    const all = continuous(buckets, by);
    const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'tl', role: 'img',
      'aria-label': `Incidents and fatalities per ${by}` });
    if (!all.length) {
      chart.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'tl-empty' }, 'No dated incidents'));
      return chart;
    }
    const left = 40;
    const slot = (width - left - 6) / all.length;
    const maxInc = Math.max(1, ...all.map((b) => b.incidents));
    const maxFat = Math.max(1, ...all.map((b) => b.fatalities));
    chart.append(svg('line', { x1: left, x2: width - 4, y1: mid, y2: mid, class: 'tl-axis' }));
    chart.append(svg('text', { x: left - 5, y: top + 7, 'text-anchor': 'end', class: 'tl-label tl-label-inc' }, fmt(maxInc)));
    chart.append(svg('text', { x: left - 5, y: bottom, 'text-anchor': 'end', class: 'tl-label tl-label-fat' }, fmt(maxFat)));
    all.forEach((b, i) => {
      const x = left + i * slot;
      const w = Math.max(1, slot - (slot > 4 ? 1 : 0));
      const hi = ((mid - top) * b.incidents) / maxInc;
      const hf = ((bottom - mid - 2) * b.fatalities) / maxFat;
      const to = by === 'week' ? addDays(b.key, 6) : b.key;
      const label = `${by === 'week' ? `Week of ${b.key}` : b.key}: ${fmt(b.incidents)} incidents, ${fmt(b.fatalities)} killed`;
      const group = svg('g', { class: 'tl-bar', 'data-key': b.key }, svg('title', {}, label),
        svg('rect', { x, y: top, width: Math.max(w, 3), height: bottom - top, class: 'tl-hit' }),
        svg('rect', { x, y: mid - hi, width: w, height: hi, class: 'tl-inc' }),
        svg('rect', { x, y: mid + 1, width: w, height: hf, class: 'tl-fat' }));
      if (b.incidents) group.addEventListener('click', () => onPick(b.key, to));
      chart.append(group);
    });
    const ticks = Math.min(all.length, Math.max(2, Math.floor((width - left) / 90)));
    for (let t = 0; t < ticks; t += 1) {
      const i = Math.round((t * (all.length - 1)) / Math.max(1, ticks - 1));
      const x = left + i * slot + slot / 2;
      chart.append(svg('text', { x, y: height - 4, 'text-anchor': t === 0 ? 'start' : t === ticks - 1 ? 'end' : 'middle',
        class: 'tl-label' }, all[i].key));
    }
    return chart;
  }

  async function loadTimeline(filters, current = () => true) {
    const host = document.getElementById('timeline');
    let by = unit;
    let stats = null;
    if (by === 'auto') {
      const span = await api('/stats', { ...filters, by: 'day' });
      const days = span.first_date && span.last_date ? (new Date(span.last_date) - new Date(span.first_date)) / 864e5 : 0;
      by = days > 120 ? 'week' : 'day';
      if (by === 'day') stats = span;
    }
    stats = stats || await api('/stats', { ...filters, by });
    if (current()) renderTimeline(host, stats, by);
  }

  function renderTimeline(host, stats, by) {
    document.getElementById('timeline-note').textContent = stats.first_date
      ? `${stats.first_date} to ${stats.last_date}, per ${by}` : '';
    host.replaceChildren(drawTimeline(stats.buckets, by, Math.max(300, host.clientWidth), (from, to) => {
      form.elements.date_from.value = from;
      form.elements.date_to.value = to;
      refresh();
    }));
  }

  for (const button of document.querySelectorAll('.seg button')) {
    button.addEventListener('click', () => {
      unit = button.dataset.unit;
      for (const b of document.querySelectorAll('.seg button')) b.setAttribute('aria-pressed', String(b === button));
      loadTimeline(currentFilters()).catch(fail);
    });
  }

  // ------------------------------------------------------------------ table

  let offset = 0;

  function actorsOf(inc) {
    return [inc.actor1, inc.actor2].filter(Boolean).join(' → ');
  }

  async function loadTable(filters, current = () => true) {
    const page = await api('/incidents', { ...filters, limit: PAGE, offset, sort: 'event_date', order: 'desc' });
    if (!current()) return page.total;
    const rows = page.items.map((inc) => el('tr', { dataset: { id: inc.id }, tabindex: 0,
      onclick: () => openIncident(inc.id), onkeydown: (e) => { if (e.key === 'Enter') openIncident(inc.id); } },
    el('td', { class: 'date' }, inc.event_date || '—'),
    el('td', {}, el('i', { class: 'sw', style: { background: colourOf(inc.event_type) } }), inc.sub_event_type || inc.event_type),
    el('td', {}, inc.location || '—', el('span', { class: 'muted' }, [inc.admin1, inc.country].filter(Boolean).join(', '))),
    el('td', { class: 'actors' }, actorsOf(inc)),
    el('td', { class: 'num' }, fmt(inc.fatalities))));
    document.querySelector('#incidents tbody').replaceChildren(...rows);
    if (!rows.length) {
      document.querySelector('#incidents tbody').append(el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'No incident matches these filters.')));
    }
    document.getElementById('page-info').textContent = page.total
      ? `${fmt(offset + 1)}–${fmt(offset + page.items.length)} of ${fmt(page.total)}, newest first` : '';
    document.getElementById('prev').disabled = offset === 0;
    document.getElementById('next').disabled = offset + page.items.length >= page.total;
    return page.total;
  }

  document.getElementById('prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); loadTable(currentFilters()).catch(fail); });
  document.getElementById('next').addEventListener('click', () => { offset += PAGE; loadTable(currentFilters()).catch(fail); });

  // ------------------------------------------------------------------ trends

  // the comparison sets its own window and regions: only the other filters narrow it
  const TREND_FILTERS = ['event_type', 'country', 'actor', 'q'];
  const trendLayer = L.layerGroup().addTo(map);
  let lastTrends = null;

  /** The dashboard address (its hash) that filters map, table and timeline to an `/incidents?...` link's rows. */
  function hashFor(incidentsUrl) {
    const params = new URL(incidentsUrl, location.origin).searchParams;
    const kept = new URLSearchParams();
    for (const name of FILTERS) if (params.get(name)) kept.set(name, params.get(name));
    return `#${kept.toString()}`;
  }

  const fixed = (x) => (x === null || x === undefined ? '' : Number(x).toFixed(1));

  /** One region's card: each number a link that shows the incidents behind it. */
  function trendItem(area, per) {
    const now = hashFor(area.incidents_url);
    const before = hashFor(area.baseline_url);
    const num = (value, hash, rising, what) => el('a', { class: rising ? 'trend-num rising' : 'trend-num', href: hash,
      title: what, dataset: { kind: what } }, value);
    return el('li', { class: area.flagged ? 'trend flagged' : 'trend', dataset: { admin1: area.admin1, country: area.country } },
      el('div', { class: 'trend-name' }, area.flagged ? el('span', { class: 'trend-flag', title: 'rise flagged' }, '▲') : '',
        area.admin1, el('span', { class: 'muted' }, area.country)),
      el('div', { class: 'trend-figs' },
        el('span', {}, num(fmt(area.incidents), now, area.incidents_rising, 'incidents this period'), ' incidents vs ',
          num(fixed(area.incidents_mean), before, false, 'baseline incidents'), `/${per} before`),
        el('span', {}, num(fmt(area.fatalities), now, area.fatalities_rising, 'fatalities this period'), ' killed vs ',
          num(fixed(area.fatalities_mean), before, false, 'baseline fatalities'), `/${per} before`)));
  }

  /** A dashed ring where a flagged region's incidents are, on the map at every zoom. */
  function drawTrendRings(areas) {
    trendLayer.clearLayers();
    for (const a of areas) {
      if (!a.flagged || a.latitude === null || a.longitude === null) continue;
      const ring = L.circleMarker([a.latitude, a.longitude], { radius: 30, color: '#b8322a', weight: 2.5, fill: true,
        fillOpacity: 0.06, className: 'cw-trend' });
      ring.bindTooltip(el('div', { class: 'tip' }, el('strong', {}, `▲ ${a.admin1}`),
        `${fmt(a.incidents)} incidents, ${fmt(a.fatalities)} killed (baseline ${fixed(a.incidents_mean)} and ${fixed(a.fatalities_mean)})`));
      ring.on('click', () => { location.hash = hashFor(a.incidents_url); });
      trendLayer.addLayer(ring);
    }
  }

  async function loadTrends(filters, current = () => true) {
    const params = Object.fromEntries(TREND_FILTERS.filter((k) => filters[k]).map((k) => [k, filters[k]]));
    const got = await api('/trends', { ...params, period: document.getElementById('trend-period').value,
      baseline: document.getElementById('trend-baseline').value, top: 200 });
    if (!current()) return got;
    lastTrends = got;
    const per = got.period === 'week' ? 'week' : '4 weeks';
    const list = document.getElementById('trends-list');
    const note = document.getElementById('trends-note');
    if (!got.current) {
      note.textContent = '';
      list.replaceChildren(el('li', { class: 'trend-empty' }, 'No dated incident to compare.'));
      drawTrendRings([]);
      return got;
    }
    note.textContent = `${got.current.date_from} to ${got.current.date_to} against the ${got.known_periods} ` +
      `${got.period === 'week' ? 'weeks' : 'four-week periods'} before; ${got.flagged} of ${got.total} regions rising.`;
    // the flagged regions, then the largest other rises
    const rises = got.areas.filter((a) => !a.flagged && a.incidents_change > 0).slice(0, 8);
    const shown = [...got.areas.filter((a) => a.flagged), ...rises];
    list.replaceChildren(...shown.map((a) => trendItem(a, per)));
    if (!shown.length) list.append(el('li', { class: 'trend-empty' }, 'No region rose this period.'));
    drawTrendRings(got.areas);
    return got;
  }

  for (const id of ['trend-period', 'trend-baseline']) {
    document.getElementById(id).addEventListener('change', () => loadTrends(currentFilters()).catch(fail));
  }

  // ------------------------------------------------------------------ review (the analyst's token, POSTs)

  /** Why a request failed, in the API's words (its `detail`, a string or FastAPI's list of problems). */
  async function detailOf(response) {
    try {
      const body = await response.json();
      return typeof body.detail === 'string' ? body.detail : body.detail.map((d) => `${d.loc.at(-1)}: ${d.msg}`).join('; ');
    } catch (_) {
      return response.statusText;
    }
  }

  function useToken(value) {
    auth.token = value.trim();
    if (auth.token) sessionStorage.setItem('conflictwire-token', auth.token);
    else sessionStorage.removeItem('conflictwire-token');
  }

  /** A review POST with the token in a header (never in the address); a refusal says what to do. */
  async function post(path, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
    const response = await fetch(new URL(path, location.origin), { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.status === 401) {
      throw new Error(`Not saved: the API needs a valid token for reviews (401). ${await detailOf(response)}`);
    }
    if (!response.ok) throw new Error(`Not saved (${response.status}): ${await detailOf(response)}`);
    return response.json();
  }

  /** What a typed value becomes for a field: a number for a count or a coordinate, null for an emptied optional one. */
  function valueFor(name, text) {
    const type = cfg.editable_fields[name] || 'str';
    const raw = text.trim();
    if (raw === '' && type.includes('None')) return null;
    if (type.startsWith('int') && /^-?\d+$/.test(raw)) return Number(raw);
    if (type.startsWith('float') && raw !== '' && Number.isFinite(Number(raw))) return Number(raw);
    return type.startsWith('str') ? text : raw;  // anything else goes as typed: the API says what fits
  }

  const shownValue = (v) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

  function reviewLog(reviews) {
    if (!reviews.length) return el('p', { class: 'muted review-log' }, 'Not reviewed yet.');
    return el('table', { class: 'review-log' },
      el('thead', {}, el('tr', {}, ['When', 'Who', 'Action', 'Field', 'Old', 'New', 'Why'].map((h) => el('th', {}, h)))),
      el('tbody', {}, reviews.map((r) => el('tr', { dataset: { action: r.action } },
        el('td', { class: 'date' }, String(r.at || '').replace('T', ' ').slice(0, 19)), el('td', {}, r.by), el('td', {}, r.action),
        el('td', {}, r.field || ''), el('td', {}, r.field ? shownValue(r.old) : ''), el('td', {}, r.field ? shownValue(r.new) : ''),
        el('td', {}, r.why)))));
  }

  /** The review controls of an open incident, and `act(path, body, what)` that the report blocks use to split. */
  function reviewBlock(inc, notice) {
    const status = inc.review_status || 'unreviewed';
    const why = el('textarea', { name: 'why', rows: 2, placeholder: 'Why (required, kept in the review log)', 'aria-label': 'Why' });
    const msg = el('p', { class: `review-msg ${notice ? notice.kind : ''}`, role: 'status' }, notice ? notice.text : '');
    const fieldSel = el('select', { name: 'field', 'aria-label': 'Field' },
      Object.keys(cfg.editable_fields).map((f) => el('option', { value: f }, f)));
    fieldSel.value = 'fatalities';
    const value = el('input', { name: 'value', placeholder: 'new value', 'aria-label': 'New value', autocomplete: 'off' });
    const current = () => { value.value = inc[fieldSel.value] === null || inc[fieldSel.value] === undefined ? '' : String(inc[fieldSel.value]); };
    fieldSel.addEventListener('change', current);
    current();
    const other = el('input', { name: 'merge_id', placeholder: 'id of the incident to merge with', 'aria-label': 'Merge with', autocomplete: 'off' });

    async function act(path, body, what) {
      const note = why.value.trim();
      if (!note) {
        msg.className = 'review-msg error';
        msg.textContent = 'Say why first: every review needs a note.';
        why.focus();
        return;
      }
      msg.className = 'review-msg';
      msg.textContent = 'Saving…';
      try {
        const got = await post(path, { ...body, why: note });
        const next = got.incidents ? got.incidents[0].id : got.id;
        await refresh({ keepPage: true });
        await openIncident(next, { kind: 'ok', text: `${what}: saved.` });
      } catch (e) {
        msg.className = 'review-msg error';
        msg.textContent = e.message;
      }
    }

    const at = `/incidents/${encodeURIComponent(inc.id)}`;
    const tokenBox = auth.token
      ? el('p', { class: 'note' }, 'Reviewing with the token pasted in this tab. ',
        el('button', { type: 'button', class: 'link', onclick: () => { useToken(''); openIncident(inc.id); } }, 'Forget it'))
      : el('form', { class: 'review-token', onsubmit: (e) => {
        e.preventDefault();
        useToken(e.target.elements.review_token.value);
        openIncident(inc.id);
      } },
      el('div', {}, 'Reviewing needs a token: create one with ', el('code', {}, 'conflictwire token create NAME'),
        ' and paste it here (kept for this tab only, never in the address).'),
      el('div', { class: 'review-row' }, el('input', { name: 'review_token', type: 'password', placeholder: 'cw_...',
        'aria-label': 'Review token', autocomplete: 'off', spellcheck: 'false' }), el('button', { type: 'submit' }, 'Use token')));
    const block = el('section', { class: 'review', id: 'review', dataset: { status } },
      el('h4', {}, 'Review', el('span', { class: `review-status ${status}` }, status)),
      tokenBox,
      el('label', {}, 'Why', why),
      el('div', { class: 'review-row' },
        el('button', { type: 'button', dataset: { action: 'accept' }, onclick: () => act(`${at}/review`, { action: 'accept' }, 'Accepted') }, 'Accept'),
        el('button', { type: 'button', dataset: { action: 'reject' }, onclick: () => act(`${at}/review`, { action: 'reject' }, 'Rejected') }, 'Reject')),
      el('div', { class: 'review-row' }, fieldSel, value,
        el('button', { type: 'button', dataset: { action: 'edit' }, onclick: () => act(`${at}/review`,
          { action: 'edit', field: fieldSel.value, value: valueFor(fieldSel.value, value.value) }, `${fieldSel.value} edited`) }, 'Save edit')),
      el('div', { class: 'review-row' }, other,
        el('button', { type: 'button', dataset: { action: 'merge' }, onclick: () => act('/incidents/merge',
          { ids: [inc.id, other.value.trim()] }, 'Merged') }, 'Merge')),
      msg,
      el('h4', {}, `Review log (${(inc.reviews || []).length})`),
      reviewLog(inc.reviews || []));
    return { block, act };
  }

  // ------------------------------------------------------------------ incident panel

  const panel = document.getElementById('panel');
  const articles = new Map();  // id -> Promise of the article (one article often reports several incidents)

  function article(id) {
    if (!articles.has(id)) articles.set(id, api(`/articles/${encodeURIComponent(id)}`).catch((e) => { articles.delete(id); throw e; }));
    return articles.get(id);
  }

  /** The article's text as nodes, each evidence span a <mark data-field> (overlaps share one mark). */
  function highlighted(text, spans) {
    const cuts = new Set([0, text.length]);
    const good = spans.filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end);
    for (const s of good) { cuts.add(s.start); cuts.add(s.end); }
    const edges = [...cuts].sort((a, b) => a - b);
    const out = document.createDocumentFragment();
    for (let i = 0; i < edges.length - 1; i += 1) {
      const [a, b] = [edges[i], edges[i + 1]];
      const piece = text.slice(a, b);
      const fields = [...new Set(good.filter((s) => s.start <= a && s.end >= b).map((s) => s.field))];
      if (!fields.length) { out.append(piece); continue; }
      const first = good.some((s) => s.start === a);
      out.append(el('mark', { class: first ? 'ev ev-start' : 'ev', dataset: { field: fields.join(', ') }, title: fields.join(', ') }, piece));
    }
    return out;
  }

  function field(label, ...value) {
    const shown = value.flat().filter((v) => v !== null && v !== undefined && v !== '');
    return shown.length ? [el('dt', {}, label), el('dd', {}, ...shown)] : [];
  }

  function range(best, low, high) {
    if (low !== null && low !== undefined && high !== null && high !== undefined && (low !== best || high !== best)) {
      return `${fmt(best)} (${fmt(low)}–${fmt(high)})`;
    }
    if (low !== null && low !== undefined && (high === null || high === undefined) && low === best && best) return `${fmt(best)}+`;
    return fmt(best);
  }

  function safeLink(url, text) {
    try {
      const u = new URL(url);
      if (u.protocol === 'http:' || u.protocol === 'https:') return el('a', { href: u.href, target: '_blank', rel: 'noopener noreferrer' }, text);
    } catch (_) { /* not a URL */ }
    return text;
  }

  async function reportBlock(inc, articleId, mention, act) {
    const spans = inc.evidence.filter((e) => e.article_id === articleId);
    const head = el('header', { class: 'report-head' });
    const block = el('section', { class: 'report', dataset: { article: articleId } }, head);
    let art = null;
    try { art = await article(articleId); } catch (e) { block.append(el('p', { class: 'muted' }, `Article text unavailable: ${e.message}`)); }
    head.append(el('h4', {}, art && art.title ? (art.url ? safeLink(art.url, art.title) : art.title) : articleId),
      el('div', { class: 'muted' }, [mention && mention.outlet, (art && art.source) || '', (mention && mention.published) || (art && art.published)]
        .filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(' · ')));
    if (mention) {
      const r = mention.record || {};
      head.append(el('div', { class: 'report-own' },
        `This report: ${r.sub_event_type || r.event_type || '?'}, ${range(r.fatalities, r.fatalities_low, r.fatalities_high)} killed`,
        r.claimant ? ` (per ${r.claimant})` : '',
        mention.link_score !== null && mention.link_score !== undefined
          ? ` · joined with score ${Number(mention.link_score).toFixed(2)}${mention.link_reasons.length ? `: ${mention.link_reasons.join(', ')}` : ''}`
          : ' · opened this incident'));
      if (act && inc.mentions.length > 1) {
        head.append(el('button', { type: 'button', class: 'split-report', dataset: { mention: mention.id },
          onclick: () => act(`/incidents/${encodeURIComponent(inc.id)}/split`, { ids: [mention.id] }, 'Report split out') },
        'Split this report out'));
      }
    }
    if (art) block.append(el('div', { class: 'article-text' }, highlighted(art.text, spans)));
    return block;
  }

  async function openIncident(id, notice = null) {
    const body = document.getElementById('panel-body');
    panel.hidden = false;
    panel.dataset.id = id;
    panel.dataset.state = 'loading';
    body.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
    for (const row of document.querySelectorAll('#incidents tbody tr')) row.classList.toggle('selected', row.dataset.id === id);
    let inc;
    try { inc = await api(`/incidents/${encodeURIComponent(id)}`); } catch (e) { fail(e); body.replaceChildren(el('p', {}, e.message)); return; }
    showSelected(inc);
    // one line per span of text, with every field it supports (a place name supports location, latitude...)
    const spans = new Map();
    for (const e of inc.evidence) {
      const key = `${e.article_id}:${e.start}:${e.end}`;
      if (!spans.has(key)) spans.set(key, { text: e.text, fields: [] });
      spans.get(key).fields.push(e.field);
    }
    const evList = el('ul', { class: 'evidence' }, [...spans.values()].map((e) => el('li', {},
      el('q', {}, e.text), ' ', e.fields.map((f) => el('span', { class: 'field-name' }, f)))));
    const review = reviewBlock(inc, notice);
    body.replaceChildren(
      el('div', { class: 'panel-type' }, el('i', { class: 'sw', style: { background: colourOf(inc.event_type) } }), inc.event_type || 'No type'),
      el('h3', {}, inc.sub_event_type || inc.event_type || 'Incident'),
      el('p', { class: 'panel-where' }, [inc.event_date, inc.location, inc.admin1, inc.country].filter(Boolean).join(' · ')),
      inc.merged_into ? el('p', { class: 'note' }, `${inc.requested_id} was merged into ${inc.merged_into}`) : '',
      el('dl', { class: 'fields' },
        field('Date', inc.event_date, inc.time_precision ? ` (time precision ${inc.time_precision})` : ''),
        field('Actor 1', inc.actor1, inc.assoc_actor_1 ? ` with ${inc.assoc_actor_1}` : ''),
        field('Actor 2', inc.actor2, inc.assoc_actor_2 ? ` with ${inc.assoc_actor_2}` : ''),
        field('Fatalities', range(inc.fatalities, inc.fatalities_low, inc.fatalities_high)),
        field('Injured', inc.injuries === null || inc.injuries === undefined ? '' : range(inc.injuries, inc.injuries_low, inc.injuries_high)),
        field('Claimed by', inc.claimant),
        field('Civilians targeted', inc.civilian_targeting),
        field('Place', inc.location, inc.admin2 ? `, ${inc.admin2}` : ''),
        field('Coordinates', inc.latitude === null ? '' : `${inc.latitude}, ${inc.longitude}`,
          inc.geo_precision ? ` (precision ${inc.geo_precision}: ${ringOf(inc.geo_precision).label})` : ''),
        field('Notes', inc.notes),
        field('Remarks', (inc.remarks || []).join('; ')),
        field('Edited', Object.entries(inc.overrides || {}).map(([name, o]) => `${name} (machine: ${shownValue(o.machine)})`).join('; ')),
        field('Id', inc.id)),
      review.block,
      el('h4', { id: 'evidence-head' }, `Evidence (${inc.evidence.length})`), evList,
      el('h4', {}, `Reports (${inc.mentions.length || inc.article_ids.length})`));
    // a reviewer's note is evidence with no article: it shows in the list above, not as a report
    const ids = [...new Set([...inc.mentions.map((m) => m.article_id), ...inc.article_ids, ...inc.evidence.map((e) => e.article_id)])]
      .filter(Boolean);
    const blocks = await Promise.all(ids.map((aid) => reportBlock(inc, aid, inc.mentions.find((m) => m.article_id === aid), review.act)));
    if (panel.dataset.id !== id) return;  // another incident was opened meanwhile
    body.append(...blocks);
    panel.dataset.state = 'ready';
  }

  /** A ring around the open incident's place, outside the clusters so it shows at any zoom. */
  const selected = L.layerGroup().addTo(map);

  function showSelected(inc) {
    selected.clearLayers();
    if (inc.latitude === null || inc.longitude === null) return;
    const at = L.latLng(inc.latitude, inc.longitude);
    selected.addLayer(L.circleMarker(at, { radius: 20, color: '#17212e', weight: 2.5, fill: false, interactive: false, className: 'cw-selected' }));
    // keep it in the part of the map the panel leaves uncovered
    const box = map.getContainer().getBoundingClientRect();
    const right = Math.min(box.right, panel.getBoundingClientRect().left) - box.left;
    const p = map.latLngToContainerPoint(at);
    if (p.x < 40 || p.x > right - 40 || p.y < 40 || p.y > box.height - 40) map.panBy([p.x - right / 2, p.y - box.height / 2]);
  }

  function closePanel() {
    panel.hidden = true;
    delete panel.dataset.id;
    selected.clearLayers();
  }

  document.getElementById('panel-close').addEventListener('click', closePanel);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !panel.hidden) closePanel(); });

  // ------------------------------------------------------------------ putting it together

  function fail(error) {
    if (error instanceof NeedsToken) {
      document.getElementById('token-bar').hidden = false;
      status('This service needs a read token.', 'warn');
    } else {
      status(error.message || String(error), 'error');
    }
    document.body.dataset.state = 'error';
  }

  function exportLinks(filters) {
    const query = new URLSearchParams(filters).toString();
    document.getElementById('export-csv').href = `/export.csv${query ? `?${query}` : ''}`;
    document.getElementById('export-geojson').href = `/incidents.geojson${query ? `?${query}` : ''}`;
  }

  let generation = 0;

  async function refresh({ keepPage = false } = {}) {
    const filters = currentFilters();
    const mine = ++generation;
    if (!keepPage) offset = 0;
    history.replaceState(null, '', `#${new URLSearchParams(filters).toString()}`);
    exportLinks(filters);
    document.body.dataset.state = 'loading';
    try {
      const current = () => mine === generation;
      const [mapped, total] = await Promise.all([loadMap(filters, current), loadTable(filters, current),
        loadTimeline(filters, current), loadTrends(filters, current)]);
      if (mine !== generation) return;
      const stats = await api('/stats', { ...filters, by: 'type' });
      if (mine !== generation) return;
      document.getElementById('summary').replaceChildren(
        el('span', {}, el('b', {}, fmt(stats.incidents)), ' incidents'),
        el('span', {}, el('b', {}, fmt(stats.fatalities)), ' killed'),
        el('span', {}, el('b', {}, fmt(mapped)), ' on the map'),
        stats.first_date ? el('span', { class: 'muted' }, `${stats.first_date} – ${stats.last_date}`) : '');
      status('');
      document.body.dataset.markers = String(mapped);
      document.body.dataset.rows = String(total);
      document.body.dataset.generation = String(mine);
      document.body.dataset.state = 'ready';
    } catch (e) {
      if (mine === generation) fail(e);
    }
  }

  let typing;
  form.addEventListener('input', (e) => {
    clearTimeout(typing);
    typing = setTimeout(refresh, e.target.tagName === 'SELECT' || e.target.type === 'date' ? 0 : 350);
  });
  form.addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
  form.addEventListener('reset', () => setTimeout(refresh, 0));
  window.addEventListener('hashchange', () => {
    const wanted = filtersFromHash();
    if (new URLSearchParams(wanted).toString() !== new URLSearchParams(currentFilters()).toString()) {
      setFilters(wanted);
      refresh();
    }
  });
  document.getElementById('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    useToken(document.getElementById('token').value);
    document.getElementById('token-bar').hidden = true;
    start();
  });
  let resizing;
  window.addEventListener('resize', () => { clearTimeout(resizing); resizing = setTimeout(() => loadTimeline(currentFilters()).catch(fail), 200); });

  async function start() {
    drawLegend();
    setFilters(filtersFromHash());
    fetch('/static/outline/countries.geojson').then((r) => r.json()).then(drawOutline)
      .catch(() => status('The country outline could not be loaded.', 'warn'));
    try {
      await loadChoices();
    } catch (e) {
      fail(e);
      return;
    }
    await refresh();
  }

  // for tests and for pages that embed the dashboard: what is drawn, and the drawing functions
  window.conflictwireDashboard = {
    markers: () => markers.map(({ feature, marker }) => ({
      id: feature.id, lat: marker.getLatLng().lat, lng: marker.getLatLng().lng,
      event_type: feature.properties.event_type, geo_precision: feature.properties.geo_precision,
    })),
    openIncident,
    refresh,
    trends: () => lastTrends,
    trendRings: () => trendLayer.getLayers().length,
    map,
    drawTimeline,
    highlighted,
    incidentMarker,
  };

  start();
})();
