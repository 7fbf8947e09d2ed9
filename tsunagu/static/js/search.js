// "現在地を使う": fill the hidden lat/lon fields from the browser's location (no third-party services).
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  if (!button || !navigator.geolocation) { if (button) { button.hidden = true; } return; }
  var status = document.getElementById("location-status");
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("lat").value = position.coords.latitude.toFixed(5);
      document.getElementById("lon").value = position.coords.longitude.toFixed(5);
      var radius = document.querySelector("select[name=radius_km]");
      if (radius && !radius.value) { radius.value = "3"; }
      button.form.submit();
    }, function () {
      status.textContent = button.getAttribute("data-error");
    }, { timeout: 10000, maximumAge: 60000 });
  });
})();
