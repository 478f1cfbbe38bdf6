/* Drag a booked appointment onto another day of the week to move it there, at the same time.
   Progressive enhancement: without JavaScript (or without a mouse) the appointment's own page has the
   move form; this posts that very form (clinic:appointment_move), so the move is checked as any other
   (the gate, the practitioner's other bookings, opening hours) and a refusal is shown with its reasons. */
(function () {
  "use strict";
  var calendar = document.getElementById("calendar");
  var form = document.getElementById("calendar-move");
  if (!calendar || !form) { return; }
  var help = document.getElementById("calendar-drag-help");
  if (help) { help.hidden = false; }
  var dragged = null;

  function clearTargets() {
    calendar.querySelectorAll(".drop-target").forEach(function (day) { day.classList.remove("drop-target"); });
  }

  calendar.querySelectorAll("[data-move-url]").forEach(function (card) {
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.getAttribute("href"));
      card.classList.add("dragging");
    });
    card.addEventListener("dragend", function () {
      card.classList.remove("dragging");
      dragged = null;
      clearTargets();
    });
  });

  calendar.querySelectorAll("section[data-day]").forEach(function (day) {
    day.addEventListener("dragover", function (event) {
      if (!dragged || day.dataset.day === dragged.dataset.day) { return; }
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      day.classList.add("drop-target");
    });
    day.addEventListener("dragleave", function (event) {
      if (!day.contains(event.relatedTarget)) { day.classList.remove("drop-target"); }
    });
    day.addEventListener("drop", function (event) {
      if (!dragged || day.dataset.day === dragged.dataset.day) { return; }
      event.preventDefault();
      clearTargets();
      form.action = dragged.dataset.moveUrl;
      form.elements.day.value = day.dataset.day;
      form.elements.at.value = dragged.dataset.at;
      form.elements.minutes.value = dragged.dataset.minutes;
      form.elements.practitioner.value = dragged.dataset.practitioner;
      form.elements.location.value = dragged.dataset.location;
      form.submit();
    });
  });
}());
