// The popup of one tab: this page's matches grouped by rumor (how often,
// and "show me" for each occurrence), "not a match" with thanks and undo,
// pausing on the site, and the list's version and freshness. It follows the
// tab live: matches that arrive while it is open, marks removed on pause.
import '../shared/messages.js';

const M = globalThis.RumorguardMessages;
const msg = (key, ...subs) => chrome.i18n.getMessage(key, subs.map(String)) || key;
const $ = (id) => document.getElementById(id);
const lang = msg('langCode'); // the language of the popup's own strings

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

export function ago(ms, now = Date.now()) {
  const min = Math.floor((now - ms) / 60000);
  if (min < 1) return msg('agoJustNow');
  if (min < 60) return msg('agoMinutes', min);
  if (min < 48 * 60) return msg('agoHours', Math.floor(min / 60));
  return msg('agoDays', Math.floor(min / 1440));
}

/** "3 hours ago (1 Dec, 18:02)": relative for a glance, absolute so it can be trusted. */
function when(ms) {
  const abs = new Date(ms).toLocaleString(chrome.i18n.getUILanguage(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  return `${ago(ms)} (${abs})`;
}

const ERRORS = {
  'bad-signature': 'errBadSignature', 'unknown-key': 'errUnknownKey', truncated: 'errTruncated',
  downgrade: 'errDowngrade', 'too-large': 'errTooLarge', network: 'errNetwork',
};

const pickText = (r) => r.texts[lang] || r.texts.en || Object.values(r.texts)[0] || { claim: '', summary: '' };

let tab = null; // the tab this popup belongs to, fixed when it opens
let st = null; // the last status from the background
const asking = new Set(); // rumors whose "not a match" awaits confirmation
const thanked = new Map(); // rumor id -> rumor, marked "not a match" while the popup is open

/**
 * The one place the popup draws a rumor in full: the note renderer the page
 * overlay uses (note/note.js), so the two cannot drift apart.
 */
function renderDetail(rumor, occurrence) {
  const t = pickText(rumor);
  const model = {
    verdict: rumor.verdict,
    rumors: [{ id: rumor.id, claim: t.claim, summary: t.summary, sources: rumor.sources, family: rumor.family }],
    debunkPage: !!occurrence.debunked, factCheckPage: !!occurrence.factCheckPage, tier: occurrence.tier, score: occurrence.score, text: occurrence.text, lang,
  };
  const N = globalThis.RumorguardNote;
  if (!document.getElementById('rg-note-style') && N.style) {
    const s = N.style(document);
    s.id = 'rg-note-style';
    document.head.append(s);
  }
  return N.render(document, model, { context: 'popup', msg });
}

async function showMe(m) {
  await chrome.tabs.sendMessage(tab.id, M.show(m.id), { frameId: m.frameId }).catch(() => null);
  window.close();
}

const has = (key) => !!chrome.i18n.getMessage(key);

/** What kind of mark an occurrence is, in the note's own words. */
function kindOf(m) {
  // A page that fact-checks the rumor and a quote framed as false read
  // differently; lists without those strings fall back to the general ones.
  if ((m.debunked || m.tier < 2) && m.factCheckPage && has('notePageFactCheck')) return msg('notePageFactCheck');
  if (m.debunked) return has('noteQuotedDebunk') ? msg('noteQuotedDebunk') : msg('noteHeadingDebunk');
  return m.tier < 2 ? msg('noteHeadingResembles') : msg('noteHeading');
}

function groupCard(r, ms) {
  const t = pickText(r);
  const first = ms[0];
  const kind = kindOf(first);
  const occurrences = el('ol', { class: 'occurrences', 'aria-label': msg('popupOccurrencesLabel') });
  ms.forEach((m, i) => occurrences.append(el('li', {},
    el('q', { text: m.text }),
    el('button', { type: 'button', class: 'show', text: msg('popupShowMe'),
      'aria-label': msg('popupShowOccurrence', i + 1, ms.length), onclick: () => showMe(m) }))));
  const actions = el('div', { class: 'actions' });
  if (asking.has(r.id)) {
    actions.append(
      el('p', { class: 'confirm', text: msg('popupConfirmNotAMatch', st.host) }),
      el('button', { type: 'button', class: 'confirm-yes', text: msg('popupConfirmYes'), onclick: () => notAMatch(r) }),
      el('button', { type: 'button', class: 'confirm-no', text: msg('popupCancel'), onclick: () => { asking.delete(r.id); draw(); } }));
  } else {
    actions.append(el('button', { type: 'button', class: 'not-a-match', text: msg('noteNotAMatch'),
      onclick: () => { asking.add(r.id); draw(); document.querySelector(`[data-rumor="${CSS.escape(r.id)}"] .confirm-yes`)?.focus(); } }));
  }
  let detail = null;
  if (globalThis.RumorguardNote?.render) {
    detail = el('details', { class: 'detail' }, el('summary', { text: msg('popupDetails') }));
    detail.addEventListener('toggle', () => {
      if (detail.open && detail.children.length === 1) detail.append(renderDetail(r, first));
    }, { once: false });
  }
  return el('li', { class: 'group', 'data-rumor': r.id },
    el('span', { class: `verdict ${r.verdict}`, text: msg(`verdict_${r.verdict.replace(/-/g, '_')}`) }),
    el('span', { class: 'kind', text: kind }),
    el('p', { class: 'claim' }, el('span', { class: 'label', text: msg('popupClaim') }), document.createTextNode(` “${t.claim}”`)),
    el('p', { class: 'count', text: ms.length === 1 ? msg('popupOnce') : msg('popupTimes', ms.length) }),
    occurrences, actions, detail);
}

function thanksCard(r) {
  return el('li', { class: 'group thanks', 'data-rumor': r.id },
    el('p', { role: 'status', text: msg('noteThanks') }),
    el('p', { class: 'claim' }, el('span', { class: 'label', text: msg('popupClaim') }), document.createTextNode(` “${pickText(r).claim}”`)),
    el('div', { class: 'actions' }, el('button', { type: 'button', class: 'undo', text: msg('popupUndo'), onclick: () => undo(r) })));
}

async function notAMatch(r) {
  asking.delete(r.id);
  thanked.set(r.id, r);
  draw();
  await chrome.runtime.sendMessage(M.notAMatch(r.id, st.host));
  document.querySelector(`[data-rumor="${CSS.escape(r.id)}"] .undo`)?.focus();
}

async function undo(r) {
  thanked.delete(r.id);
  await chrome.runtime.sendMessage(M.undoNotAMatch(r.id, st.host));
  await refresh();
  // The shared note renderer (note/note.js, a classic script that defines
  // globalThis.RumorguardNote) draws the detail view; loaded after the first
  // paint so the counts show at once.
  await import('../note/note.js').then(draw, () => {});
}

function drawList() {
  $('list-name').textContent = st.list.name;
  $('list-version').textContent = String(st.list.version);
  const u = st.update;
  const err = u.lastError && (!u.lastSuccess || u.lastError.at > u.lastSuccess) ? u.lastError : null;
  // "Updated" means fetched from the server and verified; a list that came
  // with the extension was never updated, whenever the worker last started.
  const good = u.lastSuccess ? msg('popupLastGood', when(u.lastSuccess)) : msg('popupNeverUpdated');
  $('list-updated').hidden = !!err;
  $('list-updated').textContent = u.lastSuccess ? msg('popupUpdated', when(u.lastSuccess)) : msg('popupNeverUpdated');
  $('update-error').hidden = !err;
  $('last-good').hidden = !err;
  $('error-at').hidden = !err;
  if (err) {
    const key = ERRORS[err.code];
    $('update-error').textContent = key ? msg(key, st.list.version) : msg('errOther', err.message, st.list.version);
    $('error-at').textContent = msg('popupErrorAt', when(err.at));
    $('last-good').textContent = good;
  }
}

function draw() {
  drawList();
  $('unavailable').hidden = st.available;
  $('page').hidden = !st.available;
  if (!st.available) return;
  $('paused-note').hidden = !st.paused;
  $('pause').textContent = st.paused ? msg('popupResume') : msg('popupPause');
  const byRumor = new Map();
  for (const m of st.paused ? [] : st.matches) {
    if (!byRumor.has(m.rumor)) byRumor.set(m.rumor, []);
    byRumor.get(m.rumor).push(m);
  }
  const rumors = new Map(st.rumors.map((r) => [r.id, r]));
  const cards = [];
  // Warnings first, then the quiet marks (fact-checks, resemblances).
  const rank = (ms) => (ms.some((m) => m.tier === 2 && !m.debunked) ? 0 : 1);
  for (const [id, ms] of [...byRumor].sort((a, b) => rank(a[1]) - rank(b[1]) || b[1].length - a[1].length)) {
    if (rumors.has(id) && !thanked.has(id)) cards.push(groupCard(rumors.get(id), ms));
  }
  for (const r of thanked.values()) cards.push(thanksCard(r));
  // Keep an open detail open across live updates.
  const open = new Set([...document.querySelectorAll('li.group details.detail[open]')].map((d) => d.closest('li').dataset.rumor));
  $('groups').replaceChildren(...cards);
  for (const id of open) {
    const d = document.querySelector(`li.group[data-rumor="${CSS.escape(id)}"] details.detail`);
    if (d) d.open = true;
  }
  $('none').hidden = st.paused || cards.length > 0;
}

async function refresh() {
  st = await chrome.runtime.sendMessage(M.status(tab?.id));
  if (st.error) throw new Error(st.error);
  draw();
}

async function main() {
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = msg(e.dataset.i18n);
  [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  $('options').onclick = (e) => {
    e.preventDefault();
    chrome.runtime.openOptionsPage();
    window.close();
  };
  $('pause').onclick = async () => {
    await chrome.runtime.sendMessage(M.setPaused(st.host, !st.paused));
    await refresh();
  };
  $('check').onclick = async () => {
    $('check').disabled = true;
    $('check').textContent = msg('popupChecking');
    st = await chrome.runtime.sendMessage(M.checkNow(tab?.id));
    draw();
    $('check').disabled = false;
    $('check').textContent = msg('popupCheckNow');
  };
  // Live: this tab's matches and whether its content script runs are kept
  // in session storage by the background; settings and update state in local.
  let pending = null;
  chrome.storage.onChanged.addListener((changes) => {
    const mine = tab && (changes[`tab:${tab.id}`] || changes[`seen:${tab.id}`]);
    if (!mine && !changes.settings && !changes.update && !changes.list) return;
    clearTimeout(pending);
    pending = setTimeout(refresh, 50);
  });
  await refresh();
  // The shared note renderer (note/note.js, a classic script that defines
  // globalThis.RumorguardNote) draws the detail view; loaded after the first
  // paint so the counts show at once.
  await import('../note/note.js').then(draw, () => {});
}

main();
