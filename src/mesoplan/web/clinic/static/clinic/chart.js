// Progressive enhancement of the charting form: the page works without it.
// A click on the zone map ticks a checkbox in script (front/site.js), which fires no
// "change" event; this fires one, so that htmx fetches the row of the new zone.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var shape = event.target.closest("#chart-form .zone-map.pickable [data-zone]");
    if (!shape) { return; }
    var box = document.querySelector('#chart-form input[name="zones"][value="' + shape.dataset.zone + '"]');
    if (box) { box.dispatchEvent(new Event("change", { bubbles: true })); }
  });
})();
