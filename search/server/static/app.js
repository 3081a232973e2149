// xinwen's search page. All that a user sees is in the URL: /?q=…&province=…
// for results and /doc/{id}?q=… for an article, so a link can be shared and
// the back button works. Plain JavaScript with no dependencies and no build
// step: the server embeds this file as it is.
'use strict';

const $ = id => document.getElementById(id);
const SIZE = 10; // hits per request
const MAX_DEPTH = 10000; // how deep page×size may go without a cursor
const FACET_TOP = 8; // facet values listed before "Show all"
const MAX_BARS = 72; // more months than this are drawn as years
const KEYS = ['q', 'op', 'xlang', 'sort', 'province', 'source', 'person', 'from', 'to', 'chart', 'vs']; // the page's URL parameters, in order
const FILTERS = ['province', 'source', 'person', 'from', 'to'];
const MAX_VS = 3; // queries the chart compares with the search's own (the API's limit is four in all)

// The page's own words, in the languages it speaks.
const T = {
  en: {
    search: 'Search', placeholder: 'Search news, 中文 or English', sort: 'Sort', relevance: 'Relevance',
    newest: 'Newest first', oldest: 'Oldest first', anyWord: 'Any word', filters: 'Filters', more: 'More results',
    province: 'Province', source: 'Source', person: 'People', date: 'Date', showAll: n => `Show all ${n}`, showFewer: 'Show fewer',
    noDate: 'no date', noYear: 'no year', from: 'From', to: 'To', apply: 'Apply',
    histHelp: 'Click a bar or drag across bars to narrow the dates.',
    histLabel: 'Articles by date. Arrow keys move, Shift extends, Enter narrows.',
    results: (n, ms, s) => `${n} ${n === '1' ? 'result' : 'results'}${s ? ` in ${s} ${s === '1' ? 'story' : 'stories'}` : ''} · ${ms} ms`,
    loading: 'Loading…',
    relaxed: 'No article has all of your words; these have some of them.',
    also: 'Also searched:', alsoOff: 'Search only the words as typed', asTyped: 'Searched only the words as typed.',
    alsoOn: 'Search in Chinese and English', byTranslation: 'by translation',
    partial: 'in part', partialHelp: 'Some of your characters are only part of longer words here (厄瓜多 in 厄瓜多尔).',
    range: (a, b) => a && b ? (a === b ? a : `${a} – ${b}`) : a ? `from ${a}` : `until ${b}`,
    clearAll: 'Clear all', remove: s => `Remove filter ${s}`,
    none: q => q ? `No articles match “${q}”.` : 'No articles match these filters.',
    hintWords: 'Check the spelling, use fewer or more general words, or try the other language (国有 or state-owned).',
    hintFilters: 'Search without the filters', hintAny: 'Match any of the words',
    badQuery: 'The query cannot be read:', failed: 'The search failed:', request: 'request',
    offline: 'The xinwen server cannot be reached. Check that it is running, then try again.', retry: 'Try again',
    end: n => `All ${n} shown.`, deep: 'Only the first 10,000 results can be listed; narrow the search to see the rest.',
    back: '← Back to results', original: 'Original', matches: n => `${n} highlighted`, next: 'Next ↓',
    notFound: 'There is no article with this id.',
    keys: 'Keys: / search · ↑ ↓ move through the results · Enter open · Esc back',
    langs: { zh: 'Chinese', en: 'English', mixed: 'Chinese and English' },
    chart: 'Chart', chartTitle: 'Attention over time', count: 'Count', share: 'Share', add: 'Compare',
    compare: 'Compare with another query', chartCSV: 'Series as CSV', every: 'every article',
    chartHelp: 'Share: the matches as a part of all the articles of the month or year (under the filters). Hover a point for its figures; click it to narrow the search to that month or year.',
    figures: (n, all, share) => `${n} of ${all} · ${share}`, removeSeries: q => `Remove ${q} from the chart`, noDates: 'No dated articles to draw.',
    follow: 'Follow', followTitle: 'Atom feed of this search, newest first', exportLabel: 'Export:', facetsLink: 'Facets',
    versions: n => `${n} more ${n === 1 ? 'version' : 'versions'}`, hideVersions: 'Hide the versions',
    versionsHelp: 'The same story republished elsewhere (a reprint, a copy under another headline): every version, earliest first.',
  },
  zh: {
    search: '搜索', placeholder: '搜索新闻，中英文皆可', sort: '排序', relevance: '相关度',
    newest: '最新在前', oldest: '最早在前', anyWord: '任一词', filters: '筛选', more: '更多结果',
    province: '省份', source: '来源', person: '人物', date: '日期', showAll: n => `显示全部 ${n} 项`, showFewer: '收起',
    noDate: '无日期', noYear: '无年份', from: '从', to: '至', apply: '应用',
    histHelp: '点击柱形，或拖过多个柱形，以缩小日期范围。',
    histLabel: '按日期的文章数。方向键移动，Shift 扩展，Enter 缩小范围。',
    results: (n, ms, s) => `共 ${n} 条结果${s ? `，${s} 个报道` : ''} · ${ms} 毫秒`,
    loading: '正在加载…',
    relaxed: '没有文章包含所有词，以下结果包含其中一部分。',
    also: '同时搜索：', alsoOff: '只搜索输入的词', asTyped: '只搜索了输入的词。',
    alsoOn: '中英文都搜索', byTranslation: '经翻译匹配',
    partial: '部分匹配', partialHelp: '部分字只出现在更长的词里（如“厄瓜多”在“厄瓜多尔”中）。',
    range: (a, b) => a && b ? (a === b ? a : `${a} 至 ${b}`) : a ? `${a} 起` : `${b} 止`,
    clearAll: '全部清除', remove: s => `移除筛选 ${s}`,
    none: q => q ? `没有找到与“${q}”相关的文章。` : '没有符合这些筛选条件的文章。',
    hintWords: '请检查拼写，减少用词或换用更常见的词，或换一种语言（如 国有 或 state-owned）。',
    hintFilters: '去掉筛选条件再搜', hintAny: '匹配任一词',
    badQuery: '无法解析这个查询：', failed: '搜索失败：', request: '请求',
    offline: '无法连接 xinwen 服务器。请确认服务器正在运行，然后重试。', retry: '重试',
    end: n => `已显示全部 ${n} 条。`, deep: '最多列出前 10,000 条结果；请缩小搜索范围查看其余结果。',
    back: '← 返回结果', original: '原文', matches: n => `高亮 ${n} 处`, next: '下一处 ↓',
    notFound: '找不到这篇文章。',
    keys: '快捷键：/ 搜索 · ↑ ↓ 在结果间移动 · Enter 打开 · Esc 返回',
    langs: { zh: '中文', en: '英文', mixed: '中英混合' },
    versions: n => `另有 ${n} 个版本`, hideVersions: '收起版本',
    versionsHelp: '同一报道在别处的转载或改换标题的版本，按时间先后排列。',
    chart: '图表', chartTitle: '关注度随时间变化', count: '篇数', share: '占比', add: '比较',
    compare: '与另一个查询比较', chartCSV: '导出为 CSV', every: '全部文章',
    chartHelp: '占比：匹配的文章占该月或该年全部文章（在筛选条件下）的比例。鼠标悬停查看数字，点击可将搜索缩小到该月或该年。',
    figures: (n, all, share) => `${all} 篇中 ${n} 篇 · ${share}`, removeSeries: q => `从图表中移除 ${q}`, noDates: '没有带日期的文章可画。',
    follow: '订阅', followTitle: '此搜索的 Atom 订阅源，最新在前', exportLabel: '导出：', facetsLink: '分面',
  },
};

