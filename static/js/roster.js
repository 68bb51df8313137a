/* The roster page (progressive enhancement; the page works without it).
 * A person ticked among the search results moves up to the chosen people, so a new search never drops
 * them; the count on the heading and on the send button follows the ticks. The search itself is htmx
 * (hx-get on the search box): the server answers only the list of results.
 */
(function () {
  "use strict";
  function update(form) {
    var n = form.querySelectorAll('#chosen-list input[name="people"]:checked').length;
    Array.prototype.forEach.call(document.querySelectorAll(".chosen-count"), function (el) { el.textContent = n; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("roster-tick-form");
    if (!form) return;
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.name !== "people") return;
      var row = box.closest(".form-check");
      var chosen = document.getElementById("chosen-list");
      if (box.checked && row && !chosen.contains(row)) {
        var empty = chosen.querySelector(".chosen-empty");
        if (empty) empty.remove();
        chosen.appendChild(row);
      }
      update(form);
    });
    // The search box sits in its own GET form: Enter searches there without reloading when htmx is on.
    var search = document.querySelector(".staff-search");
    if (search && window.htmx) search.addEventListener("submit", function (event) { event.preventDefault(); });
  });
})();
