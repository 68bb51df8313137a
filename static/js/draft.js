/* Keep what an officer types in a report form on this device, so a dropped connection loses nothing.
 *
 * Progressive enhancement only: the form posts normally without this script. A draft is stored in
 * localStorage under the form's data-draft-key together with data-draft-version (the server's
 * version of the report when the page was drawn). On the next visit, a draft of the same version
 * holds typing the server never received and is restored; a draft of an older version is dropped,
 * because the server has saved since. Photos cannot be kept by a browser and must be chosen again.
 */
(function () {
  "use strict";
  var SKIP = { csrfmiddlewaretoken: true, submit_token: true };

  function storable(el) {
    return el.name && !SKIP[el.name] && el.type !== "file" && el.type !== "submit" && el.type !== "button" && el.type !== "hidden";
  }

  function collect(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!storable(el)) return;
      if (el.type === "radio") { if (el.checked) fields[el.name] = el.value; }
      else if (el.type === "checkbox") { fields[el.name + "=" + el.value] = el.checked; }
      else { fields[el.name] = el.value; }
    });
    return fields;
  }

  function apply(form, fields) {
    var changed = 0;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!storable(el)) return;
      if (el.type === "radio") {
        if (fields.hasOwnProperty(el.name)) {
          var on = fields[el.name] === el.value;
          if (el.checked !== on) { el.checked = on; changed++; }
        }
      } else if (el.type === "checkbox") {
        var key = el.name + "=" + el.value;
        if (fields.hasOwnProperty(key) && el.checked !== fields[key]) { el.checked = fields[key]; changed++; }
      } else if (fields.hasOwnProperty(el.name) && el.value !== fields[el.name]) {
        el.value = fields[el.name]; changed++;
        var section = el.closest("details");
        if (section) section.open = true;
      }
    });
    return changed;
  }

  function notice(kind, time, key) {
    var box = document.getElementById("draft-notice");
    if (!box) return;
    box.textContent = (box.getAttribute("data-" + kind) || "").replace("{time}", time || "");
    box.classList.remove("d-none");
    if (kind === "restored") {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-link";
      button.textContent = box.getAttribute("data-discard");
      button.addEventListener("click", function () {
        localStorage.removeItem(key);
        window.location.reload();
      });
      box.appendChild(document.createTextNode(" "));
      box.appendChild(button);
    }
  }

  function setup(form) {
    var key = form.getAttribute("data-draft-key");
    var version = form.getAttribute("data-draft-version");
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (stored && stored.version === version) {
      if (apply(form, stored.fields) > 0) {
        var at = new Date(stored.savedAt);
        notice("restored", at.toLocaleTimeString("vi-VN") + " " + at.toLocaleDateString("vi-VN"), key);
      }
    } else if (stored) {
      localStorage.removeItem(key);
    }
    var save = function () {
      try {
        localStorage.setItem(key, JSON.stringify({ version: version, savedAt: Date.now(), fields: collect(form) }));
        form.setAttribute("data-draft-stored", "1");
      } catch (e) { /* storage full or disabled: the server draft still works */ }
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
    window.addEventListener("offline", function () {
      notice("offline");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.localStorage) return;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-key]"), setup);
  });
})();
