// Options: the list server, the list, sensitivity, paused sites (each
// explained on the page), and the "not a match" choices, each restorable.
// The background checks what is saved and says what to fix.
import '../shared/messages.js';

const M = globalThis.RumorguardMessages;
const msg = (key, ...subs) => chrome.i18n.getMessage(key, subs.map(String)) || key;
const $ = (id) => document.getElementById(id);
for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = msg(e.dataset.i18n);

const lang = msg('langCode');
let rumors = new Map();

function drawSuppressed(settings) {
  const items = settings.suppressed.map((x) => {
    const r = rumors.get(x.rumor);
    const t = r ? (r.texts[lang] || r.texts.en || Object.values(r.texts)[0]) : null;
    const li = document.createElement('li');
    const text = document.createElement('span');
    text.textContent = msg('optionsNotAMatchItem', t ? t.claim : x.rumor, x.host);
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = msg('optionsRestore');
    b.setAttribute('aria-label', msg('optionsRestoreLabel', t ? t.claim : x.rumor, x.host));
    b.onclick = async () => {
      const res = await chrome.runtime.sendMessage(M.undoNotAMatch(x.rumor, x.host));
      if (res.error) throw new Error(res.error);
      await load();
      $('saved').textContent = msg('optionsRestored');
    };
    li.append(text, b);
    return li;
  });
  $('suppressed').replaceChildren(...items);
  $('suppressed-none').hidden = items.length > 0;
}

async function load() {
  const st = await chrome.runtime.sendMessage(M.status());
  if (st.error) throw new Error(st.error);
  // Names for the "not a match" choices: the rumors of the list in use.
  if (!rumors.size) rumors = new Map((st.suppressedRumors || []).map((r) => [r.id, r]));
  const { settings } = st;
  $('server').value = settings.server;
  $('list').value = settings.list;
  $('sensitivity').value = settings.sensitivity;
  $('paused').value = settings.paused.join('\n');
  drawSuppressed(settings);
}

$('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('saved').textContent = '';
  const res = await chrome.runtime.sendMessage(M.saveSettings({
    server: $('server').value.trim(),
    list: $('list').value.trim(),
    sensitivity: $('sensitivity').value,
    paused: $('paused').value.split('\n').map((s) => s.trim()).filter(Boolean),
  }));
  $('error').hidden = !res.error;
  if (res.error) {
    $('error').textContent = msg('optionsNotSaved', res.error);
    return;
  }
  $('saved').textContent = msg('optionsSaved');
});

await load();
