/*
 * tsunagu map: markers, popups, clusters, layers and area labels of the folium maps built by maps/build.py.
 *
 * The map's data (entries, kinds, words, areas) is NOT in the folium script: the page embeds it as JSON in
 * <script type="application/json" id="<map id>-data">, and the folium script only calls, in order:
 *   tsunaguMap.configure("areas", map)      read the data, draw the 地区 / 中学校区 layers
 *   tsunaguMap.fill("kind-N", cluster)       put kind N's entries into its FastMarkerCluster
 *   (tsunaguMap.register("kind-N", cluster)  the same for the benchmark's folium MarkerCluster)
 *   tsunaguMap.ready("map", map)            layer control, first view, labels, "ready" flag
 * and uses tsunaguMap.clusterIcon(N) as the icon function of kind N's cluster.
 * A row is [lat, lon, id, name, kindIndex, flags, nextDate, cost]; flags: 1 = open today, 2 = approximate
 * (a private home, drawn as an area around an already jittered point).
 *
 * Safety: every name, date, cost, kind label and area name arrives as JSON data and goes into the page with
 * textContent (or, for the layer control, which Leaflet fills with innerHTML, escaped first) — never as
 * HTML — so `<img src=x onerror=…>` or `</script>` in a name shows as text and runs nothing.
 */
