// Progressive enhancement only: every page works without this file.
// The zone map toggles the matching checkbox, so a click on the drawing and a
// tick in the list are the same choice.
(function () {
  "use strict";
  function paint(map) {
    map.querySelectorAll("[data-zone]").forEach(function (shape) {
      var box = document.querySelector('input[name="zones"][value="' + shape.dataset.zone + '"]');
      shape.classList.toggle("is-selected", !!(box && box.checked));
    });
  }
  function bind(root) {
    root.querySelectorAll(".zone-map.pickable").forEach(function (map) {
      if (map.dataset.bound) { return; }
      map.dataset.bound = "1";
      map.addEventListener("click", function (event) {
        var shape = event.target.closest("[data-zone]");
        if (!shape) { return; }
        var box = document.querySelector('input[name="zones"][value="' + shape.dataset.zone + '"]');
        if (box) { box.checked = !box.checked; paint(map); }
      });
      document.addEventListener("change", function (event) {
        if (event.target.name === "zones") { paint(map); }
      });
      paint(map);
    });
  }
  // The list of answers to correct takes the focus, so it is read first; each of its links
  // moves the focus to the field itself, not just the view.
  function summary() {
    var box = document.getElementById("error-summary");
    if (!box) { return; }
    box.focus();
    box.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      var details = target.closest("details");
      if (details) { details.open = true; }
      target.scrollIntoView({block: "center"});
      target.focus({preventScroll: true});
    });
  }
  // A box that scrolls (a wide table on a phone, a long consent text) takes the keyboard focus only
  // while its content overflows, so arrow keys can scroll it (WCAG 2.1.1) without a needless Tab stop.
  function scrollers() {
    document.querySelectorAll(".table-scroll, .consent-text").forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
      if (overflows) { box.tabIndex = 0; } else { box.removeAttribute("tabindex"); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { bind(document); summary(); scrollers(); });
  document.addEventListener("htmx:afterSettle", function (event) { bind(event.target); scrollers(); });
  window.addEventListener("resize", scrollers);
})();
