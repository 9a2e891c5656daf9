/* Direct-mode affiliate links (products/templatetags/affiliate_tags.py) carry a
 * `ping` to the click endpoint. Some browsers never send pings, so where
 * sendBeacon exists this script takes over: it moves the ping URL aside (no
 * double count) and beacons it on click. Without JavaScript the ping remains. */
(() => {
  if (!navigator.sendBeacon) return;
  document.querySelectorAll('a[ping][data-affiliate-ping]').forEach((link) => {
    link.dataset.affiliatePing = link.getAttribute('ping');
    link.removeAttribute('ping');
  });
  const report = (event) => {
    const link = event.target.closest && event.target.closest('a[data-affiliate-ping]');
    if (link && link.dataset.affiliatePing) navigator.sendBeacon(link.dataset.affiliatePing);
  };
  document.addEventListener('click', report);
  document.addEventListener('auxclick', report);
})();
