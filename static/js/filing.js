/* The filing page on a phone (progressive enhancement: the form works without this script).
 *
 * - "Tất cả có mặt": one tap marks everyone of a village present again.
 * - Photos: each chosen photo is shrunk in the browser to the size the server keeps (1600 px, JPEG)
 *   and sent on its own with a progress bar, apart from the form, so a 2.5 MB phone photo costs about
 *   250 KB and an error elsewhere on the page never loses it. The server still checks and resizes it.
 *   A photo the browser cannot draw (e.g. HEIC outside Safari) is sent as it is.
 */
(function () {
  "use strict";

  function allPresent(button) {
    var section = button.closest(".village-section") || document;
    Array.prototype.forEach.call(section.querySelectorAll('.attendance-row input[type="radio"][value="present"]'),
      function (radio) {
        if (!radio.checked) {
          radio.checked = true;
          radio.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
  }

  function shrink(file, maxSide) {
    if (!window.createImageBitmap || !/^image\/(jpeg|png|webp)$/.test(file.type)) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.type === "image/jpeg" && file.size < 600 * 1024) return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob ? new File([blob], file.name.replace(/\.[^.]+$/, "") + ".jpg", { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.82);
      });
    }).catch(function () { return file; });
  }

  function send(box, file, token) {
    return new Promise(function (resolve) {
      var row = document.createElement("div");
      var label = document.createElement("span");
      var bar = document.createElement("progress");
      bar.max = 100; bar.value = 0;
      label.textContent = file.name + " ";
      row.appendChild(label); row.appendChild(bar);
      box.querySelector(".photo-progress").appendChild(row);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", box.getAttribute("data-upload-url") + "&fragment=1");
      xhr.setRequestHeader("X-CSRFToken", token);
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
      xhr.onload = function () {
        if (xhr.status === 200) {
          var list = document.getElementById(box.getAttribute("data-target"));
          if (list) list.outerHTML = xhr.responseText;
          row.remove();
        } else {
          row.textContent = xhr.status === 400 ? xhr.responseText : box.getAttribute("data-failed");
          row.className = "text-danger";
        }
        resolve();
      };
      xhr.onerror = function () {
        row.textContent = box.getAttribute("data-failed");
        row.className = "text-danger";
        resolve();
      };
      var data = new FormData();
      data.append("photo", file, file.name);
      xhr.send(data);
    });
  }

  function enhancePhotos(box) {
    var input = box.querySelector('input[type="file"]');
    var form = box.closest("form");
    if (!input || !form || !window.FormData) return;
    var token = (form.querySelector('input[name="csrfmiddlewaretoken"]') || {}).value || "";
    var maxSide = parseInt(box.getAttribute("data-max-side"), 10) || 1600;
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files || []);
      input.value = "";  // sent apart: the form post must not carry them again
      files.reduce(function (chain, file) {
        return chain.then(function () { return shrink(file, maxSide); }).then(function (small) { return send(box, small, token); });
      }, Promise.resolve());
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-all-present]"), function (button) {
      button.classList.remove("d-none");
      button.addEventListener("click", function () { allPresent(button); });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".photo-upload[data-upload-url]"), enhancePhotos);
  });
})();
