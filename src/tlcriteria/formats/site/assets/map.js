/* The map: Leaflet with clustered markers coloured by grade. The places are always
   listed below the map too; when the tiles cannot load, that list opens. */
(function () {
  "use strict";
  var box = document.getElementById("map");
  var places = window.TL_MAP || [];
  if (!box || !window.L) return;
  var map = L.map(box, { scrollWheelZoom: false });
  // Leaflet writes the attribution as HTML: --tiles-attribution is text, so it goes in escaped.
  var credit = document.createElement("span");
  credit.textContent = box.getAttribute("data-attribution") || "";
  var layer = L.tileLayer(box.getAttribute("data-tiles"), {
    maxZoom: 18, attribution: credit.innerHTML
  }).addTo(map);
  var failed = false;
  layer.on("tileerror", function () {
    if (failed) return;
    failed = true;
    // Said once, above the list (announced: a status); #tiles-failed only holds the words.
    document.getElementById("map-list").open = true;
    document.getElementById("map-status").textContent = document.getElementById("tiles-failed").textContent;
  });
  var group = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
  var bounds = [];
  places.forEach(function (p) {
    // [id, name, town, lat, lon, colour, grades]
    var marker = L.circleMarker([p[3], p[4]], {
      radius: 9, color: "#1d2327", weight: 2, fillColor: p[5], fillOpacity: 0.95
    });
    marker.bindPopup(function () {
      var div = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = p[1];
      var town = document.createElement("div");
      town.textContent = p[2];
      var grades = document.createElement("div");
      grades.textContent = p[6];
      var link = document.createElement("a");
      link.href = "../lieux/" + encodeURIComponent(p[0]) + "/index.html";
      link.textContent = box.getAttribute("data-place");
      div.appendChild(title); div.appendChild(town); div.appendChild(grades); div.appendChild(link);
      return div;
    });
    group.addLayer(marker);
    bounds.push([p[3], p[4]]);
  });
  map.addLayer(group);
  if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12 });
  else map.setView([49.2, 0.3], 7);
  box.setAttribute("data-markers", String(places.length));
  document.documentElement.setAttribute("data-ready", "1");
})();
