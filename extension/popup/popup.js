// The popup: this page's matches in detail, the list's version and
// freshness, "check now", and pausing on this site.
const msg = (key, ...subs) => chrome.i18n.getMessage(key, subs) || key;
const $ = (id) => document.getElementById(id);

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
  if (min < 60) return msg('agoMinutes', String(min));
  if (min < 48 * 60) return msg('agoHours', String(Math.floor(min / 60)));
  return msg('agoDays', String(Math.floor(min / 1440)));
}

const ERRORS = {
  'bad-signature': 'errBadSignature', 'unknown-key': 'errUnknownKey', truncated: 'errTruncated',
  downgrade: 'errDowngrade', 'too-large': 'errTooLarge', network: 'errNetwork',
};

let tab;
let host = '';

function render(st) {
  const lang = msg('langCode'); // the language of the popup's own strings
  const byId = new Map(st.rumors.map((r) => [r.id, r]));
  const list = $('matches');
  list.replaceChildren();
  for (const m of st.matches) {
    const r = byId.get(m.rumor);
    if (!r) continue;
    const t = r.texts[lang] || r.texts.en || Object.values(r.texts)[0];
    const kind = (m.debunked || m.tier < 2) && m.factCheckPage ? msg('notePageFactCheck') : m.debunked ? msg('noteQuotedDebunk') : m.tier < 2 ? msg('noteHeadingResembles') : msg('noteHeading');
    const sources = el('ul', { class: 'sources' });
    for (const s of r.sources) {
      let href = null;
      try {
        const u = new URL(s.url);
        if (u.protocol === 'https:' || u.protocol === 'http:') href = u.href;
      } catch { /* not a link */ }
      sources.append(el('li', {}, href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: s.title || s.publisher }) : document.createTextNode(s.publisher),
        document.createTextNode(` — ${s.publisher}${s.date ? `, ${s.date}` : ''}`)));
    }
    list.append(el('li', { class: 'match', 'data-rumor': r.id },
      el('span', { class: `verdict ${r.verdict}`, text: msg(`verdict_${r.verdict.replace(/-/g, '_')}`) }),
      el('span', { class: 'kind', text: kind }),
      el('p', { class: 'claim', text: t.claim }),
      el('p', { class: 'summary', text: t.summary }),
      sources,
      el('button', { type: 'button', class: 'show', text: msg('popupShowMe'),
        onclick: () => chrome.tabs.sendMessage(tab.id, { type: 'show', id: m.id }, { frameId: m.frameId }).then(() => window.close()) })));
  }
  $('none').hidden = st.matches.length > 0;
  $('list-name').textContent = st.list.name;
  $('list-version').textContent = String(st.list.version);
  const updated = st.update.lastSuccess || st.list.installedAt;
  $('list-updated').textContent = msg('popupUpdated', updated ? ago(updated) : '—');
  const err = st.update.lastError;
  $('update-error').hidden = !err;
  if (err) {
    const key = ERRORS[err.code];
    $('update-error').textContent = key ? msg(key, String(st.list.version)) : msg('errOther', err.message, String(st.list.version));
  }
  $('pause').textContent = st.paused ? msg('popupResume') : msg('popupPause');
  $('paused-note').hidden = !st.paused;
  $('pause').onclick = async () => {
    await chrome.runtime.sendMessage({ type: 'setPaused', host, paused: !st.paused });
    if (tab) chrome.tabs.reload(tab.id);
    load();
  };
}

async function load() {
  [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  const params = new URLSearchParams(location.search);
  if (params.has('tab')) tab = await chrome.tabs.get(Number(params.get('tab'))); // tests open the popup as a page
  try {
    host = new URL(tab.url).hostname;
  } catch {
    host = '';
  }
  $('site').hidden = !/^https?:/.test(tab?.url || '');
  render(await chrome.runtime.sendMessage({ type: 'status', tabId: tab?.id, host }));
}

for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = msg(e.dataset.i18n);
$('options').onclick = (e) => {
  e.preventDefault();
  chrome.runtime.openOptionsPage();
};
$('check').onclick = async () => {
  $('check').disabled = true;
  $('check').textContent = msg('popupChecking');
  render(await chrome.runtime.sendMessage({ type: 'checkNow', tabId: tab?.id, host }));
  $('check').disabled = false;
  $('check').textContent = msg('popupCheckNow');
};
load();