// The first of the browser's languages that the page speaks.
const LANG = (navigator.languages || [navigator.language || 'en'])
  .map(l => l.toLowerCase().slice(0, 2)).find(l => T[l]) || 'en';
const L = T[LANG];
const num = new Intl.NumberFormat(LANG === 'zh' ? 'zh-CN' : 'en').format;

// A province as the page's language names it: the API gives the English
// name (the filter's value) and the Chinese one.
const provName = (en, zh) => LANG === 'zh' && zh ? zh : en;
// provinceZH is the Chinese name of a province the facet has listed.
const provinceZH = v => (lastFacets.province || []).find(c => c.value === v)?.value_zh;
// personName shows a person of the facet in both scripts when the articles
// write the name in Chinese: 习近平 Xi Jinping.
const personName = c => c.value_en && c.value_en !== c.value ? `${c.value} ${c.value_en}` : c.value;
// personLabel is the chip of a selected person, named as the facet lists it.
const personLabel = v => { const c = (lastFacets.person || []).find(c => c.value === v); return c ? personName(c) : v; };
// dateText shows a date as far as it is known: a month and day without a
// year as such (Sep 26, 9月26日), never with a year made up.
function dateText(text, precision) {
  const md = precision === 'monthday' && /^(\d{2})-(\d{2})$/.exec(text || '');
  if (!md) return text || '';
  const m = +md[1], d = +md[2];
  return LANG === 'zh' ? `${m}月${d}日` : `${'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ')[m - 1]} ${d}`;
}

const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
// safe keeps the API's <mark> and nothing else of the markup in title_html
// and snippets (which the API has escaped already): defence in depth.
const safe = s => String(s ?? '').replace(/<(?!\/?mark>)/g, '&lt;');
const unescape = s => { const t = document.createElement('textarea'); t.innerHTML = s; return t.value; };

// ---- the URL ----

const here = () => new URLSearchParams(location.search);

// canonical keeps the page's own parameters, non-empty, in a fixed order.
function canonical(p) {
  const out = new URLSearchParams();
  for (const k of KEYS) for (const v of p.getAll(k)) if (v.trim()) out.append(k, v.trim());
  return out;
}

// go shows the page for params p at path: a new history entry, or the same
// one again (searched anew) when nothing changed.
function go(p, path = '/', state = null) {
  const s = canonical(p).toString();
  const url = path + (s ? '?' + s : '');
  if (url === location.pathname + location.search) history.replaceState(history.state, '', url);
  else history.pushState(state, '', url);
  route(true);
}

const edit = f => { const p = here(); f(p); go(p); };

function route(force) {
  const p = here();
  $('q').value = p.get('q') || '';
  $('sort').value = p.get('sort') || '';
  $('op').checked = p.get('op') === 'or';
  const m = location.pathname.match(/^\/doc\/(.+)/);
  if (m) openDoc(decodeURIComponent(m[1]));
  else if (location.pathname === '/doc' && p.has('id')) openDoc(p.get('id'));
  else showResults(force);
}

// ---- talking to the API ----

let inflight = null; // the AbortController of the request whose answer the page awaits

// api fetches JSON; it throws {kind:'offline'} when the server cannot be
// reached and {kind:'api', status, code, message, id} for an error answer.
async function api(url, signal) {
  let res, body = null;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw { kind: 'offline' };
  }
  try { body = await res.json(); } catch { /* not JSON: reported below */ }
  if (!res.ok || !body) {
    const e = body?.error || {};
    throw {
      kind: 'api', status: res.status, code: e.code || 'http_' + res.status,
      message: e.message || res.statusText || 'HTTP ' + res.status,
      id: e.request_id || e.requestId || res.headers.get('X-Request-Id') || '',
      position: e.position,
    };
  }
  return body;
}

// begin starts a request that replaces any other in flight.
function begin() {
  inflight?.abort();
  const ctl = inflight = new AbortController();
  $('main').setAttribute('aria-busy', 'true');
  const slow = setTimeout(() => document.body.classList.add('busy'), 150);
  ctl.done = () => {
    clearTimeout(slow);
    if (inflight !== ctl) return false;
    inflight = null;
    document.body.classList.remove('busy');
    $('main').setAttribute('aria-busy', 'false');
    return true;
  };
  return ctl;
}

// ---- results ----

let shown = null; // the canonical parameters of the results on screen
let loaded = 0, total = 0, page = 1, cursor = '';
let lastFacets = {}, bars = [];
const hitsById = new Map();
const expanded = {};
let savedScroll = 0, lastOpened = '', refocus = null;

async function showResults(force) {
  $('doc').hidden = true;
  $('results').hidden = false;
  const p = canonical(here());
  const q = p.get('q') || '';
  document.title = q ? `${q} – xinwen 新闻` : 'xinwen 新闻';
  if (!force && p.toString() === shown) {
    scrollTo(0, savedScroll);
    const a = lastOpened && document.querySelector(`#hits a[data-id="${CSS.escape(lastOpened)}"]`);
    if (a) a.focus({ preventScroll: true });
    return;
  }
  await search(p, false);
}