(function () {
  "use strict";

  var config = { kinds: [], labels: {}, detailUrl: "/services/0", areaRadius: 300, layers: [], areas: [] };
  var overlays = [];
  var entryLayers = [];
  var entryKeys = [];
  var TODAY = 1;
  var APPROXIMATE = 2;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  function format(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function detailUrl(id) {
    return config.detailUrl.replace(/0$/, String(id));
  }

  function kindOf(row) {
    return config.kinds[row[4]] || { code: "other", label: "", colour: "#5f6b76", glyph: "・" };
  }

  function link(text, href, className) {
    var a = el("a", className, text);
    a.href = href;
    a.target = "_top"; // the map may sit in a frame beside the results: open details in the whole window
    return a;
  }

  function popup(row) {
    var kind = kindOf(row);
    var labels = config.labels;
    var box = el("div", "map-popup");
    var title = el("h3", "map-popup-title");
    title.appendChild(link(row[3], detailUrl(row[2])));
    box.appendChild(title);
    var kindLine = el("p", "map-popup-kind");
    var glyph = el("span", "map-glyph", kind.glyph);
    glyph.style.backgroundColor = kind.colour;
    glyph.setAttribute("aria-hidden", "true");
    kindLine.appendChild(glyph);
    kindLine.appendChild(document.createTextNode(" " + kind.label));
    box.appendChild(kindLine);
    if (row[5] & TODAY) box.appendChild(el("p", "map-popup-today", labels.openToday));
    if (row[6]) box.appendChild(el("p", "map-popup-next", format(labels.nextDate, { date: row[6] })));
    if (row[7]) box.appendChild(el("p", "map-popup-cost", row[7]));
    if (row[5] & APPROXIMATE) box.appendChild(el("p", "map-popup-approximate", labels.approximate));
    box.appendChild(link(labels.details, detailUrl(row[2]), "map-popup-more"));
    return box;
  }

  /* Marker icons: one icon object per kind (and "open today"), shared by its markers; each marker's DOM
     is built when it is shown (10 000 rows, a few hundred on screen). */
  var PinIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var kind = config.kinds[this.options.kind] || { colour: "#5f6b76", glyph: "・" };
      var pin = el("span", "map-pin", kind.glyph);
      pin.style.backgroundColor = kind.colour;
      if (this.options.today) pin.appendChild(el("span", "map-pin-today", config.labels.todayBadge));
      this.options.html = pin;
      return L.DivIcon.prototype.createIcon.call(this, old);
    },
  });
  var icons = {};

  function pinIcon(kindIndex, today) {
    var key = kindIndex + (today ? "t" : "");
    if (!icons[key]) {
      icons[key] = new PinIcon({
        kind: kindIndex,
        today: today,
        className: "map-marker map-kind-" + kindIndex + (today ? " map-open-today" : ""),
        iconSize: [30, 30],
        iconAnchor: [15, 15],
      });
    }
    return icons[key];
  }

  function marker(row) {
    var kind = kindOf(row);
    var latlng = L.latLng(row[0], row[1]);
    if (row[5] & APPROXIMATE) {
      return L.circle(latlng, {
        radius: config.areaRadius,
        color: kind.colour,
        weight: 2,
        dashArray: "5 4",
        fillOpacity: 0.15,
        className: "map-approximate",
        row: row,
      });
    }
    var name = row[3] + "（" + kind.label + "）";
    return L.marker(latlng, {
      icon: pinIcon(row[4], !!(row[5] & TODAY)),
      title: name,
      alt: name,
      keyboard: true,
      riseOnHover: true,
      row: row,
    });
  }

  /* One popup, made on demand when an entry is clicked (or Enter pressed on a focused marker); the cluster
     group listens for all its entries, so 10 000 markers carry no popup or listener of their own. */
  function openPopup(event) {
    if (event.type === "keypress" && event.originalEvent.key !== "Enter") return;
    var layer = event.propagatedFrom || event.layer || event.target;
    if (!layer.options || !layer.options.row) return;
    var offset = layer instanceof L.Marker ? [0, -15] : [0, 0];
    L.popup({ maxWidth: 300, offset: offset })
      .setLatLng(layer.getLatLng())
      .setContent(popup(layer.options.row))
      .openOn(layer._map);
  }

  /* Cluster icons carry the kind's glyph and colour, the count, and a label for screen readers. */
  var ClusterIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      div.setAttribute("aria-label", this.options.label);
      div.title = this.options.label;
      return div;
    },
  });

  function clusterIcon(kindIndex) {
    return function (cluster) {
      var kind = config.kinds[kindIndex] || { label: "", colour: "#5f6b76", glyph: "・" };
      var count = cluster.getChildCount();
      var node = el("span", "map-cluster", null);
      node.style.borderColor = kind.colour;
      var glyph = el("span", "map-cluster-glyph", kind.glyph);
      glyph.style.backgroundColor = kind.colour;
      node.appendChild(glyph);
      node.appendChild(el("span", "map-cluster-count", count));
      var size = count < 10 ? 36 : count < 100 ? 42 : 50;
      return new ClusterIcon({
        html: node,
        className: "map-cluster-icon",
        iconSize: L.point(size, size),
        label: kind.label + " " + format(config.labels.cluster, { count: count }),
      });
    };
  }

  function areaFeature(feature, layer) {
    var p = feature.properties || {};
    var text = p.name || "";
    var coverage = p.count !== null && p.count !== undefined;
    if (coverage) text += " " + format(config.labels.coverageCount, { count: p.count, target: p.target });
    layer.bindTooltip(el("span", null, text), {
      permanent: coverage,
      sticky: !coverage,
      direction: "center",
      className: coverage ? "map-area-label" : "map-area-tooltip",
    });
  }

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function layerData(key) {
    for (var i = 0; i < config.layers.length; i++) if (config.layers[i].key === key) return config.layers[i];
    return { key: key, name: key, rows: [] };
  }

  function configure(key, map) {
    var node = document.getElementById(map.getContainer().id + "-data");
    config = JSON.parse(node.textContent);
    overlays = [];
    config.areas.forEach(function (area) {
      var layer = L.geoJSON(area.geojson, {
        style: function (feature) {
          return feature.properties.style;
        },
        onEachFeature: areaFeature,
      });
      if (area.show) layer.addTo(map);
      overlays.push([area.name, layer]);
    });
  }

  function register(key, cluster) {
    overlays.push([layerData(key).name, cluster]);
    entryLayers.push(cluster);
    entryKeys.push(key);
  }

  /* A search with more entries than the map carries (a prefecture, the country; config.grid set by the
     server): the map carries no entries. Zoomed out to grid.maxZoom or less, it shows the database's counts
     per grid cell of the view (/map/grid.geojson, numbers only); a cell opens by zooming in on it. Zoomed in,
     it fills its kinds' layers with the entries of the view (/map/view.json). The layers themselves stay on
     the map or off it as the reader ticked them in the layer control: only their contents change. */
  function gridMode(map) {
    var grid = config.grid;
    var layer = L.layerGroup();
    var asked = 0;
    function cellMarker(lat, lon, count, zoom) {
      var node = el("span", "map-cluster map-grid-cell", null);
      node.appendChild(el("span", "map-cluster-count", count));
      var size = count < 100 ? 42 : count < 10000 ? 50 : 58;
      var label = format(config.labels.cluster, { count: count });
      var cell = L.marker([lat, lon], {
        icon: new ClusterIcon({ html: node, className: "map-cluster-icon", iconSize: L.point(size, size), label: label }),
        keyboard: true,
      });
      cell.on("click", function () {
        map.setView(cell.getLatLng(), zoom + 2);
      });
      return cell;
    }
    function ask(base, zoom, then) {
      var b = map.getBounds();
      var box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) {
        return v.toFixed(5);
      });
      var ticket = ++asked;
      var url = base + (base.indexOf("?") < 0 ? "?" : "&") + "zoom=" + zoom + "&bbox=" + box.join(",");
      fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (body) {
          if (body && ticket === asked) then(body); // else a later view was asked meanwhile
        });
    }
    function showCells(body, zoom) {
      entryLayers.forEach(function (entries) {
        entries.clearLayers();
      });
      layer.clearLayers();
      body.features.forEach(function (feature) {
        var at = feature.geometry.coordinates;
        layer.addLayer(cellMarker(at[1], at[0], Number(feature.properties.count), zoom));
      });
      if (!map.hasLayer(layer)) layer.addTo(map);
      map.getContainer().setAttribute("data-grid-cells", String(body.features.length));
    }
    function showEntries(body) {
      if (map.hasLayer(layer)) map.removeLayer(layer);
      map.getContainer().setAttribute("data-grid-cells", "0");
      var index = {};
      config.kinds.forEach(function (kind, i) {
        index[kind.code] = i;
      });
      var other = config.kinds.length - 1;
      var perKey = {};
      body.rows.forEach(function (row) {
        var kindIndex = Object.prototype.hasOwnProperty.call(index, row[4]) ? index[row[4]] : other;
        var shown = row.slice();
        shown[4] = kindIndex;
        (perKey["kind-" + kindIndex] = perKey["kind-" + kindIndex] || []).push(marker(shown));
      });
      entryLayers.forEach(function (entries, i) {
        entries.clearLayers();
        entries.addLayers(perKey[entryKeys[i]] || []);
      });
      map.getContainer().setAttribute("data-view-entries", String(body.rows.length));
    }
    function refresh() {
      var zoom = map.getZoom();
      if (zoom > grid.maxZoom) {
        ask(grid.entriesUrl, zoom, showEntries);
        return;
      }
      ask(grid.url, zoom, function (body) {
        showCells(body, zoom);
      });
    }
    map.on("moveend", refresh);
    refresh();
  }

  function fill(key, cluster) {
    var rows = layerData(key).rows;
    var markers = new Array(rows.length);
    for (var i = 0; i < rows.length; i++) markers[i] = marker(rows[i]);
    // clustering off the map is one pass; on the map it would redraw after every chunk (measured: 2× slower)
    var map = cluster._map;
    if (map) map.removeLayer(cluster);
    cluster.addLayers(markers);
    if (map) cluster.addTo(map);
    cluster.on("click keypress", openPopup);
    register(key, cluster);
  }

  function ready(key, map) {
    var control = L.control.layers(null, null, { collapsed: !!config.compact });
    overlays.forEach(function (item) {
      control.addOverlay(item[1], escapeHtml(item[0])); // Leaflet shows layer names as HTML
    });
    control.addTo(map);
    if (config.bounds) map.fitBounds(config.bounds, { padding: [12, 12], animate: false });
    if (config.grid) gridMode(map);
    var container = map.getContainer();
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", config.labels.map || "");
    if (map.zoomControl) {
      var zin = map.zoomControl._zoomInButton;
      var zout = map.zoomControl._zoomOutButton;
      zin.title = config.labels.zoomIn;
      zin.setAttribute("aria-label", config.labels.zoomIn);
      zout.title = config.labels.zoomOut;
      zout.setAttribute("aria-label", config.labels.zoomOut);
    }
    // Enter or Space on a focused cluster opens it, as a click does (Leaflet only does this for popups)
    container.addEventListener("keydown", function (event) {
      var target = event.target;
      if ((event.key === "Enter" || event.key === " ") && target.classList.contains("map-cluster-icon")) {
        event.preventDefault();
        target.click();
      }
    });
    var toggle = container.querySelector(".leaflet-control-layers-toggle");
    if (toggle) {
      toggle.title = config.labels.layers;
      toggle.setAttribute("aria-label", config.labels.layers);
    }
    // the legend sits over the map: fold it while a popup is open so it never hides the popup
    var legend = document.querySelector(".map-legend");
    if (legend) {
      map.on("popupopen", function () {
        legend.open = false;
      });
    }
    // legend swatches take their colours from data attributes (the page's CSP allows no inline styles)
    var swatches = document.querySelectorAll("[data-colour]");
    for (var i = 0; i < swatches.length; i++) {
      swatches[i].style.backgroundColor = swatches[i].getAttribute("data-colour");
    }
    window.tsunaguMapReadyAt = performance.now();
    document.documentElement.setAttribute("data-map-ready", "1");
  }

  window.tsunaguMap = {
    configure: configure,
    fill: fill,
    register: register,
    marker: marker,
    clusterIcon: clusterIcon,
    areaFeature: areaFeature,
    ready: ready,
    popup: popup,
  };
})();
