// Two touches to an offer's page, none needed: without JavaScript the page works as it is.
(function () {
  "use strict";
  // On a phone, the bar « Postuler » at the bottom of the screen is not shown while the button at
  // the top of the offer is in sight: one « Postuler » at a time.
  var top = document.getElementById("postuler-haut");
  var bar = document.querySelector(".apply-bar");
  if (!top || !bar || !("IntersectionObserver" in window)) return;
  new IntersectionObserver(function (entries) {
    bar.hidden = entries[0].isIntersecting;
  }).observe(top);
})();

// « Copier le lien » beside an offer's address: without JavaScript, the read-only field is
// there to select and copy by hand; with it, one button copies it. Nothing leaves the page.
(function () {
  "use strict";
  var field = document.querySelector("input[data-copier]");
  if (!field) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.textContent = "Copier le lien";
  var said = document.createElement("span");
  said.setAttribute("aria-live", "polite");
  said.className = "hint";
  field.insertAdjacentElement("afterend", said);
  field.insertAdjacentElement("afterend", button);
  function done() {
    said.textContent = " Lien copié.";
  }
  button.addEventListener("click", function () {
    field.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        said.textContent = " Sélectionné : copiez-le avec Ctrl+C.";
      });
    } else {
      said.textContent = " Sélectionné : copiez-le avec Ctrl+C.";
    }
  });
})();
