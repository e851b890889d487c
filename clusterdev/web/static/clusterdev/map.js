// Cluster map: the country's bundled boundaries (no internet needed), the cluster's areas
// highlighted, and its geocoded actors as circles. Web tiles are added only when configured.
(function () {
  "use strict";
  function draw(el) {
    var map = L.map(el, { preferCanvas: true, zoomSnap: 0.5 });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "" }).addTo(map);
    }
    var highlight = (el.dataset.highlight || "").split(/\s+/).filter(Boolean);
    var colours = { enterprise: "#1f6f8b", institution: "#c0392b" };
    var labels = { enterprise: el.dataset.labelEnterprise, institution: el.dataset.labelInstitution };
    var centre = el.dataset.center ? el.dataset.center.split(",").map(Number) : null;
    var areas = fetch(el.dataset.areas, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    });
    var points = fetch(el.dataset.points, { credentials: "same-origin" }).then(function (r) {
      return r.json();
    });
    Promise.all([areas, points]).then(function (data) {
      if (data[0]) {
        L.geoJSON(data[0], {
          style: function (f) {
            var on = highlight.indexOf(f.properties.code) !== -1;
            return { color: "#555", weight: 1, fillColor: on ? "#f5c542" : "#e8e8e0", fillOpacity: on ? 0.5 : 0.6 };
          },
          onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.name); }
        }).addTo(map);
      }
      var actors = L.geoJSON(data[1], {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, {
            radius: f.properties.kind === "institution" ? 7 : 4,
            color: "#fff", weight: 1, fillOpacity: 0.85,
            fillColor: colours[f.properties.kind] || "#333"
          });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          var link = document.createElement("a");
          link.href = p.url;
          link.textContent = p.name;
          var box = document.createElement("div");
          box.appendChild(link);
          box.appendChild(document.createElement("br"));
          box.appendChild(document.createTextNode(p.kind_label + (p.detail ? " · " + p.detail : "")));
          layer.bindPopup(box);
        }
      }).addTo(map);
      var bounds = actors.getBounds();
      if (bounds.isValid()) {
        map.fitBounds(bounds.pad(0.6));
      } else if (centre) {
        map.setView(centre, 11);
      } else {
        map.setView([0, 0], 2);
      }
      var legend = L.control({ position: "bottomright" });
      legend.onAdd = function () {
        var div = L.DomUtil.create("div", "legend");
        Object.keys(colours).forEach(function (k) {
          var row = document.createElement("div");
          var dot = document.createElement("span");
          dot.className = "dot";
          dot.style.background = colours[k];
          row.appendChild(dot);
          row.appendChild(document.createTextNode(" " + labels[k]));
          div.appendChild(row);
        });
        return div;
      };
      legend.addTo(map);
      el.dataset.ready = String(data[1].features.length);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-points]").forEach(draw);
  });
})();