async function search(p, append) {
  const key = p.toString();
  const req = new URLSearchParams(p);
  req.set('size', SIZE);
  if (append) cursor ? req.set('cursor', cursor) : req.set('page', page + 1);
  const ctl = begin();
  let r;
  try {
    r = await api('/api/search?' + req, ctl.signal);
  } catch (e) {
    if (ctl.done()) fail(e, append);
    return;
  }
  if (!ctl.done()) return;
  r.hits = r.hits || [];
  if (append) return more(r);
  shown = key;
  // Collapsed, the pages are pages of stories, one hit each.
  total = (r.collapsed ? r.stories : r.total) || 0;
  page = r.page || 1;
  cursor = r.cursor || r.next_cursor || '';
  loaded = r.hits.length;
  hitsById.clear();
  r.hits.forEach(h => hitsById.set(h.id, h));
  $('q').removeAttribute('aria-invalid');
  // Collapsed, and reprints among the matches: how many stories they make.
  $('summary').textContent = L.results(num(r.total || 0), num(r.took_ms ?? 0), r.collapsed && r.stories < r.total ? num(r.stories) : '');
  also(p, r.also_searched || []);
  const info = (r.relaxed ? [L.relaxed] : []).concat(r.warnings || []);
  notice(info.length ? 'info' : '', info.map(m => `<p>${esc(m)}</p>`).join(''));
  lastFacets = r.facets || {};
  chips(p);
  facets(p);
  $('hits').innerHTML = r.hits.map(hitHTML).join('');
  $('empty').innerHTML = total ? '' : emptyHTML(p);
  moreState();
  tools(p);
  showChart(p);
  scrollTo(0, 0);
}

// also shows what the query was also searched as, in the other language,
// with a way to turn it off (xlang=off), or, when off, to turn it back on.
function also(p, list) {
  const el = $('also');
  let html = '';
  if (p.get('xlang') === 'off') {
    html = `${esc(L.asTyped)} <button type="button" class="link" data-xlang="on">${esc(L.alsoOn)}</button>`;
  } else if (list.length) {
    const to = list.flatMap(a => a.to);
    html = `${esc(L.also)} <span lang="${/\p{Script=Han}/u.test(to.join('')) ? 'zh' : 'en'}">${to.map(esc).join(', ')}</span> ` +
      `<button type="button" class="link" data-xlang="off">${esc(L.alsoOff)}</button>`;
  }
  el.innerHTML = html;
  el.hidden = !html;
}

function more(r) {
  const had = document.activeElement === $('more');
  const start = $('hits').children.length;
  page = r.page || page + 1;
  cursor = r.cursor || r.next_cursor || '';
  r.hits.forEach(h => hitsById.set(h.id, h));
  $('hits').insertAdjacentHTML('beforeend', r.hits.map(hitHTML).join(''));
  loaded += r.hits.length;
  if (!r.hits.length) loaded = total; // nothing more after all
  moreState();
  const added = $('hits').children[start];
  if (had && added) focusHit(added.querySelector('a'));
}

function moreState() {
  const deeper = cursor || (page + 1) * SIZE <= MAX_DEPTH;
  $('more').hidden = loaded >= total || !deeper;
  $('end').textContent = loaded < total && !deeper ? L.deep : total > SIZE && loaded >= total ? L.end(num(total)) : '';
}

// idPath is the path of article id under base (/doc, /api/docs): the id
// as one segment, percent-encoded (an id may hold a /). The ids . and ..
// cannot be a segment: browsers resolve them, even as %2E, before they
// send the URL, so they go as ?id=.
const idPath = (base, id, s = '') => id === '.' || id === '..'
  ? base + '?id=' + encodeURIComponent(id) + (s ? '&' + s : '')
  : base + '/' + encodeURIComponent(id) + (s ? '?' + s : '');

const docHref = id => idPath('/doc', id, canonical(here()).toString());

function hitHTML(h) {
  let meta = [['src', h.source], ['prov', provName(h.province, h.province_zh)], ['date', dateText(h.date_text ?? h.date, h.date_precision)]]
    .filter(m => m[1]).map(([c, v]) => `<span class="${c}">${esc(v)}</span>`).join(' · ');
  // A hit that has some of the query's characters only inside longer words.
  if (h.partial) meta += `${meta ? ' ' : ''}<span class="partial" title="${esc(L.partialHelp)}">${esc(L.partial)}</span>`;
  // A story with other versions that match: a button lists them.
  const versions = h.versions > 1 && !canonical(here()).has('story')
    ? `<p class="versions"><button type="button" class="link" data-story="${esc(h.story)}" aria-expanded="false" title="${esc(L.versionsHelp)}">${esc(L.versions(h.versions - 1))}</button></p>`
    : '';
  return `<li class="hit"><h2><a href="${esc(docHref(h.id))}" data-id="${esc(h.id)}">${h.title_html ? safe(h.title_html) : esc(h.title || h.id)}</a></h2>` +
    (meta ? `<p class="meta">${meta}</p>` : '') +
    (h.snippets || []).map(s => `<p class="snip">${safe(s)}</p>`).join('') + versions + '</li>';
}

// toggleVersions lists under a hit every version of its story that
// matches the search, earliest first, or hides them again.
async function toggleVersions(button) {
  const li = button.closest('li');
  const open = li.querySelector('.story');
  if (open) {
    open.remove();
    button.setAttribute('aria-expanded', 'false');
    button.textContent = L.versions(Number(button.dataset.n));
    return;
  }
  const req = canonical(here());
  req.set('story', button.dataset.story);
  req.set('sort', 'date');
  req.set('size', 100);
  let r;
  try {
    r = await api('/api/search?' + req);
  } catch (e) {
    return fail(e, true);
  }
  const shownId = li.querySelector('a[data-id]').dataset.id;
  button.dataset.n = (r.hits || []).length - 1;
  li.insertAdjacentHTML('beforeend', `<ol class="story">` + (r.hits || []).map(v => {
    const meta = [v.source, provName(v.province, v.province_zh), dateText(v.date_text ?? v.date, v.date_precision)].filter(Boolean).join(' · ');
    return `<li${v.id === shownId ? ' class="this"' : ''}><a href="${esc(docHref(v.id))}" data-id="${esc(v.id)}">${esc(v.title || v.id)}</a>` +
      (meta ? ` <span class="meta">${esc(meta)}</span>` : '') + '</li>';
  }).join('') + '</ol>');
  button.setAttribute('aria-expanded', 'true');
  button.textContent = L.hideVersions;
}

function emptyHTML(p) {
  const q = p.get('q') || '';
  let hints = '';
  if (q) hints += `<li>${esc(L.hintWords)}</li>`;
  if (FILTERS.some(k => p.has(k))) hints += `<li><button type="button" class="link" data-hint="nofilter">${esc(L.hintFilters)}</button></li>`;
  if (p.get('op') !== 'or' && /\s/.test(q)) hints += `<li><button type="button" class="link" data-hint="any">${esc(L.hintAny)}</button></li>`;
  return `<p class="none">${esc(L.none(q))}</p>` + (hints ? `<ul class="hints">${hints}</ul>` : '');
}

