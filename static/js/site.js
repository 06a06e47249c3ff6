// Site-wide behaviour that must not be inline (CSP forbids inline scripts).
// Every page works without this file; it only adds conveniences.
document.addEventListener("DOMContentLoaded", function () {
  // The language form works without JS; with JS it switches on change.
  var lang = document.getElementById("lang-select");
  if (lang && lang.form) {
    var button = lang.form.querySelector("button");
    if (button) button.classList.add("visually-hidden");
    lang.addEventListener("change", function () { lang.form.submit(); });
  }
});

// Search suggestions (filled by htmx under each search box) close on Escape and when focus or
// a click leaves the search form.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  var form = event.target.closest && event.target.closest(".search-box");
  var list = form && form.querySelector(".search-suggestions");
  if (list && list.innerHTML.trim() !== "") {
    list.innerHTML = "";
    event.preventDefault();
  }
});
document.addEventListener("click", function (event) {
  document.querySelectorAll(".search-suggestions").forEach(function (list) {
    if (!list.parentElement.contains(event.target)) list.innerHTML = "";
  });
});

// The check's summary for support: a button copies it (the text stays selectable without JS).
// Delegated, because each poll of the check's page replaces the button.
document.documentElement.classList.add("js");
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-copy]");
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  var status = button.parentElement.querySelector(".copy-status");
  function done() { if (status) status.textContent = button.getAttribute("data-copied"); }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.textContent).then(done);
    return;
  }
  // Plain http (not localhost): no Clipboard API, so select the text and copy the selection.
  var range = document.createRange();
  range.selectNodeContents(source);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  if (document.execCommand("copy")) done();
});

// A check without a token: the challenge's countdown. The page already says until when the
// challenge is valid and how many minutes were left when it was served; this only counts down,
// from the seconds the server gave (the reader's clock may be off), and says when it runs out.
document.addEventListener("DOMContentLoaded", function () {
  var clock = document.querySelector(".countdown-clock[data-seconds-left]");
  if (!clock) return;
  var ends = Date.now() + 1000 * parseInt(clock.getAttribute("data-seconds-left"), 10);
  function tick() {
    var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
    var seconds = left % 60;
    clock.textContent = Math.floor(left / 60) + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left > 0) return;
    var expired = document.querySelector(".countdown-expired");
    if (expired) expired.hidden = false;
    window.clearInterval(timer);
  }
  var timer = window.setInterval(tick, 1000);
});
