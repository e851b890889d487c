// The network page: Cytoscape maps drawn from the JSON endpoints (positions come from the
// server, so both waves of a comparison share them), node sizes by the chosen measure,
// filters that reload the page, and sortable tables.
(function () {
  "use strict";
  var maps = [];

  function sizes(cy, measure) {
    var values = cy.nodes().map(function (n) { return n.data("measures")[measure] || 0; });
    var top = Math.max.apply(null, values.concat([0]));
    cy.nodes().forEach(function (n) {
      var v = n.data("measures")[measure] || 0;
      n.data("size", 14 + (top > 0 ? 36 * v / top : 0));
    });
  }

  function style() {
    return [
      { selector: "node", style: {
        "background-color": "data(colour)", "border-color": "data(colour)", "border-width": 2,
        "width": "data(size)", "height": "data(size)", "label": "data(label)",
        "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, "color": "#333" } },
      { selector: "node[!member]", style: { "background-color": "#fff" } },
      { selector: "edge", style: { "width": 2, "line-color": "data(colour)", "curve-style": "bezier", "opacity": 0.8 } },
      { selector: "edge[change = 'added']", style: { "line-color": "#1a7f37", "width": 4 } },
      { selector: "edge[change = 'dropped']", style: { "line-color": "#c0392b", "width": 4, "line-style": "dashed" } },
      { selector: "edge[change = 'kept']", style: { "line-color": "#999" } },
      { selector: ":selected", style: { "border-color": "#000", "border-width": 3 } }
    ];
  }

  function draw(el, data) {
    var side = el.dataset.side;
    if (side) {
      var keep = side === "base" ? "added" : "dropped";
      data = data[side];
      data.edges = data.edges.filter(function (e) { return e.data.change !== keep; });
    }
    var cy = cytoscape({
      container: el, elements: { nodes: data.nodes, edges: data.edges },
      layout: { name: "preset", fit: true, padding: 30 }, style: style(),
      wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 4
    });
    sizes(cy, el.dataset.size || "degree");
    cy.fit(undefined, 30);
    maps.push(cy);
    el.dataset.nodes = String(cy.nodes().length);
    el.dataset.edges = String(cy.edges().length);
    el.dataset.added = String(cy.edges("[change = 'added']").length);
    el.dataset.dropped = String(cy.edges("[change = 'dropped']").length);
    el.dataset.ready = "true";
  }

  function load(el) {
    fetch(el.dataset.url, { credentials: "same-origin" }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error || r.statusText); }
        return body;
      });
    }).then(function (data) { draw(el, data); }).catch(function (error) {
      el.textContent = error.message;
      el.dataset.error = "true";
    });
  }

  function sortable(table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      th.tabIndex = 0;
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.dataset.sort === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[column];
          var text = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
          if (!numeric) { return text.toLowerCase(); }
          var n = parseFloat(text.replace(",", "."));
          return isNaN(n) ? -Infinity : n;
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".network-map[data-url]").forEach(load);
    document.querySelectorAll("table.sortable").forEach(sortable);
    var form = document.getElementById("network-filters");
    if (!form) { return; }
    var size = form.querySelector("[name=size]");
    form.addEventListener("change", function (event) {
      if (event.target === size) {
        maps.forEach(function (cy) { sizes(cy, size.value); });
        document.querySelectorAll(".network-map").forEach(function (el) { el.dataset.size = size.value; });
        return;
      }
      form.submit();
    });
    document.querySelectorAll("select[form=network-filters]").forEach(function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
  });
})();