// notice shows a message above the results: kind is 'info', 'error' or ''.
function notice(kind, html) {
  const n = $('notice');
  n.className = kind;
  n.innerHTML = html;
}

function fail(e, append) {
  let html;
  if (e.kind === 'offline') {
    html = `<p>${esc(L.offline)}</p><button type="button" data-retry>${esc(L.retry)}</button>`;
  } else {
    const bad = e.code === 'bad_query';
    html = `<p><strong>${esc(bad ? L.badQuery : L.failed)}</strong> <span class="msg">${esc(e.message)}</span></p>` +
      (bad && e.position > 0 ? where(canonical(here()).get('q') || '', e.position) : '') +
      `<p class="code"><code>${esc(e.code)}</code>${e.id ? ` · ${esc(L.request)} <code>${esc(e.id)}</code>` : ''}</p>` +
      (e.status >= 500 ? `<button type="button" data-retry>${esc(L.retry)}</button>` : '');
    if (bad) $('q').setAttribute('aria-invalid', 'true');
  }
  notice('error', html);
  if (append) return;
  // The results on screen are not this search's: clear them.
  shown = null;
  $('tools').hidden = $('chart').hidden = true;
  $('summary').textContent = '';
  $('hits').innerHTML = $('empty').innerHTML = $('facets').innerHTML = '';
  $('more').hidden = true;
  $('end').textContent = '';
  chips(canonical(here()));
}

// where shows the query with the character at pos (1-based, counted in
// characters as the API counts them) marked.
function where(q, pos) {
  const c = Array.from(q);
  const at = Math.min(pos, c.length + 1) - 1;
  return `<p class="where"><code>${esc(c.slice(0, at).join(''))}<mark>${esc(c[at] || ' ')}</mark>${esc(c.slice(at + 1).join(''))}</code></p>`;
}

// ---- filters: chips and facets ----

let chipActions = [];

function chips(p) {
  const list = [];
  const drop = (k, v) => q => { const rest = q.getAll(k).filter(x => x !== v); q.delete(k); rest.forEach(x => q.append(k, x)); };
  for (const v of p.getAll('province')) list.push([L.province, provName(v, provinceZH(v)), drop('province', v)]);
  for (const v of p.getAll('source')) list.push([L.source, v, drop('source', v)]);
  for (const v of p.getAll('person')) list.push([L.person, personLabel(v), drop('person', v)]);
  if (p.get('from') || p.get('to')) list.push([L.date, L.range(p.get('from'), p.get('to')), q => { q.delete('from'); q.delete('to'); }]);
  if (p.get('op') === 'or') list.push(['', L.anyWord, q => q.delete('op')]);
  chipActions = list.map(c => c[2]);
  let html = list.map(([k, v], i) => `<button type="button" class="chip" data-chip="${i}" aria-label="${esc(L.remove((k ? k + ': ' : '') + v))}">` +
    (k ? `<span class="k">${esc(k)}</span> ` : '') + `${esc(v)} <span aria-hidden="true">×</span></button>`).join('');
  if (list.length > 1) html += `<button type="button" class="link" data-chip="all">${esc(L.clearAll)}</button>`;
  $('chips').innerHTML = html;
  const n = p.getAll('province').length + p.getAll('source').length + p.getAll('person').length + (p.get('from') || p.get('to') ? 1 : 0);
  $('filters').textContent = L.filters + (n ? ` (${n})` : '');
}

function facets(p) {
  const f = lastFacets;
  $('facets').innerHTML = termFacet('province', L.province, f.province, p.getAll('province')) +
    termFacet('source', L.source, f.source, p.getAll('source')) +
    termFacet('person', L.person, f.person, p.getAll('person')) + dateFacet(f.date, p);
  drawHist(p.get('from'), p.get('to'));
  if (refocus) {
    const el = $('facets').querySelector(refocus);
    refocus = null;
    if (el) el.focus();
  }
}

function termFacet(name, label, counts, chosen) {
  counts = Array.isArray(counts) ? counts : [];
  const seen = new Set(counts.map(c => c.value));
  const items = chosen.filter(v => !seen.has(v)).map(v => ({ value: v, count: 0 })).concat(counts);
  if (!items.length) return '';
  const open = expanded[name];
  const rows = items.map((c, i) => {
    const on = chosen.includes(c.value);
    if (!open && i >= FACET_TOP && !on) return '';
    return `<li><label><input type="checkbox" data-facet="${name}" value="${esc(c.value)}"${on ? ' checked' : ''}>` +
      `<span class="v">${esc(name === 'person' ? personName(c) : provName(c.value, c.value_zh))}</span><span class="n">${num(c.count)}</span></label></li>`;
  }).join('');
  const toggle = items.length > FACET_TOP
    ? `<button type="button" class="link" data-expand="${name}" aria-expanded="${!!open}">${esc(open ? L.showFewer : L.showAll(items.length))}</button>` : '';
  return `<fieldset class="facet" id="facet-${name}"><legend>${esc(label)}</legend><ul>${rows}</ul>${toggle}</fieldset>`;
}

// histogram turns the date facet's buckets into bars on a time axis: gaps
// filled with zeros, and months summed into years when there would be too
// many bars to see. Buckets that are not dates ("no year") come back apart,
// to be listed as text.
function histogram(d) {
  const all = Array.isArray(d?.buckets) ? d.buckets : [];
  const dated = /^\d{4}(-\d{2}){0,2}$/;
  const other = all.filter(c => !dated.test(c.value));
  let b = all.filter(c => dated.test(c.value));
  const ym = /^\d{4}-\d{2}$/, y = /^\d{4}$/;
  let step = b.every(c => ym.test(c.value)) ? 12 : b.every(c => y.test(c.value)) ? 1 : 0;
  if (!b.length || !step) return [b, other];
  const idx = v => step === 1 ? +v : v.slice(0, 4) * 12 + (v.slice(5, 7) - 1);
  let have = new Map();
  for (const c of b) have.set(idx(c.value), c.count);
  let lo = Math.min(...have.keys()), hi = Math.max(...have.keys());
  if (step === 12 && hi - lo >= MAX_BARS) {
    const years = new Map();
    for (const [i, n] of have) years.set(Math.floor(i / 12), (years.get(Math.floor(i / 12)) || 0) + n);
    have = years;
    step = 1;
    lo = Math.floor(lo / 12);
    hi = Math.floor(hi / 12);
  }
  if (hi - lo >= 600) return [b, other];
  const name = i => step === 1 ? String(i) : `${Math.floor(i / 12)}-${String(i % 12 + 1).padStart(2, '0')}`;
  const out = [];
  for (let i = lo; i <= hi; i++) out.push({ value: name(i), count: have.get(i) || 0 });
  return [out, other];
}

