// Warns five minutes before a short session ends, and extends it without leaving the page, so
// that a half-written form is not lost. The bar stays hidden until then: the server shows it
// in a page sent in the last five minutes, this script when the page stays open that long.
// Without JavaScript, the "Prolonger la session" button in the page does the same.
(function () {
  "use strict";
  var bar = document.getElementById("session");
  if (!bar || !window.fetch) return;
  var form = bar.querySelector("form");
  var idleMinutes = 30;
  var secondsLeft = parseInt(bar.getAttribute("data-secondes"), 10);
  var timer;

  function schedule(seconds) {
    clearTimeout(timer);
    timer = setTimeout(warn, Math.max(0, seconds - 5 * 60) * 1000);
  }

  function warn() {
    bar.hidden = false;
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
        if (response.ok) {
          if (alert) alert.remove();
          bar.hidden = true;
        }
        schedule(idleMinutes * 60);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    extend();
  });
  // Sent in the last five minutes, the page already shows the bar: no alert takes the focus.
  if (bar.hidden) schedule(isNaN(secondsLeft) ? idleMinutes * 60 : secondsLeft);
})();
