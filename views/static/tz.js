// tz.js tells the server the viewer's time zone, so dates are shown (and
// date filters read) in the viewer's zone while the database keeps UTC.
// It only sets a cookie; pages fall back to UTC when scripts are off.
(function () {
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!tz) return;
    var current = document.cookie.split("; ").find(function (c) { return c.indexOf("tz=") === 0; });
    if (current === "tz=" + encodeURIComponent(tz)) return;
    document.cookie = "tz=" + encodeURIComponent(tz) + "; path=/; max-age=31536000; SameSite=Lax";
  } catch (e) { /* an old browser without Intl: UTC it is */ }
})();