// Dates compare as text once padded to a day: the first and last day of a
// year or month bucket.
const first = v => v.length === 4 ? v + '-01-01' : v.length === 7 ? v + '-01' : v;
const last = v => v.length === 4 ? v + '-12-31' : v.length === 7 ? v + '-31' : v;

function dateFacet(d, p) {
  let other;
  [bars, other] = histogram(d);
  const from = p.get('from') || '', to = p.get('to') || '';
  const undated = [[L.noDate, d?.no_date], [L.noYear, d?.no_year], ...other.map(c => [c.value, c.count])].filter(x => x[1]);
  if (!bars.length && !undated.length && !from && !to) return '';
  let html = `<fieldset class="facet" id="facet-date"><legend>${esc(L.date)}</legend>`;
  const lo = bars.length ? bars[0].value : '', hi = bars.length ? bars[bars.length - 1].value : '';
  if (bars.length) {
    html += `<div id="hist" class="hist" role="group" aria-label="${esc(L.histLabel)}"></div>` +
      `<div class="axis"><span>${esc(lo)}</span><span>${esc(hi)}</span></div>` +
      `<p class="help">${esc(L.histHelp)}</p>`;
  }
  if (undated.length) html += `<p class="help">${undated.map(([k, n]) => `${esc(k)}: ${num(n)}`).join(' · ')}</p>`;
  html += `<form id="range" class="range"><label>${esc(L.from)} <input name="from" value="${esc(from)}" placeholder="${esc(lo ? first(lo) : 'YYYY-MM-DD')}" autocomplete="off"></label>` +
    `<label>${esc(L.to)} <input name="to" value="${esc(to)}" placeholder="${esc(hi ? last(hi).replace(/-31$/, '-' + monthEnd(hi)) : 'YYYY-MM-DD')}" autocomplete="off"></label>` +
    `<button type="submit">${esc(L.apply)}</button></form></fieldset>`;
  return html;
}

// monthEnd is the last day of the month of a YYYY-MM value, as two digits.
const monthEnd = v => v.length === 7 ? String(new Date(Date.UTC(+v.slice(0, 4), +v.slice(5, 7), 0)).getUTCDate()) : '31';

function drawHist(from, to) {
  const el = $('hist');
  if (!el) return;
  const max = Math.max(1, ...bars.map(b => b.count));
  el.classList.toggle('dense', bars.length > 36);
  bars.forEach((b, i) => {
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'b';
    btn.dataset.i = i;
    btn.tabIndex = -1;
    btn.title = `${b.value}: ${num(b.count)}`;
    if ((from || to) && (!from || last(b.value) >= first(from)) && (!to || first(b.value) <= last(to))) {
      btn.classList.add('on');
      btn.setAttribute('aria-pressed', 'true');
    }
    const fill = document.createElement('i');
    fill.style.height = (b.count ? Math.max(4, 100 * b.count / max) : 0) + '%';
    btn.append(fill);
    el.append(btn);
  });
  (el.querySelector('.on') || el.lastChild).tabIndex = 0; // one tab stop; arrows move within
}

// A brush is the range of bars being chosen, by dragging or with Shift and
// the arrow keys; {a, b} are bar indices.
let brush = null;

function paintBrush() {
  const lo = brush ? Math.min(brush.a, brush.b) : -1, hi = brush ? Math.max(brush.a, brush.b) : -2;
  document.querySelectorAll('#hist .b').forEach((b, i) => b.classList.toggle('brush', i >= lo && i <= hi));
}

function applyBrush() {
  const i = Math.min(brush.a, brush.b), j = Math.max(brush.a, brush.b);
  brush = null;
  const from = bars[i].value, to = bars[j].value;
  refocus = '#hist [tabindex="0"]';
  edit(p => {
    if (p.get('from') === from && p.get('to') === to) { p.delete('from'); p.delete('to'); } else { p.set('from', from); p.set('to', to); }
  });
}

function barAt(x) {
  const all = document.querySelectorAll('#hist .b');
  for (let i = 0; i < all.length; i++) {
    const r = all[i].getBoundingClientRect();
    if (x < r.right + 1) return i;
  }
  return all.length - 1;
}

// ---- follow, export, chart ----

// apiHref is the API's URL for the search p in another format.
function apiHref(p, format, keys = ['q', 'op', 'xlang', 'sort', ...FILTERS]) {
  const s = new URLSearchParams();
  for (const k of keys) for (const v of p.getAll(k)) s.append(k, v);
  s.set('format', format);
  return '/api/search?' + s;
}

// tools points the Follow and Export links at the search on screen.
function tools(p) {
  $('tools').hidden = false;
  $('follow').href = apiHref(p, 'atom', ['q', 'op', 'xlang', ...FILTERS]);
  $('follow').title = L.followTitle;
  $('csv').href = apiHref(p, 'csv');
  $('jsonl').href = apiHref(p, 'jsonl');
  $('facets-csv').href = apiHref(p, 'facets-csv');
  $('chart-btn').setAttribute('aria-expanded', String(p.has('chart')));
}

const SVG = 'http://www.w3.org/2000/svg';
const svgEl = (tag, attrs) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};
const pct = x => (100 * x).toFixed(x && x < 0.01 ? 2 : 1) + '%';

let att = null, chartCtl = null, chartView = 'count', chartAt = -1;

// showChart draws the attention chart when the URL asks for it
// (chart=count or chart=share): the search's query and the vs= ones, each a
// line over the same months or years.
async function showChart(p) {
  const view = p.get('chart');
  $('chart').hidden = !view;
  if (!view) return;
  chartView = view === 'share' ? 'share' : 'count';
  document.querySelectorAll('#chart [data-view]').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.view === chartView)));
  const req = new URLSearchParams();
  for (const q of [p.get('q') || '', ...p.getAll('vs').slice(0, MAX_VS)]) req.append('q', q);
  // The chart counts under the province, source and date filters; the
  // attention API has no person filter.
  for (const k of ['op', 'xlang', ...FILTERS.filter(k => k !== 'person')]) for (const v of p.getAll(k)) req.append(k, v);
  $('chart-csv').href = '/api/attention?' + req + '&format=csv';
  $('compare').hidden = p.getAll('vs').length >= MAX_VS;
  $('compare').elements.vs.placeholder = L.compare;
  $('compare').elements.vs.setAttribute('aria-label', L.compare);
  chartCtl?.abort();
  const ctl = chartCtl = new AbortController();
  try {
    att = await api('/api/attention?' + req, ctl.signal);
  } catch (e) {
    if (ctl.signal.aborted) return;
    att = null;
    $('series').innerHTML = '';
    $('plot').innerHTML = `<p class="none">${esc(e.kind === 'offline' ? L.offline : `${L.failed} ${e.message}`)}</p>`;
    return;
  }
  drawChart();
}

