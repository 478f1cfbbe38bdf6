// The drawn signature: a canvas the signer draws on with a finger, stylus or mouse; the drawing
// goes into the form's hidden `drawing` field as a PNG data URL. Without this script the
// canvas stays hidden and the typed name alone is the signature.
(function () {
  "use strict";
  function setUp(pad) {
    var form = pad.closest("form");
    var field = form.querySelector('input[name="drawing"]');
    var canvas = pad.querySelector("canvas");
    var fallback = form.querySelector("[data-signature-fallback]");
    var ratio = Math.min(window.devicePixelRatio || 1, 2);
    var context, drawing = false, drawn = false;
    pad.hidden = false;
    if (fallback) { fallback.hidden = true; }
    function size() {
      canvas.width = Math.round(canvas.clientWidth * ratio);
      canvas.height = Math.round(canvas.clientHeight * ratio);
      context = canvas.getContext("2d");
      context.scale(ratio, ratio);
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#111";
    }
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }
    function save() { if (drawn) { field.value = canvas.toDataURL("image/png"); } }
    size();
    if (field.value) {  // the form came back with an error: show what was drawn
      var previous = new Image();
      previous.onload = function () {
        context.drawImage(previous, 0, 0, canvas.clientWidth, canvas.clientHeight);
        drawn = true;
      };
      previous.src = field.value;
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      context.beginPath();
      context.moveTo(p.x, p.y);
      context.lineTo(p.x + 0.1, p.y + 0.1);
      context.stroke();
      drawn = true;
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var p = point(event);
      context.lineTo(p.x, p.y);
      context.stroke();
      event.preventDefault();
    });
    function end() { if (drawing) { drawing = false; save(); } }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    pad.querySelector("[data-signature-clear]").addEventListener("click", function () {
      context.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      field.value = "";
    });
    form.addEventListener("submit", save);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-signature-pad]").forEach(setUp);
  });
})();
