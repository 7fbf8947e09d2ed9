/*
 * Location picker (progressive enhancement): click the map to place a pin, drag it to adjust.
 *
 * CONTRACT — any form can use it with this markup and nothing else:
 *
 *   {% include "maps/_picker_assets.html" %}          (once per page: Leaflet, map.css and this file,
 *                                                      with the tile source and the words in the reader's language)
 *   <div data-location-picker>
 *     <input name="latitude" ...>  <input name="longitude" ...>      (required; any type, e.g. number)
 *     <input name="prefecture"> <input name="city"> <input name="town"> <input name="block">  (optional)
 *   </div>
 *
 * - Without JavaScript (or without Leaflet) the inputs stay as they are and can be typed into.
 * - With it, a map appears inside the container, after the inputs. Clicking the map (or pressing Enter on
 *   it) puts the pin there and writes 6-decimal degrees into `latitude` / `longitude`; dragging the pin
 *   (or moving it with the arrow keys when it has focus) updates them; typing into the inputs moves the pin.
 *   A `change` event is fired on both inputs after every move.
 * - Address inputs (name prefecture, city, town, block, building, address or *_address) are optional: their
 *   text is shown above the map as 「住所: …」 so the person placing the pin sees what they are looking for.
 * - Optional attributes on the container: data-centre="35.86,139.97" (start view when no point yet),
 *   data-zoom="15", data-tile-url / data-tile-attribution (else those of the script tag, i.e. TSUNAGU_TILES;
 *   an empty tile URL means a plain background, e.g. on closed networks).
 * - data-town-search="/contribute/towns" adds a search box above the map: it asks that URL (?q=本町) for the
 *   municipality's 町域 as JSON [{"town", "lat", "lon"}] and lists them as buttons; choosing one moves the map
 *   there, puts the pin at its middle (to be refined by a tap) and fills an empty `town` input. No geocoder needed.
 * - The words come from the script tag's data-label-* attributes (see templates/maps/_picker_assets.html).
 * No inline script or style is needed, so pages keep their strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var defaults = script ? script.dataset : {};
  var ADDRESS = /^(prefecture|city|town|block|building|address|.*_address)$/;

  function number(value) {
    var n = parseFloat(String(value || "").replace(",", "."));
    return isFinite(n) ? n : null;
  }

  function input(container, name) {
    return container.querySelector('input[name="' + name + '"]');
  }

  function addressText(container) {
    var parts = [];
    var fields = container.querySelectorAll("input[name], textarea[name]");
    for (var i = 0; i < fields.length; i++) {
      if (ADDRESS.test(fields[i].name) && fields[i].value.trim()) parts.push(fields[i].value.trim());
    }
    return parts.join(" ");
  }

  function townSearch(container, box, url, label, choose) {
    var row = document.createElement("p");
    row.className = "location-picker-search";
    var field = document.createElement("input");
    field.type = "search";
    field.id = "location-picker-town-" + Math.random().toString(36).slice(2, 8);
    field.setAttribute("autocomplete", "off");
    field.setAttribute("enterkeyhint", "search");
    var caption = document.createElement("label");
    caption.htmlFor = field.id;
    caption.textContent = label("Search", "Find a neighbourhood");
    var go = document.createElement("button");
    go.type = "button";
    go.className = "secondary";
    go.textContent = label("SearchButton", "Find");
    row.appendChild(caption);
    row.appendChild(field);
    row.appendChild(go);
    var status = document.createElement("p");
    status.className = "location-picker-status";
    status.setAttribute("role", "status");
    var list = document.createElement("ul");
    list.className = "location-picker-towns";
    container.insertBefore(list, box);
    container.insertBefore(status, list);
    container.insertBefore(row, status);

    function search() {
      var q = field.value.trim();
      list.textContent = "";
      status.textContent = "";
      if (!q) return;
      fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (towns) {
          if (!towns.length) status.textContent = label("NoMatch", "No match: tap the map instead.");
          towns.forEach(function (town) {
            var item = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button";
            button.className = "secondary";
            button.textContent = town.town;
            button.addEventListener("click", function () {
              choose(town);
              list.textContent = "";
              status.textContent = label("Found", "The map moved there: tap the exact place.");
            });
            item.appendChild(button);
            list.appendChild(item);
          });
        })
        .catch(function () {
          status.textContent = label("NoMatch", "No match: tap the map instead.");
        });
    }

    go.addEventListener("click", search);
    field.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // never submits the activity form
        search();
      }
    });
  }

  function setup(container) {
    if (typeof L === "undefined" || container.getAttribute("data-picker-ready")) return;
    var lat = input(container, "latitude");
    var lon = input(container, "longitude");
    if (!lat || !lon) return;
    container.setAttribute("data-picker-ready", "1");
    var data = container.dataset;
    var label = function (key, fallback) {
      return data["label" + key] || defaults["label" + key] || fallback;
    };

    var hint = document.createElement("p");
    hint.className = "location-picker-help";
    hint.textContent = label("Help", "Click the map to place the pin; drag it to adjust.");
    var address = document.createElement("p");
    address.className = "location-picker-address";
    address.setAttribute("aria-live", "polite");
    var box = document.createElement("div");
    box.className = "location-picker-map";
    box.tabIndex = 0;
    box.setAttribute("role", "application");
    box.setAttribute("aria-label", label("Map", "Map to place the location"));
    container.appendChild(hint);
    container.appendChild(address);
    container.appendChild(box);

    function showAddress() {
      var text = addressText(container);
      address.textContent = text ? label("Address", "Address") + ": " + text : "";
    }
    showAddress();
    container.addEventListener("input", function (event) {
      if (ADDRESS.test(event.target.name || "")) showAddress();
    });

    var centre = (data.centre || defaults.centre || "35.86,139.97").split(",").map(Number);
    var start = number(lat.value) !== null && number(lon.value) !== null ? [number(lat.value), number(lon.value)] : null;
    var map = L.map(box, { keyboard: true }).setView(start || centre, Number(data.zoom || defaults.zoom || 15));
    var tileUrl = data.tileUrl !== undefined ? data.tileUrl : defaults.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        attribution: data.tileAttribution !== undefined ? data.tileAttribution : defaults.tileAttribution || "",
        maxZoom: 19,
      }).addTo(map);
    }
    var pin = null;

    function write(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      [lat, lon].forEach(function (field) {
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }

    function place(latlng, fromInputs) {
      if (!pin) {
        pin = L.marker(latlng, {
          draggable: true,
          keyboard: true,
          title: label("Pin", "Location (drag to adjust)"),
          alt: label("Pin", "Location (drag to adjust)"),
        }).addTo(map);
        pin.on("dragend", function () {
          write(pin.getLatLng());
        });
        pin.on("keydown", function (event) {
          var step = 0.0002;
          var key = event.originalEvent.key;
          var moves = { ArrowUp: [step, 0], ArrowDown: [-step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] };
          if (!moves[key]) return;
          event.originalEvent.preventDefault();
          var at = pin.getLatLng();
          var next = L.latLng(at.lat + moves[key][0], at.lng + moves[key][1]);
          pin.setLatLng(next);
          write(next);
        });
      } else {
        pin.setLatLng(latlng);
      }
      if (!fromInputs) write(latlng);
    }

    if (start) place(L.latLng(start[0], start[1]), true);
    if (data.townSearch) townSearch(container, box, data.townSearch, label, function (town) {
      var at = L.latLng(town.lat, town.lon);
      map.setView(at, 17);
      place(at, false);
      var townInput = input(container, "town");
      if (townInput && !townInput.value.trim()) townInput.value = town.town;
      showAddress();
    });
    map.on("click", function (event) {
      place(event.latlng, false);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === box) {
        event.preventDefault();
        place(map.getCenter(), false);
      }
    });
    [lat, lon].forEach(function (field) {
      field.addEventListener("input", function () {
        var a = number(lat.value);
        var b = number(lon.value);
        if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
          place(L.latLng(a, b), true);
          map.panTo([a, b]);
        }
      });
    });
  }

  function init() {
    var containers = document.querySelectorAll("[data-location-picker]");
    for (var i = 0; i < containers.length; i++) setup(containers[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
