// Options: list server, lists, sensitivity, paused sites.
const msg = (key) => chrome.i18n.getMessage(key) || key;
const $ = (id) => document.getElementById(id);
for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = msg(e.dataset.i18n);

const { settings } = await chrome.runtime.sendMessage({ type: 'status' });
$('server').value = settings.server;
$('lists').value = settings.lists.join(', ');
$('sensitivity').value = settings.sensitivity;
$('paused').value = settings.paused.join('\n');

$('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  await chrome.runtime.sendMessage({ type: 'saveSettings', settings: {
    server: $('server').value.trim(),
    lists: $('lists').value.split(',').map((s) => s.trim()).filter(Boolean),
    sensitivity: $('sensitivity').value,
    paused: $('paused').value.split('\n').map((s) => s.trim()).filter(Boolean),
  } });
  $('saved').textContent = msg('optionsSaved');
});
