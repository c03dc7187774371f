// The privacy statement, in the browser's language: the page holds only keys.
document.addEventListener('DOMContentLoaded', () => {
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = chrome.i18n.getMessage(e.dataset.i18n) || e.dataset.i18n;
  document.title = chrome.i18n.getMessage('privacyTitle');
});
