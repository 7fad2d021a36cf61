// CareerPivot web app: progressive enhancement only; every page works without this file.
(function () {
  "use strict";

  function showBusy(message) {
    var busy = document.getElementById("busy");
    if (!busy) {
      busy = document.createElement("div");
      busy.id = "busy";
      busy.className = "busy";
      busy.setAttribute("role", "status");
      busy.setAttribute("aria-live", "polite");
      var box = document.createElement("div");
      box.className = "busy-box";
      var bar = document.createElement("progress");
      bar.setAttribute("aria-label", "Working");
      var text = document.createElement("p");
      text.id = "busy-text";
      box.appendChild(bar);
      box.appendChild(text);
      busy.appendChild(box);
      document.body.appendChild(busy);
    }
    document.getElementById("busy-text").textContent = message || "Working…";
    busy.hidden = false;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-busy")) {
      return;
    }
    if (form.dataset.submitted === "1") {
      event.preventDefault();  // a second click would start a second analysis
      return;
    }
    form.dataset.submitted = "1";
    showBusy(form.getAttribute("data-busy"));
  });

  // Coming back with the browser's back button must not leave the overlay up.
  window.addEventListener("pageshow", function () {
    var busy = document.getElementById("busy");
    if (busy) { busy.hidden = true; }
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
    });
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof Element && target.closest("[data-print]")) {
      window.print();
    }
  });
}());