const seriesName = s => s.query || L.every;

function drawChart() {
  const series = att?.series || [];
  const vs = here().getAll('vs');
  $('series').innerHTML = series.map((s, k) => `<li><i class="sw s${k}"></i><span class="q">${esc(seriesName(s))}</span> ` +
    `<span class="n">${num(s.total)}</span>` + (k ? ` <button type="button" class="link" data-unvs="${k - 1}" aria-label="${esc(L.removeSeries(seriesName(s)))}">×</button>` : '') + '</li>').join('');
  const plot = $('plot');
  plot.textContent = '';
  $('tip').hidden = true;
  chartAt = -1;
  const n = series[0]?.buckets?.length || 0;
  if (!n) { plot.innerHTML = `<p class="help">${esc(L.noDates)}</p>`; return; }
  // As wide as the plot's box, so that the labels keep their size.
  const W = Math.max(320, Math.round(plot.clientWidth) || 640), H = 200, X0 = 52, X1 = W - 14, Y0 = 10, Y1 = H - 24;
  const val = b => chartView === 'share' ? b.share : b.count;
  const max = Math.max(...series.flatMap(s => s.buckets.map(val))) || 1;
  const x = i => n === 1 ? (X0 + X1) / 2 : X0 + i * (X1 - X0) / (n - 1);
  const y = v => Y1 - (Y1 - Y0) * v / max;
  const label = v => chartView === 'share' ? pct(v) : num(v);
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'plot', role: 'img', tabindex: '0', 'aria-label': `${L.chartTitle}: ${series.map(seriesName).join(', ')}` });
  svg.append(svgEl('line', { x1: X0, x2: X1, y1: Y1, y2: Y1, class: 'axis' }), svgEl('line', { x1: X0, x2: X0, y1: Y0, y2: Y1, class: 'axis' }));
  const text = (s, attrs) => { const t = svgEl('text', attrs); t.textContent = s; svg.append(t); };
  text(label(max), { x: X0 - 6, y: Y0 + 4, class: 'tick', 'text-anchor': 'end' });
  text(label(0), { x: X0 - 6, y: Y1, class: 'tick', 'text-anchor': 'end' });
  const bars = series[0].buckets;
  text(bars[0].value, { x: x(0), y: H - 6, class: 'tick', 'text-anchor': n === 1 ? 'middle' : 'start' });
  if (n > 1) text(bars[n - 1].value, { x: x(n - 1), y: H - 6, class: 'tick', 'text-anchor': 'end' });
  svg.append(svgEl('line', { x1: 0, x2: 0, y1: Y0, y2: Y1, class: 'guide', visibility: 'hidden' }));
  series.forEach((s, k) => {
    svg.append(svgEl('polyline', { points: s.buckets.map((b, i) => `${x(i)},${y(val(b))}`).join(' '), class: `line s${k}` }));
    s.buckets.forEach((b, i) => svg.append(svgEl('circle', { cx: x(i), cy: y(val(b)), r: 3.5, class: `pt s${k}`, 'data-i': i })));
  });
  svg.chart = { x, n, X0, X1, W };
  plot.append(svg);
}

// pointAt is the bucket nearest to the pointer's x.
function pointAt(svg, clientX) {
  const r = svg.getBoundingClientRect(), c = svg.chart;
  const vx = (clientX - r.left) * c.W / r.width;
  return c.n === 1 ? 0 : Math.max(0, Math.min(c.n - 1, Math.round((vx - c.X0) / ((c.X1 - c.X0) / (c.n - 1)))));
}

// hover shows the figures of bucket i of every series beside the plot.
function hover(i) {
  const svg = $('plot').querySelector('svg');
  if (!svg || !att) return;
  chartAt = i;
  const c = svg.chart, g = svg.querySelector('.guide');
  g.setAttribute('x1', c.x(i));
  g.setAttribute('x2', c.x(i));
  g.setAttribute('visibility', 'visible');
  svg.querySelectorAll('.pt').forEach(p => p.classList.toggle('on', +p.dataset.i === i));
  const tip = $('tip');
  tip.innerHTML = `<strong>${esc(att.series[0].buckets[i].value)}</strong>` + att.series.map((s, k) => {
    const b = s.buckets[i];
    return `<div><i class="sw s${k}"></i>${esc(seriesName(s))}: ${esc(L.figures(num(b.count), num(b.all), pct(b.share)))}</div>`;
  }).join('');
  tip.hidden = false;
  const r = svg.getBoundingClientRect(), pr = $('chart').getBoundingClientRect();
  const left = r.left - pr.left + c.x(i) * r.width / c.W;
  tip.style.left = Math.max(0, Math.min(left + 12, pr.width - tip.offsetWidth)) + 'px';
  tip.style.top = (r.top - pr.top + 8) + 'px';
}

function unhover() {
  const svg = $('plot').querySelector('svg');
  svg?.querySelector('.guide')?.setAttribute('visibility', 'hidden');
  svg?.querySelectorAll('.pt.on').forEach(p => p.classList.remove('on'));
  $('tip').hidden = true;
  chartAt = -1;
}

// narrowTo narrows the search to bucket i: its month or year.
function narrowTo(i) {
  const v = att?.series?.[0]?.buckets?.[i]?.value;
  if (v) edit(p => { p.set('from', v); p.set('to', v); });
}

// ---- the article ----

async function openDoc(id) {
  if (!$('results').hidden) savedScroll = scrollY;
  $('results').hidden = true;
  const doc = $('doc');
  doc.hidden = false;
  doc.innerHTML = `<p class="meta">${esc(L.loading)}</p>`;
  const p = canonical(here());
  const q = p.get('q') || '';
  const ctl = begin();
  // The words to mark: those the API marked in this hit (they follow the
  // engine's stemming and segmentation) and the query's own words.
  const hit = hitsById.get(id);
  let marked = Promise.resolve(hit ? marksOf(hit) : []);
  if (!hit && q) {
    const s = new URLSearchParams(p);
    s.set('size', 100);
    marked = api('/api/search?' + s).then(r => { const h = r.hits.find(h => h.id === id); return h ? marksOf(h) : []; }, () => []);
  }
  let d;
  try {
    d = await api(idPath('/api/docs', id), ctl.signal);
  } catch (e) {
    if (!ctl.done()) return;
    const msg = e.kind === 'offline' ? L.offline : e.code === 'not_found' ? L.notFound : `${L.failed} ${e.message}`;
    doc.innerHTML = `${backHTML()}<div class="error-box" role="alert"><p>${esc(msg)}</p>` +
      (e.kind === 'offline' || e.status >= 500 ? `<button type="button" data-retry>${esc(L.retry)}</button>` : '') + '</div>';
    return;
  }
  const words = [...await marked, ...queryWords(q)];
  if (!ctl.done()) return;
  renderDoc(d, words);
}

