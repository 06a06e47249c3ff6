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
