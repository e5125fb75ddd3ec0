// Warns five minutes before a short session ends, and extends it without leaving the page, so
// that a half-written form is not lost. Without JavaScript, the "Prolonger la session" button
// in the page does the same.
(function () {
  "use strict";
  var bar = document.getElementById("session");
  if (!bar || !window.fetch) return;
  var form = bar.querySelector("form");
  var idleMinutes = 30;
  var timer;

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(warn, (idleMinutes - 5) * 60 * 1000);
  }

  function warn() {
    if (document.getElementById("session-alerte")) return;
    var alert = document.createElement("div");
    alert.id = "session-alerte";
    alert.className = "session-alert";
    alert.setAttribute("role", "alert");
    alert.innerHTML = "<p>Votre session va se fermer dans 5 minutes. Ce que vous avez saisi et pas encore enregistré serait perdu.</p>";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Rester connecté·e";
    button.addEventListener("click", extend);
    alert.appendChild(button);
    bar.appendChild(alert); // inside the bar's landmark, where screen readers find it
    button.focus();
  }

  function extend() {
    fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
      .then(function (response) {
        var alert = document.getElementById("session-alerte");
        if (response.ok && alert) alert.remove();
        schedule();
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    extend();
  });
  schedule();
})();
