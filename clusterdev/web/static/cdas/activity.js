/* Quick activity form: keep an unsent draft in localStorage, so that a submission lost on a
   poor connection can be sent again after a reload; filter long lists of actors as you type.
   The form works without this script. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  var key = form ? form.getAttribute("data-draft-key") : null;
  var store = null;
  if (form) {
    try { store = window.localStorage; store.getItem(key); } catch (e) { store = null; }
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" &&
        el.type !== "submit" && el.type !== "button" && el.type !== "search";
    });
  }

  function snapshot() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (!data[el.name]) data[el.name] = [];
        if (el.checked) data[el.name].push(el.value);
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function save() {
    if (!store) return;
    try { store.setItem(key, JSON.stringify({ saved: Date.now(), data: snapshot() })); } catch (e) { /* full */ }
  }

  function restore(data) {
    fields().forEach(function (el) {
      if (!(el.name in data)) return;
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
      } else if (typeof value === "string") {
        el.value = value;
      }
    });
    // Open the collapsed groups that hold restored counts.
    Array.prototype.forEach.call(form.querySelectorAll("details"), function (details) {
      var filled = Array.prototype.some.call(details.querySelectorAll("input"), function (el) {
        return (el.type === "checkbox" || el.type === "radio") ? el.checked : el.value;
      });
      if (filled) details.open = true;
    });
  }

  if (store) {
    if (form.getAttribute("data-draft-saved") === "1") {
      store.removeItem(key);
    } else if (form.getAttribute("data-draft-fresh") === "1") {
      var stored = null;
      try { stored = JSON.parse(store.getItem(key) || "null"); } catch (e) { stored = null; }
      if (stored && stored.data) {
        restore(stored.data);
        var note = document.getElementById("draft-note");
        if (note) {
          note.hidden = false;
          var discard = note.querySelector("button");
          if (discard) {
            discard.addEventListener("click", function () {
              store.removeItem(key);
              form.reset();
              note.hidden = true;
            });
          }
        }
      }
    } else {
      save(); // a form sent back with errors: keep what was typed
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
  }

  // Type-ahead filter for the actor checklist.
  Array.prototype.forEach.call(document.querySelectorAll("input[data-filter-for]"), function (input) {
    var list = document.getElementById(input.getAttribute("data-filter-for"));
    if (!list) return;
    input.hidden = false;
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(list.querySelectorAll("li"), function (item) {
        if (item.querySelector("ul")) return;
        var box = item.querySelector("input");
        var match = !query || item.textContent.toLowerCase().indexOf(query) !== -1;
        item.hidden = !(match || (box && box.checked));
      });
    });
  });
})();
