// Mapping results: a choropleth of the location quotient per region for one sector, with the
// sector's point clusters (convex hulls) on top. Boundaries are bundled; tiles only if configured.
(function () {
  "use strict";
  var BREAKS = [0.5, 1, 1.5, 2, 4];
  var COLOURS = ["#f1eef6", "#d0d1e6", "#a6bddb", "#74a9cf", "#2b8cbe", "#045a8d"];
  function colour(lq) {
    if (lq === null || lq === undefined) { return "#eeeeee"; }
    var i = 0;
    while (i < BREAKS.length && lq >= BREAKS[i]) { i += 1; }
    return COLOURS[i];
  }
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; });
  }
  function draw(el, select) {
    var map = L.map(el, { preferCanvas: true, zoomSnap: 0.5 });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "" }).addTo(map);
    }
    var regions = null;
    var hulls = L.layerGroup().addTo(map);
    var pointClusters = { type: "FeatureCollection", features: [] };
    var values = {};
    function style(f) {
      var v = values[f.properties.code];
      return { color: v && v.strong ? "#b03a2e" : "#666", weight: v && v.strong ? 2 : 1,
               fillColor: colour(v ? v.lq : null), fillOpacity: 0.85 };
    }
    function label(f) {
      var v = values[f.properties.code];
      var text = f.properties.name;
      if (v) {
        text += "<br>" + el.dataset.labelLq + ": " + (v.lq === null ? "–" : v.lq.toFixed(2)) +
          "<br>" + el.dataset.labelEmployment + ": " + v.employment +
          (v.strong ? "<br>" + el.dataset.labelStrong : "");
      }
      return text;
    }
    function refresh() {
      var sector = select.value;
      getJSON(el.dataset.values + "?sector=" + encodeURIComponent(sector)).then(function (data) {
        values = (data && data.values) || {};
        if (regions) {
          regions.setStyle(style);
          regions.eachLayer(function (layer) { layer.setTooltipContent(label(layer.feature)); });
        }
        hulls.clearLayers();
        L.geoJSON({ type: "FeatureCollection", features: pointClusters.features.filter(function (f) {
          return f.properties.sector === sector;
        }) }, {
          style: { color: "#d35400", weight: 2, fill: false },
          pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 5, color: "#d35400" }); },
          onEachFeature: function (f, layer) {
            layer.bindTooltip(el.dataset.labelPointCluster + ": " + f.properties.firms + " " +
              el.dataset.labelFirms + ", " + f.properties.employment + " " + el.dataset.labelEmployment);
          }
        }).addTo(hulls);
        el.dataset.ready = sector;
      });
    }
    Promise.all([getJSON(el.dataset.areas), getJSON(el.dataset.points)]).then(function (data) {
      if (data[1]) { pointClusters = data[1]; }
      if (data[0]) {
        regions = L.geoJSON(data[0], {
          style: style,
          onEachFeature: function (f, layer) { layer.bindTooltip(label(f)); }
        }).addTo(map);
        map.fitBounds(regions.getBounds());
      } else {
        map.setView([0, 0], 2);
      }
      var legend = L.control({ position: "bottomright" });
      legend.onAdd = function () {
        var div = L.DomUtil.create("div", "legend");
        var bounds = [0].concat(BREAKS);
        bounds.forEach(function (b, i) {
          var row = document.createElement("div");
          var dot = document.createElement("span");
          dot.className = "dot";
          dot.style.background = COLOURS[i];
          row.appendChild(dot);
          row.appendChild(document.createTextNode(" LQ " + (i < BREAKS.length ? b + "–" + BREAKS[i] : "≥ " + b)));
          div.appendChild(row);
        });
        return div;
      };
      legend.addTo(map);
      refresh();
    });
    select.addEventListener("change", refresh);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("mapping-map");
    var select = document.getElementById("choropleth-sector");
    if (el && select) { draw(el, select); }
  });
})();
