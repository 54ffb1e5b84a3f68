// Import page enhancements: a drop zone that fills the file input, and an
// upload progress bar fed by htmx's htmx:xhr:progress event. Without this
// script (or without htmx) the plain multipart form still works.
(function () {
  "use strict";

  function zoneOf(el) {
    return el && el.closest ? el.closest("[data-drop-zone]") : null;
  }

  // Dragging files over the zone must cancel the default, or the browser
  // opens the dropped file instead of handing it to the page.
  document.addEventListener("dragover", function (evt) {
    var zone = zoneOf(evt.target);
    if (!zone) return;
    evt.preventDefault();
    zone.classList.add("dragging");
  });
  document.addEventListener("dragleave", function (evt) {
    var zone = zoneOf(evt.target);
    if (zone) zone.classList.remove("dragging");
  });
  document.addEventListener("drop", function (evt) {
    var zone = zoneOf(evt.target);
    if (!zone || !evt.dataTransfer || !evt.dataTransfer.files.length) return;
    evt.preventDefault();
    zone.classList.remove("dragging");
    var input = zone.querySelector("input[type=file]");
    if (!input) return;
    // A FileList cannot be built directly; DataTransfer's can be assigned.
    var dt = new DataTransfer();
    for (var i = 0; i < evt.dataTransfer.files.length; i++) dt.items.add(evt.dataTransfer.files[i]);
    input.files = dt.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });

  function progressFor(evt) {
    var form = evt.target && evt.target.closest ? evt.target.closest("#import-form") : null;
    return form ? form.querySelector("#upload-progress") : null;
  }

  document.addEventListener("htmx:beforeRequest", function (evt) {
    var bar = progressFor(evt);
    if (!bar) return;
    bar.value = 0;
    bar.hidden = false;
  });
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var bar = progressFor(evt);
    if (!bar || !evt.detail || !evt.detail.lengthComputable || !evt.detail.total) return;
    bar.value = Math.round((evt.detail.loaded / evt.detail.total) * 100);
  });
  document.addEventListener("htmx:afterRequest", function (evt) {
    var bar = progressFor(evt);
    if (bar) bar.hidden = true;
  });

  // A refused upload (413 too large, 422 no file) answers with the results
  // fragment explaining why; htmx does not swap error statuses by default.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var xhr = evt.detail && evt.detail.xhr;
    var target = evt.detail && evt.detail.target;
    if (!xhr || !target || target.id !== "import-results") return;
    if (xhr.status === 413 || xhr.status === 422) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
  });
})();
