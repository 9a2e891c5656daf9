/* Counts one page view: a POST with the page id to the view endpoint, once per
 * load, no cookie, nothing else sent. Loaded by {% pageview_beacon %} (no
 * inline script; works on pages from the page cache). A prerendered page
 * counts only once the reader actually sees it. */
(() => {
  const script = document.currentScript;
  if (!script || !script.dataset.page || !script.dataset.url) return;
  const url = `${script.dataset.url}?page=${encodeURIComponent(script.dataset.page)}`;
  const send = () => {
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    fetch(url, { method: 'POST', keepalive: true, credentials: 'omit' }).catch(() => {});
  };
  if (document.prerendering) {
    document.addEventListener('prerenderingchange', send, { once: true });
  } else {
    send();
  }
})();
