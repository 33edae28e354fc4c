// trucewatch dashboard: pan and zoom for the SVG map, a popup for the
// marker under the pointer, and live reload when new reports arrive.
// The pages work without it; it only adds to them.
(function () {
  "use strict";
  var svg = document.getElementById("map");
  if (svg) {
    var vb = svg.viewBox.baseVal;
    // The whole map: a page that shows a box starts zoomed in on it.
    var f = (svg.getAttribute("data-full") || "").split(" ").map(Number);
    var full = f.length === 4 ? { x: f[0], y: f[1], w: f[2], h: f[3] } : { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    // Markers and labels keep their size on the screen as the map zooms.
    var resize = function () {
      var k = vb.width / full.w;
      svg.querySelectorAll("[data-r]").forEach(function (c) { c.setAttribute("r", c.getAttribute("data-r") * k); });
      svg.querySelectorAll("[data-font]").forEach(function (t) { t.setAttribute("font-size", t.getAttribute("data-font") * k); });
    };
    var drag = null;
    var point = function (ev) {
      var r = svg.getBoundingClientRect();
      return { x: vb.x + (ev.clientX - r.left) / r.width * vb.width, y: vb.y + (ev.clientY - r.top) / r.height * vb.height };
    };
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = point(ev), k = ev.deltaY < 0 ? 0.8 : 1.25;
      var w = Math.min(full.w, Math.max(full.w / 40, vb.width * k)), h = w * full.h / full.w;
      vb.x = p.x - (p.x - vb.x) * w / vb.width; vb.y = p.y - (p.y - vb.y) * h / vb.height;
      vb.width = w; vb.height = h;
      resize();
    }, { passive: false });
    svg.addEventListener("pointerdown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y, moved: false }; });
    window.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      vb.x = drag.vx - dx / r.width * vb.width; vb.y = drag.vy - dy / r.height * vb.height;
    });
    window.addEventListener("pointerup", function () { setTimeout(function () { drag = null; }, 0); });
    svg.addEventListener("click", function (ev) { if (drag && drag.moved) ev.preventDefault(); }, true);
    var popup = document.getElementById("popup");
    svg.addEventListener("mouseover", function (ev) {
      var c = ev.target.closest && ev.target.closest("circle");
      if (!c || !popup) return;
      popup.textContent = c.querySelector("title").textContent;
      var r = svg.parentNode.getBoundingClientRect();
      popup.style.left = (ev.clientX - r.left + 12) + "px";
      popup.style.top = (ev.clientY - r.top + 12) + "px";
      popup.hidden = false;
    });
    svg.addEventListener("mouseout", function () { if (popup) popup.hidden = true; });
  }
  if (window.EventSource) {
    var es = new EventSource("/events");
    es.addEventListener("changed", function () {
      var live = document.getElementById("live");
      if (live) live.hidden = false;
      setTimeout(function () { window.location.reload(); }, 300);
    });
    // Close the stream when the page is left: a browser keeps only a few
    // connections per server, and a page kept in its back-forward cache
    // would otherwise hold one open.
    window.addEventListener("pagehide", function () { es.close(); });
    window.addEventListener("pageshow", function (ev) { if (ev.persisted) window.location.reload(); });
  }
})();
