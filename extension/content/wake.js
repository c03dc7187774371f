// Runs as the top frame's document starts loading: a stopped background
// (Chromium stops an idle service worker after ~30 s) starts its core and
// reads its stored index while the page loads, instead of when the content
// script asks at document_idle. It sends nothing of the page; scanning
// still waits for document_idle (content/main.js).
(() => {
  try {
    chrome.runtime.sendMessage(globalThis.RumorguardMessages.wake()).catch(() => {
      // the background is being updated or reloaded: main.js asks again
    });
  } catch {
    // the extension was reloaded under this page: nothing to wake
  }
})();
