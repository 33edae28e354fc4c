// trucewatch dashboard: pan and zoom for the SVG map (wheel, drag, pinch,
// buttons), names of oblasts once zoomed in, a pop-up for the marker under
// the pointer or finger, an oblast's click filtering the list, and live
// reload when new reports arrive. The pages work without it; it only adds
// to them.
(function () {
  "use strict";
  var svg = document.getElementById("map");
  if (svg) {
    var vb = svg.viewBox.baseVal;
    // The whole map: a page that shows a box starts zoomed in on it.
    var f = (svg.getAttribute("data-full") || "").split(" ").map(Number);
    var full = f.length === 4 ? { x: f[0], y: f[1], w: f[2], h: f[3] } : { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    // A small map (the incident page's) draws only the place's
    // surroundings: it zooms out and resets to its first view, not further.
    var hm = (svg.getAttribute("data-home") || "").split(" ").map(Number);
    var home = hm.length === 4 ? { x: hm[0], y: hm[1], w: hm[2], h: hm[3] } : full;
    // Markers, clusters and labels keep their size in screen pixels as the
    // map zooms and on any screen: k is map units per pixel.
    var resize = function () {
      var r = svg.getBoundingClientRect(), w = svg.clientWidth || r.width;
      if (!w) return;
      var k = vb.width / w;
      svg.querySelectorAll("[data-x]").forEach(function (g) {
        g.setAttribute("transform", "translate(" + g.getAttribute("data-x") + " " + g.getAttribute("data-y") + ") scale(" + k + ")");
      });
      svg.querySelectorAll("[data-font]").forEach(function (t) { t.setAttribute("font-size", t.getAttribute("data-font") * k); });
      // Oblast names show once the map is zoomed in enough to hold them.
      svg.classList.toggle("zoomed", vb.width < full.w * 0.45 || r.width > 1600 * vb.width / full.w);
      svg.classList.toggle("zoomed2", vb.width < full.w * 0.2);
    };
    // zoomAt scales the view by s around the map point p, within the
    // whole map's width and at most 40 times in.
    var zoomAt = function (p, s) {
      var w = Math.min(home.w, Math.max(full.w / 40, vb.width * s)), h = w * full.h / full.w;
      vb.x = p.x - (p.x - vb.x) * w / vb.width; vb.y = p.y - (p.y - vb.y) * h / vb.height;
      vb.width = w; vb.height = h;
      resize();
    };
    var point = function (cx, cy) {
      var r = svg.getBoundingClientRect();
      return { x: vb.x + (cx - r.left) / r.width * vb.width, y: vb.y + (cy - r.top) / r.height * vb.height };
    };
    var centre = function () { return { x: vb.x + vb.width / 2, y: vb.y + vb.height / 2 }; };
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      zoomAt(point(ev.clientX, ev.clientY), ev.deltaY < 0 ? 0.8 : 1.25);
    }, { passive: false });
    document.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var z = b.getAttribute("data-zoom");
        if (z === "in") zoomAt(centre(), 0.5);
        else if (z === "out") zoomAt(centre(), 2);
        else { vb.x = home.x; vb.y = home.y; vb.width = home.w; vb.height = home.h; resize(); }
      });
    });
    // Pointers down on the map: one pans, two pinch.
    var down = {}, drag = null, pinch = null, moved = false;
    var ids = function () { return Object.keys(down); };
    var touch = false, tapped = null;
    svg.addEventListener("pointerdown", function (ev) {
      touch = ev.pointerType === "touch" || ev.pointerType === "pen";
      down[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
      moved = false;
      var ps = ids();
      if (ps.length === 1) {
        drag = { x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y };
      } else if (ps.length === 2) {
        var a = down[ps[0]], b = down[ps[1]];
        pinch = { d: Math.hypot(a.x - b.x, a.y - b.y) || 1, w: vb.width, p: point((a.x + b.x) / 2, (a.y + b.y) / 2) };
        drag = null;
      }
    });
    window.addEventListener("pointermove", function (ev) {
      if (!down[ev.pointerId]) return;
      down[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
      var ps = ids(), r = svg.getBoundingClientRect();
      if (pinch && ps.length === 2) {
        var a = down[ps[0]], b = down[ps[1]];
        var d = Math.hypot(a.x - b.x, a.y - b.y) || 1;
        zoomAt(pinch.p, pinch.w * pinch.d / d / vb.width);
        moved = true;
      } else if (drag) {
        var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 5) moved = true;
        if (moved) { vb.x = drag.vx - dx / r.width * vb.width; vb.y = drag.vy - dy / r.height * vb.height; }
      }
    });
    var up = function (ev) {
      delete down[ev.pointerId];
      if (ids().length < 2) pinch = null;
      if (ids().length === 0) drag = null;
    };
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", up);
    // A drag or pinch is not a click; an oblast's click filters the list by
    // it, keeping the other filters.
    svg.addEventListener("click", function (ev) {
      if (moved) { ev.preventDefault(); moved = false; return; }
      // A finger has no hover: the first tap on a marker or area shows its
      // pop-up (status per reading and party), a second tap opens it.
      var link = ev.target.closest && ev.target.closest("a.marker-link, a.area-link, a.cluster-link");
      if (link && touch && tapped !== link) {
        ev.preventDefault();
        tapped = link;
        show(ev);
        return;
      }
      var unit = ev.target.closest && ev.target.closest("a.unit-link");
      if (!unit) return;
      ev.preventDefault();
      var q = new URLSearchParams(window.location.search);
      q.set("place", unit.getAttribute("data-place"));
      q.delete("offset"); q.delete("bbox");
      window.location.search = q.toString();
    }, true);
    var popup = document.getElementById("popup");
    var show = function (ev) {
      var m = ev.target.closest && ev.target.closest(".marker, .area, .cluster-mark");
      if (!m || !popup) return;
      var t = m.querySelector("title");
      popup.textContent = t ? t.textContent : "";
      var r = svg.parentNode.getBoundingClientRect();
      popup.style.left = Math.min(ev.clientX - r.left + 12, r.width - 220) + "px";
      popup.style.top = (ev.clientY - r.top + 12) + "px";
      popup.hidden = false;
    };
    svg.addEventListener("mouseover", show);
    svg.addEventListener("mouseout", function () { if (popup) popup.hidden = true; });
    // The keyboard too: a marker that takes the focus shows its pop-up.
    svg.addEventListener("focusin", function (ev) {
      var r = ev.target.getBoundingClientRect();
      show({ target: ev.target.querySelector(".marker, .area, .cluster-mark") || ev.target, clientX: r.right, clientY: r.bottom });
    });
    svg.addEventListener("focusout", function () { if (popup) popup.hidden = true; });
    window.addEventListener("resize", resize);
    resize();
    // On a phone the legend starts folded, so that it hides no marker.
    var legend = document.querySelector("details.legend");
    if (legend && window.matchMedia("(max-width: 600px)").matches) legend.open = false;
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
