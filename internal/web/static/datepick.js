// trucewatch dashboard: a small calendar beside each date field
// (input.date), which writes the day chosen in the page's style, as the
// server reads it (internal/web/dates.go): 31 Mar 2025 in English,
// 31.03.2025 in German, Ukrainian and Russian. The fields work without
// it: a reader types the day. The calendar's words come from the
// catalogues through the page (#datepick-words).
(function () {
  "use strict";
  var words = document.getElementById("datepick-words");
  var fields = document.querySelectorAll("input.date");
  if (!words || fields.length === 0) return;
  var lang = document.documentElement.lang;
  var months = (words.getAttribute("data-months") || "").split(" ");
  var weekdays = (words.getAttribute("data-weekdays") || "").split(" ");
  // The dashboard's English months (Go's "Jan"), whatever the catalogue's
  // full names are.
  var short = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var format = function (y, m, d) { // m from 0
    return lang === "en" ? d + " " + short[m] + " " + y : pad(d) + "." + pad(m + 1) + "." + y;
  };
  // parse reads the field's day, in the page's style or ISO: the month the
  // calendar opens on; null when the field holds none.
  var parse = function (s) {
    var m;
    s = s.trim();
    if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) return [+m[1], +m[2] - 1, +m[3]];
    if ((m = /^(\d{1,2})\s*[.,/ -]\s*(\d{1,2})\s*[.,/ -]\s*(\d{4})$/.exec(s)) && lang !== "en") return [+m[3], +m[2] - 1, +m[1]];
    if ((m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(s))) {
      var i = short.map(function (x) { return x.toLowerCase(); }).indexOf(m[2].toLowerCase());
      if (i >= 0) return [+m[3], i, +m[1]];
    }
    return null;
  };
  var open = null; // the calendar shown, at most one

  // icon is a calendar leaf, drawn: no font on an air-gapped machine need
  // have an emoji.
  var icon = function () {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    [["rect", { x: 1.5, y: 3, width: 13, height: 11.5, rx: 1.5, fill: "none", stroke: "currentColor" }],
      ["path", { d: "M1.5 6.5h13M5 1.5v3M11 1.5v3M4 9h2M7 9h2M10 9h2M4 11.5h2M7 11.5h2", stroke: "currentColor" }]
    ].forEach(function (e) {
      var el = document.createElementNS(ns, e[0]);
      Object.keys(e[1]).forEach(function (k) { el.setAttribute(k, e[1][k]); });
      svg.appendChild(el);
    });
    return svg;
  };

  var close = function (refocus) {
    if (!open) return;
    var o = open;
    open = null;
    o.pop.remove();
    o.button.setAttribute("aria-expanded", "false");
    if (refocus) o.input.focus();
  };

  var show = function (input, button, wrap) {
    close(false);
    var today = new Date();
    var cur = parse(input.value) || [today.getFullYear(), today.getMonth(), today.getDate()];
    var pop = document.createElement("div");
    pop.className = "datepick";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", words.getAttribute("data-pick"));
    wrap.appendChild(pop);
    open = { input: input, button: button, pop: pop };
    button.setAttribute("aria-expanded", "true");
    var y = cur[0], m = cur[1];
    var draw = function () {
      pop.textContent = "";
      var head = document.createElement("div");
      head.className = "datepick-head";
      var nav = function (label, text, step) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = text;
        b.setAttribute("aria-label", label);
        b.title = label;
        b.addEventListener("click", function () {
          m += step;
          if (m < 0) { m = 11; y--; } else if (m > 11) { m = 0; y++; }
          draw();
        });
        return b;
      };
      var title = document.createElement("span");
      title.className = "datepick-title";
      title.setAttribute("aria-live", "polite");
      title.textContent = (months[m] || m + 1) + " " + y;
      head.appendChild(nav(words.getAttribute("data-prev"), "‹", -1));
      head.appendChild(title);
      head.appendChild(nav(words.getAttribute("data-next"), "›", 1));
      pop.appendChild(head);
      var grid = document.createElement("table");
      var tr = document.createElement("tr");
      weekdays.forEach(function (w) { var th = document.createElement("th"); th.textContent = w; tr.appendChild(th); });
      var thead = document.createElement("thead");
      thead.appendChild(tr);
      grid.appendChild(thead);
      var body = document.createElement("tbody");
      var first = (new Date(y, m, 1).getDay() + 6) % 7; // Monday first
      var days = new Date(y, m + 1, 0).getDate();
      var chosen = parse(input.value);
      tr = document.createElement("tr");
      for (var i = 0; i < first; i++) tr.appendChild(document.createElement("td"));
      for (var d = 1; d <= days; d++) {
        if ((first + d - 1) % 7 === 0 && d > 1) { body.appendChild(tr); tr = document.createElement("tr"); }
        var td = document.createElement("td");
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = d;
        b.setAttribute("data-day", format(y, m, d));
        b.setAttribute("aria-label", format(y, m, d));
        if (chosen && chosen[0] === y && chosen[1] === m && chosen[2] === d) b.setAttribute("aria-current", "date");
        td.appendChild(b);
        tr.appendChild(td);
      }
      body.appendChild(tr);
      grid.appendChild(body);
      pop.appendChild(grid);
      // Keep the calendar on the screen: against the field's right edge
      // when it would run past the window's.
      pop.classList.remove("datepick-right");
      if (pop.getBoundingClientRect().right > document.documentElement.clientWidth) pop.classList.add("datepick-right");
    };
    pop.addEventListener("click", function (ev) {
      // The field's label holds the calendar: a click on its blank parts
      // must not pass on to the field (and close it).
      if (!ev.target.closest("button")) ev.preventDefault();
      var b = ev.target.closest("button[data-day]");
      if (!b) return;
      input.value = b.getAttribute("data-day");
      input.removeAttribute("aria-invalid");
      close(true);
    });
    draw();
    var focus = pop.querySelector("button[aria-current]") || pop.querySelector("button[data-day]");
    if (focus) focus.focus();
  };

  fields.forEach(function (input) {
    var wrap = document.createElement("span");
    wrap.className = "datefield";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "datepick-open";
    button.appendChild(icon());
    button.title = words.getAttribute("data-pick");
    button.setAttribute("aria-label", words.getAttribute("data-pick"));
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      if (open && open.input === input) close(true); else show(input, button, wrap);
    });
    wrap.appendChild(button);
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && open) close(true); });
  document.addEventListener("click", function (ev) {
    // a click that redrew the calendar has a target no longer in the page
    if (open && document.contains(ev.target) && !open.pop.contains(ev.target) && !open.button.contains(ev.target)) close(false);
  });
})();
