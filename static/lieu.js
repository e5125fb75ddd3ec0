// Suggests communes in the "Près de" field as one types, by filling its <datalist> from
// /api/v1/communes. Without JavaScript the field is a plain text field: the search reads a
// postal code or a name, and lists the choices when a name fits several communes.
(function () {
  "use strict";
  var field = document.querySelector("input[data-suggestions]");
  if (!field || !window.fetch) return;
  var list = document.getElementById(field.getAttribute("list"));
  var timer, last = "";

  function fill(communes) {
    list.textContent = "";
    communes.forEach(function (c) {
      var option = document.createElement("option");
      option.value = c.lieu;
      list.appendChild(option);
    });
  }

  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var typed = field.value.trim();
      if (typed === last || typed.length < 2) return;
      last = typed;
      fetch(field.dataset.suggestions + "?q=" + encodeURIComponent(typed), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { communes: [] }; })
        .then(function (body) { if (field.value.trim() === typed) fill(body.communes); })
        .catch(function () {});
    }, 150);
  });
})();