function backHTML() {
  const s = canonical(here()).toString();
  return `<a href="/${s ? '?' + s : ''}" id="back">${esc(L.back)}</a>`;
}

function renderDoc(d, words) {
  const re = highlighter(words);
  let n = 0;
  const mark = s => {
    s = String(s ?? '');
    if (!re) return esc(s);
    let out = '', at = 0;
    for (const m of s.matchAll(re)) {
      out += esc(s.slice(at, m.index)) + '<mark>' + esc(m[0]) + '</mark>';
      at = m.index + m[0].length;
      n++;
    }
    return out + esc(s.slice(at));
  };
  const paras = s => String(s ?? '').split(/\n+/).map(l => l.trim()).filter(Boolean);
  const title = mark(d.title || d.id);
  const body = paras(d.body).map(l => `<p>${mark(l)}</p>`).join('');
  const meta = [['src', d.source], ['prov', provName(d.province, d.province_zh)], ['date', dateText(d.date_text ?? d.date, d.date_precision)], ['lang', L.langs[d.lang] || d.lang]]
    .filter(m => m[1]).map(([c, v]) => `<span class="${c}">${esc(v)}</span>`);
  if (/^https?:\/\//i.test(d.url || '')) meta.push(`<a href="${esc(d.url)}" rel="noopener noreferrer" target="_blank">${esc(L.original)}</a>`);
  $('doc').innerHTML = `<nav class="docnav">${backHTML()}` +
    (n ? `<span class="count">${esc(L.matches(num(n)))}</span><button type="button" class="link" id="nextmark">${esc(L.next)}</button>` : '') +
    `</nav><h1 tabindex="-1">${title}</h1><p class="meta">${meta.join(' · ')}</p><div class="body">${body}</div>`;
  document.title = `${d.title || d.id} – xinwen 新闻`;
  scrollTo(0, 0);
  $('doc').querySelector('h1').focus({ preventScroll: true });
}

function marksOf(h) {
  const out = [];
  for (const s of [h.title_html, ...(h.snippets || [])]) {
    for (const m of String(s ?? '').matchAll(/<mark>([\s\S]*?)<\/mark>/g)) out.push(unescape(m[1]));
  }
  return out;
}

// queryWords are the words a query looks for: not the excluded ones, not
// the operators, and not the filters written as field:value. A prefix keeps
// its "*".
function queryWords(q) {
  const out = [];
  q = q.replace(/(^|[\s(])(?:-|NOT\s+)(\w+:)?("[^"]*"?|[^\s"]+)/g, '$1');
  for (const [, field, phrase, word] of q.matchAll(/(?:(\w+):)?(?:"([^"]*)"?|([^\s"]+))/g)) {
    if (field && !/^(title|body)$/i.test(field)) continue;
    if (word && /^(AND|OR|NOT|(NEAR|PRE)(\/\d*)?|~\d*)$/.test(word)) continue;
    const w = (phrase ?? word.replace(/[()]/g, '')).trim();
    if (w && w !== '*') out.push(w);
  }
  return out;
}

// highlighter matches the words anywhere in Chinese and as whole words
// (plus common English endings, or any ending after a "*") in Latin script,
// ignoring case; the longest word wins where several start at the same place.
function highlighter(words) {
  const W = '[\\p{Script=Latin}\\p{Nd}]';
  const latinEnd = new RegExp(W + '\\*?$', 'u'), latinStart = new RegExp('^' + W, 'u');
  const uniq = [...new Set(words.map(w => w.trim().toLowerCase()).filter(w => w.replace(/\*+$/, '')))].sort((a, b) => b.length - a.length);
  if (!uniq.length) return null;
  return new RegExp(uniq.map(w => {
    const prefix = w.endsWith('*');
    let s = w.replace(/\*+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    if (latinEnd.test(w)) s += (prefix ? W + '*' : '(?:s|es|ed|d|ing|er|ers)?') + `(?!${W})`;
    if (latinStart.test(w)) s = `(?<!${W})` + s;
    return s;
  }).join('|'), 'giu');
}

function back() {
  if (history.state?.fromResults) history.back();
  else go(here());
}

// ---- keyboard ----

function focusHit(a) {
  if (!a) return;
  a.focus({ preventScroll: true });
  a.closest('li').scrollIntoView({ block: 'nearest' });
}

document.addEventListener('keydown', e => {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  const t = e.target;
  const typing = t.matches('input:not([type=checkbox]), textarea, select');
  if (e.key === '/' && !typing) {
    e.preventDefault();
    $('q').focus();
    $('q').select();
    return;
  }
  if (e.key === 'Escape' && !$('doc').hidden && !typing) {
    e.preventDefault();
    back();
    return;
  }
  if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || $('results').hidden) return;
  const links = [...document.querySelectorAll('#hits a[data-id]')];
  const i = links.indexOf(t);
  const down = e.key === 'ArrowDown';
  if (t === $('q')) {
    if (down && links.length) { e.preventDefault(); focusHit(links[0]); }
  } else if (i >= 0) {
    e.preventDefault();
    if (down) (i + 1 < links.length ? focusHit(links[i + 1]) : !$('more').hidden && $('more').focus());
    else if (i) focusHit(links[i - 1]);
    else $('q').focus();
  } else if (t === $('more') && !down && links.length) {
    e.preventDefault();
    focusHit(links[links.length - 1]);
  }
});

// ---- wiring ----

for (const el of document.querySelectorAll('[data-t]')) el.textContent = L[el.dataset.t];
document.documentElement.lang = LANG === 'zh' ? 'zh-CN' : 'en';
$('q').placeholder = L.placeholder;
$('q').setAttribute('aria-label', L.placeholder);
$('keys').textContent = L.keys;

$('form').addEventListener('submit', e => {
  e.preventDefault();
  const p = here();
  p.set('q', $('q').value);
  go(p);
});
$('sort').addEventListener('change', () => edit(p => p.set('sort', $('sort').value)));
$('op').addEventListener('change', () => edit(p => $('op').checked ? p.set('op', 'or') : p.delete('op')));
$('home').addEventListener('click', e => {
  if (e.button || e.metaKey || e.ctrlKey || e.shiftKey) return;
  e.preventDefault();
  go(new URLSearchParams());
});
$('more').addEventListener('click', () => search(canonical(here()), true));
$('filters').addEventListener('click', () => {
  $('filters').setAttribute('aria-expanded', document.body.classList.toggle('show-facets'));
});

