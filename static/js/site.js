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