$('hits').addEventListener('click', e => {
  const v = e.target.closest('button[data-story]');
  if (v) return toggleVersions(v);
  const a = e.target.closest('a[data-id]');
  if (!a || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  lastOpened = a.dataset.id;
  savedScroll = scrollY;
  history.pushState({ fromResults: true }, '', a.getAttribute('href'));
  route();
});

$('doc').addEventListener('click', e => {
  if (e.target.closest('#back') && !e.button && !e.metaKey && !e.ctrlKey && !e.shiftKey) {
    e.preventDefault();
    back();
  } else if (e.target.closest('#nextmark')) {
    const marks = [...$('doc').querySelectorAll('.body mark, h1 mark')];
    const cur = marks.findIndex(m => m.classList.contains('cur'));
    marks[cur]?.classList.remove('cur');
    const next = marks[(cur + 1) % marks.length];
    next.classList.add('cur');
    next.scrollIntoView({ block: 'center' });
  } else if (e.target.closest('[data-retry]')) {
    route(true);
  }
});

$('chips').addEventListener('click', e => {
  const c = e.target.closest('[data-chip]');
  if (!c) return;
  if (c.dataset.chip === 'all') edit(p => FILTERS.concat('op').forEach(k => p.delete(k)));
  else edit(chipActions[+c.dataset.chip]);
});

$('also').addEventListener('click', e => {
  const x = e.target.closest('[data-xlang]')?.dataset.xlang;
  if (x === 'off') edit(p => p.set('xlang', 'off'));
  else if (x === 'on') edit(p => p.delete('xlang'));
});

$('notice').addEventListener('click', e => { if (e.target.closest('[data-retry]')) route(true); });

$('empty').addEventListener('click', e => {
  const h = e.target.closest('[data-hint]')?.dataset.hint;
  if (h === 'nofilter') edit(p => FILTERS.forEach(k => p.delete(k)));
  else if (h === 'any') edit(p => p.set('op', 'or'));
});

const facetsEl = $('facets');
facetsEl.addEventListener('change', e => {
  const c = e.target;
  if (!c.dataset.facet) return;
  refocus = `input[data-facet="${c.dataset.facet}"][value="${CSS.escape(c.value)}"]`;
  edit(p => {
    const vals = p.getAll(c.dataset.facet).filter(v => v !== c.value);
    if (c.checked) vals.push(c.value);
    p.delete(c.dataset.facet);
    vals.forEach(v => p.append(c.dataset.facet, v));
  });
});
facetsEl.addEventListener('click', e => {
  const x = e.target.closest('[data-expand]');
  if (!x) return;
  expanded[x.dataset.expand] = !expanded[x.dataset.expand];
  refocus = `[data-expand="${x.dataset.expand}"]`;
  facets(canonical(here()));
});
facetsEl.addEventListener('submit', e => {
  e.preventDefault();
  const f = new FormData(e.target);
  edit(p => {
    for (const k of ['from', 'to']) { const v = String(f.get(k) || '').trim(); v ? p.set(k, v) : p.delete(k); }
  });
});
facetsEl.addEventListener('pointerdown', e => {
  const b = e.target.closest('#hist .b');
  if (!b || e.button) return;
  e.preventDefault();
  brush = { a: +b.dataset.i, b: +b.dataset.i };
  $('hist').setPointerCapture(e.pointerId);
  paintBrush();
});
facetsEl.addEventListener('pointermove', e => {
  if (!brush) return;
  const i = barAt(e.clientX);
  if (i !== brush.b) { brush.b = i; paintBrush(); }
});
facetsEl.addEventListener('pointerup', () => { if (brush) applyBrush(); });
facetsEl.addEventListener('pointercancel', () => { brush = null; paintBrush(); });
facetsEl.addEventListener('keydown', e => {
  const b = e.target.closest('#hist .b');
  if (!b) return;
  const all = [...$('hist').children];
  const i = +b.dataset.i;
  let k = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: all.length - 1 }[e.key];
  if (k !== undefined) {
    e.preventDefault();
    k = Math.max(0, Math.min(all.length - 1, k));
    if (e.shiftKey) { brush = brush || { a: i, b: i }; brush.b = k; } else brush = null;
    paintBrush();
    all.forEach(x => { x.tabIndex = -1; });
    all[k].tabIndex = 0;
    all[k].focus();
  } else if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    brush = brush || { a: i, b: i };
    applyBrush();
  } else if (e.key === 'Escape' && brush) {
    brush = null;
    paintBrush();
  }
});

$('chart-btn').addEventListener('click', () => edit(p => p.has('chart') ? p.delete('chart') : p.set('chart', 'count')));
$('chart').addEventListener('click', e => {
  const v = e.target.closest('[data-view]')?.dataset.view;
  const un = e.target.closest('[data-unvs]')?.dataset.unvs;
  if (v) edit(p => p.set('chart', v));
  else if (un !== undefined) edit(p => { const rest = p.getAll('vs').filter((_, i) => i !== +un); p.delete('vs'); rest.forEach(x => p.append('vs', x)); });
});
$('compare').addEventListener('submit', e => {
  e.preventDefault();
  const q = e.target.elements.vs.value.trim();
  if (!q) return;
  e.target.elements.vs.value = '';
  edit(p => { if (p.getAll('vs').length < MAX_VS) p.append('vs', q); });
});
$('plot').addEventListener('pointermove', e => {
  const svg = e.target.closest('svg');
  if (svg?.chart) hover(pointAt(svg, e.clientX));
});
$('plot').addEventListener('pointerleave', unhover);
$('plot').addEventListener('click', e => {
  const svg = e.target.closest('svg');
  if (svg?.chart) narrowTo(pointAt(svg, e.clientX));
});
$('plot').addEventListener('keydown', e => {
  const svg = e.target.closest('svg');
  if (!svg?.chart) return;
  const k = { ArrowLeft: chartAt - 1, ArrowRight: chartAt + 1, Home: 0, End: svg.chart.n - 1 }[e.key];
  if (k !== undefined) { e.preventDefault(); hover(Math.max(0, Math.min(svg.chart.n - 1, chartAt < 0 ? 0 : k))); }
  else if ((e.key === 'Enter' || e.key === ' ') && chartAt >= 0) { e.preventDefault(); narrowTo(chartAt); }
  else if (e.key === 'Escape') unhover();
});

let resized = 0;
addEventListener('resize', () => { cancelAnimationFrame(resized); resized = requestAnimationFrame(() => { if (att && !$('chart').hidden) drawChart(); }); });
addEventListener('popstate', () => route());
route();
