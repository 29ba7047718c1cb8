/* policykg views: timeline, Taiwan tile map and charts drawn as plain SVG (no library).
 * Every text that comes from a document reaches the page through textContent (HTML or SVG
 * text nodes), never innerHTML; the data is one JSON block with <, >, & escaped. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var DATA = JSON.parse(document.getElementById("view-data").textContent);
  var byId = function (id) { return document.getElementById(id); };

  function el(tag, attrs, text) {
    var node = document.createElementNS(SVGNS, tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, String(attrs[k]));
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function make(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // -- one plain-text tooltip for the page ------------------------------------------------
  var tooltip = byId("tooltip");
  function showTip(text, ev) {
    tooltip.textContent = text;
    tooltip.hidden = false;
    moveTip(ev);
  }
  function moveTip(ev) {
    if (tooltip.hidden || !ev) return;
    var x = ev.clientX + 14, y = ev.clientY + 14;
    if (x + tooltip.offsetWidth > window.innerWidth) x = Math.max(0, ev.clientX - tooltip.offsetWidth - 14);
    if (y + tooltip.offsetHeight > window.innerHeight) y = Math.max(0, ev.clientY - tooltip.offsetHeight - 14);
    tooltip.style.left = x + "px"; tooltip.style.top = y + "px";
  }
  function hideTip() { tooltip.hidden = true; }
  /* tooltips by delegation: any SVG element with data-tip="N" shows tips[N] */
  function tipsFor(svg, tips) {
    svg.addEventListener("mouseover", function (ev) {
      var t = ev.target.closest ? ev.target.closest("[data-tip]") : null;
      if (t) showTip(tips[+t.getAttribute("data-tip")], ev); else hideTip();
    });
    svg.addEventListener("mousemove", moveTip);
    svg.addEventListener("mouseleave", hideTip);
  }

  function select(labelText, options, onChange) {
    var label = make("label", labelText);
    var s = document.createElement("select");
    options.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o.value; opt.textContent = o.text;
      s.appendChild(opt);
    });
    s.addEventListener("change", function () { onChange(s.value); });
    label.appendChild(s);
    return label;
  }

  // -- swatches for legends ------------------------------------------------------------------
  function defs(svg) {
    var d = el("defs");
    var p = el("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    p.appendChild(el("rect", { width: 6, height: 6, fill: "#ffffff" }));
    p.appendChild(el("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#555", "stroke-width": 3 }));
    d.appendChild(p);
    svg.appendChild(d);
  }
  var STATUS_STYLE = {
    scheduled: function (c) { return { fill: c, stroke: c }; },
    open_ended: function (c) { return { fill: c, "fill-opacity": 0.35, stroke: c, "stroke-dasharray": "4 2" }; },
    planning: function (c) { return { fill: "url(#hatch)", stroke: c, "stroke-width": 1.5 }; },
    pending_approval: function (c) { return { fill: "#ffffff", stroke: c, "stroke-width": 1.5, "stroke-dasharray": "3 2" }; },
    not_yet_funded: function () { return { fill: "#ffffff", stroke: "#999999", "stroke-dasharray": "1 2" }; },
    unspecified: function () { return { fill: "#eeeeee", stroke: "#999999" }; }
  };
  function statusStyle(status, colour) { return (STATUS_STYLE[status] || STATUS_STYLE.scheduled)(colour); }
  function swatch(attrs, w, h) {
    var s = el("svg", { width: w || 26, height: h || 12 });
    defs(s);
    var a = { x: 1, y: 1, width: (w || 26) - 2, height: (h || 12) - 2 };
    for (var k in attrs) a[k] = attrs[k];
    s.appendChild(el("rect", a));
    return s;
  }

  // -- timeline --------------------------------------------------------------------------------
  function monthIndex(ym) {
    var p = String(ym).split("-");
    return (+p[0]) * 12 + ((+p[1] || 1) - 1);
  }
  function drawTimeline(panel, d) {
    var state = { pillar: "", agency: "", off: {} };
    var controls = make("div", null, "controls");
    controls.appendChild(select("Pillar ", [{ value: "", text: "all pillars" }].concat(d.pillars.map(function (p) { return { value: p.key, text: p.name }; })),
      function (v) { state.pillar = v; redraw(); }));
    controls.appendChild(select("Agency ", [{ value: "", text: "all agencies" }].concat(d.agencies.map(function (a) { return { value: a, text: a }; })),
      function (v) { state.agency = v; redraw(); }));
    var shown = make("span", "", "muted");
    controls.appendChild(shown);
    panel.appendChild(controls);
    var legend = make("div", null, "legend");
    d.statuses.forEach(function (s) {
      var item = make("span", null, "item toggle");
      item.setAttribute("data-status", s.key);
      item.appendChild(swatch(statusStyle(s.key, "#4e79a7")));
      item.appendChild(make("span", s.label + " (" + s.count + ")"));
      item.addEventListener("click", function () { state.off[s.key] = !state.off[s.key]; item.classList.toggle("off", !!state.off[s.key]); redraw(); });
      legend.appendChild(item);
    });
    if (d.band) {
      var bandItem = make("span", null, "item");
      bandItem.appendChild(swatch({ fill: "#f6e8b1", stroke: "#e0c96a" }));
      bandItem.appendChild(make("span", d.band.label));
      legend.appendChild(bandItem);
    }
    panel.appendChild(legend);
    var holder = make("div");
    panel.appendChild(holder);
    var result = { items: 0 };

    var from = d.axis.from * 12, to = (d.axis.to + 1) * 12;
    function redraw() {
      clear(holder);
      hideTip();
      var rows = d.rows.filter(function (r) {
        if (state.pillar && r.pillar !== state.pillar) return false;
        if (state.agency && r.agencies.indexOf(state.agency) < 0) return false;
        if (state.off[r.status]) return false;
        return true;
      });
      var labelW = d.labelWidth || 380;
      var width = Math.max(900, (panel.clientWidth || 1300) - 4);
      var chartW = width - labelW - 20;
      var xOf = function (m) { return labelW + (m - from) / (to - from) * chartW; };
      var ROW = 17, HEAD = [24, 19];
      // vertical layout: group headers whenever the group path changes
      var items = [], y = 30, prev = [];
      rows.forEach(function (r) {
        for (var level = 0; level < r.group.length; level++) {
          if (prev[level] !== r.group[level]) {
            for (var l = level; l < r.group.length; l++) { items.push({ head: r.group[l], level: l, y: y, colour: r.colour }); y += HEAD[Math.min(l, 1)]; }
            break;
          }
        }
        prev = r.group;
        items.push({ row: r, y: y });
        y += ROW;
      });
      var height = y + (y > 880 ? 30 : 10);
      var svg = el("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": "timeline" });
      svg.appendChild(el("rect", { x: 0, y: 0, width: width, height: height, fill: "#ffffff" }));
      defs(svg);
      var tips = [];
      if (d.band) {
        var bx = xOf(monthIndex(d.band.start)), bw = xOf(monthIndex(d.band.end) + 1) - bx;
        svg.appendChild(el("rect", { x: bx, y: 22, width: bw, height: height - 22, fill: "#f6e8b1", "fill-opacity": 0.55 }));
        svg.appendChild(el("text", { x: bx + bw / 2, y: height - 2, "text-anchor": "middle", "font-size": 11, fill: "#8a6d00" }, d.band.short));
      }
      for (var year = d.axis.from; year <= d.axis.to + 1; year++) {
        var x = xOf(year * 12);
        svg.appendChild(el("line", { x1: x, y1: 18, x2: x, y2: height, stroke: "#e3e3e3" }));
        if (year <= d.axis.to) svg.appendChild(el("text", { x: xOf(year * 12 + 6), y: 14, "text-anchor": "middle", "font-size": 12, fill: "#444" }, year));
        if (year <= d.axis.to && height > 900) svg.appendChild(el("text", { x: xOf(year * 12 + 6), y: height - 14, "text-anchor": "middle", "font-size": 12, fill: "#444" }, year));
      }
      var bars = 0;
      var frag = document.createDocumentFragment();
      items.forEach(function (it) {
        if (it.head !== undefined) {
          frag.appendChild(el("rect", { x: 0, y: it.y + 2, width: width, height: (it.level ? 17 : 22), fill: it.level ? "#fafafa" : "#f0f0f0" }));
          frag.appendChild(el("text", { x: 4 + 12 * it.level, y: it.y + (it.level ? 15 : 18), "font-size": it.level ? 12 : 13, "font-weight": it.level ? 500 : 700, fill: it.level ? "#444" : "#111" }, it.head));
          return;
        }
        var r = it.row;
        var t = tips.length; tips.push(r.tip);
        var g = el("g", { "data-tip": t, "data-row": r.key, "class": "bar-row" });
        g.appendChild(el("rect", { x: 0, y: it.y, width: width, height: ROW, fill: "transparent" }));
        g.appendChild(el("text", { x: 8 + 12 * (r.group.length - 1) + 12, y: it.y + 12.5, "font-size": 11.5, fill: r.first ? "#222" : "#888" }, r.label));
        if (r.start) {
          var s = monthIndex(r.start), e = r.end ? monthIndex(r.end) + 1 : to;
          var attrs = statusStyle(r.status, r.colour);
          attrs.x = xOf(s); attrs.y = it.y + 3; attrs.width = Math.max(2, xOf(e) - xOf(s)); attrs.height = ROW - 6; attrs.rx = 2;
          attrs["class"] = "bar"; attrs["data-status"] = r.status;
          g.appendChild(el("rect", attrs));
          if (!r.end) g.appendChild(el("text", { x: xOf(e) - 2, y: it.y + 12, "text-anchor": "end", "font-size": 11, fill: r.colour }, "→"));
          bars++;
        } else {
          g.appendChild(el("text", { x: labelW + 4, y: it.y + 12.5, "font-size": 11, fill: "#888", "class": "no-period" }, "○ " + r.raw + " (no start)"));
        }
        frag.appendChild(g);
      });
      svg.appendChild(frag);
      tipsFor(svg, tips);
      holder.appendChild(svg);
      shown.textContent = rows.length + " / " + d.rows.length + " rows, " + bars + " bars";
      result.items = bars;
      if (window.policykgView && window.policykgView.view === "timeline") window.policykgView.items = bars;
    }
    redraw();
    result.redraw = redraw;
    return result;
  }

  // -- Taiwan tile map ---------------------------------------------------------------------
  function shade(count, max) {
    if (!count) return "#f2f2f2";
    var t = Math.sqrt(count / Math.max(max, 1));
    var a = [222, 235, 247], b = [8, 69, 148];
    var c = a.map(function (v, i) { return Math.round(v + (b[i] - v) * t); });
    return "rgb(" + c.join(",") + ")";
  }
  function drawGeo(panel, d) {
    var wrap = make("div", null, "geo-wrap");
    panel.appendChild(wrap);
    var T = d.tile || 74, GAP = 6, pad = 20;
    var cols = 0, rowsN = 0;
    d.tiles.forEach(function (t) { cols = Math.max(cols, t.col + 1); rowsN = Math.max(rowsN, t.row + 1); });
    var width = pad * 2 + cols * (T + GAP), height = pad * 2 + rowsN * (T + GAP);
    var svg = el("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": "Taiwan tile map" });
    svg.appendChild(el("rect", { x: 0, y: 0, width: width, height: height, fill: "#ffffff" }));
    var details = make("div", null, "details");
    var tips = [];
    var zoneColour = {};
    d.zones.forEach(function (z) { zoneColour[z.id] = z.colour; });
    var drawn = 0;
    d.tiles.forEach(function (t, i) {
      var x = pad + t.col * (T + GAP), y = pad + t.row * (T + GAP);
      var tip = tips.length; tips.push(t.tip);
      var g = el("g", { "class": "county", "data-tip": tip, "data-region": t.id, "data-zone": t.zones.join(" "), tabindex: 0 });
      g.appendChild(el("rect", { x: x, y: y, width: T, height: T, rx: 6, fill: shade(t.count, d.max), stroke: zoneColour[t.zones[0]] || "#999", "stroke-width": 3.5 }));
      if (t.zones.length > 1) g.appendChild(el("rect", { x: x + 4, y: y + 4, width: T - 8, height: T - 8, rx: 4, fill: "none", stroke: zoneColour[t.zones[1]], "stroke-width": 2, "stroke-dasharray": "4 3" }));
      var dark = t.count && Math.sqrt(t.count / Math.max(d.max, 1)) > 0.55;
      g.appendChild(el("text", { x: x + T / 2, y: y + T / 2 - 4, "text-anchor": "middle", "font-size": 14, "font-weight": 600, fill: dark ? "#fff" : "#222" }, t.name));
      g.appendChild(el("text", { x: x + T / 2, y: y + T / 2 + 14, "text-anchor": "middle", "font-size": 12, fill: dark ? "#fff" : "#444" }, String(t.count)));
      t.sites.forEach(function (s, k) {
        var st = tips.length; tips.push(s.tip);
        g.appendChild(el("circle", { cx: x + 9 + (k % 6) * 11, cy: y + T - 9 - Math.floor(k / 6) * 11, r: 4, fill: "#d62728", stroke: "#fff", "stroke-width": 1, "class": "site", "data-tip": st }));
      });
      g.addEventListener("click", function () { showCounty(t); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") showCounty(t); });
      svg.appendChild(g);
      drawn++;
    });
    tipsFor(svg, tips);
    wrap.appendChild(svg);
    function showCounty(t) {
      clear(details);
      details.appendChild(make("div", t.name + " " + t.en, "title"));
      details.appendChild(make("div", t.summary));
      var list = make("ol");
      t.measures.forEach(function (m) { list.appendChild(make("li", m)); });
      details.appendChild(list);
      if (!t.measures.length) details.appendChild(make("div", "No measure targets this county or a site in it.", "muted"));
      details.setAttribute("data-region", t.id);
    }
    details.appendChild(make("div", "Click a county to list the measures that target it.", "muted"));
    wrap.appendChild(details);
    var legend = make("div", null, "legend");
    legend.appendChild(make("span", "Zones:"));
    d.zones.forEach(function (z) {
      var item = make("span", null, "item toggle");
      item.appendChild(swatch({ fill: "#ffffff", stroke: z.colour, "stroke-width": 3 }, 18, 14));
      item.appendChild(make("span", z.name + " (" + z.count + ")"));
      item.title = z.tip;
      item.addEventListener("mouseenter", function () {
        svg.querySelectorAll("g.county").forEach(function (g) { g.style.opacity = (" " + g.getAttribute("data-zone") + " ").indexOf(" " + z.id + " ") >= 0 ? 1 : 0.25; });
      });
      item.addEventListener("mouseleave", function () { svg.querySelectorAll("g.county").forEach(function (g) { g.style.opacity = 1; }); });
      legend.appendChild(item);
    });
    var siteItem = make("span", null, "item");
    var dot = el("svg", { width: 12, height: 12 }); dot.appendChild(el("circle", { cx: 6, cy: 6, r: 4, fill: "#d62728" }));
    siteItem.appendChild(dot); siteItem.appendChild(make("span", "named site"));
    legend.appendChild(siteItem);
    var scale = make("span", null, "item");
    [0, 1, Math.ceil(d.max / 2), d.max].forEach(function (v, i, all) {
      if (i && v === all[i - 1]) return;
      scale.appendChild(swatch({ fill: shade(v, d.max), stroke: "#bbb" }, 18, 14));
      scale.appendChild(make("span", String(v)));
    });
    legend.appendChild(scale);
    panel.insertBefore(legend, wrap);
    panel.appendChild(make("div", d.note, "muted"));
    if (d.other && d.other.length) {
      panel.appendChild(make("div", "Targets not on the map: " + d.other.join(" · "), "muted"));
    }
    return { items: drawn };
  }

  // -- bar chart ---------------------------------------------------------------------------------
  function drawBars(panel, d) {
    var labelW = d.labelWidth || 220, barW = 420, ROW = 18;
    var max = Math.max.apply(null, d.bars.map(function (b) { return b.value; }).concat([1]));
    var height = d.bars.length * ROW + 10, width = labelW + barW + 60;
    var svg = el("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": d.title });
    svg.appendChild(el("rect", { x: 0, y: 0, width: width, height: height, fill: "#ffffff" }));
    var tips = [];
    d.bars.forEach(function (b, i) {
      var y = 4 + i * ROW;
      var g = el("g", { "data-tip": tips.length, "class": "chart-bar" });
      tips.push(b.tip);
      g.appendChild(el("rect", { x: 0, y: y, width: width, height: ROW, fill: "transparent" }));
      g.appendChild(el("text", { x: labelW - 6, y: y + 13, "text-anchor": "end", "font-size": 12, fill: "#222" }, b.label));
      g.appendChild(el("rect", { x: labelW, y: y + 3, width: Math.max(1, b.value / max * barW), height: ROW - 6, fill: b.colour || "#4e79a7" }));
      g.appendChild(el("text", { x: labelW + b.value / max * barW + 4, y: y + 13, "font-size": 12, fill: "#444" }, b.text || String(b.value)));
      svg.appendChild(g);
    });
    tipsFor(svg, tips);
    panel.appendChild(svg);
    return { items: d.bars.length };
  }

  // -- boot ----------------------------------------------------------------------------------------
  var DRAW = { timeline: drawTimeline, geo: drawGeo, bars: drawBars };
  document.title = DATA.title;
  byId("heading").textContent = DATA.title;
  byId("subtitle").textContent = DATA.subtitle || "";
  var t0 = performance.now();
  var panels = [];
  var total = 0;
  DATA.panels.forEach(function (p) {
    var target = byId(p.target);
    var drawn = DRAW[p.kind](target, p.data);
    panels.push({ kind: p.kind, target: p.target, items: drawn.items, redraw: drawn.redraw });
    total += p.kind === DATA.view || DATA.view === "report" ? (DATA.view === "report" ? 1 : drawn.items) : 0;
  });
  window.policykgView = { view: DATA.view, items: total, panels: panels.map(function (p) { return { kind: p.kind, target: p.target, items: p.items }; }), data: DATA };
  requestAnimationFrame(function () {
    window.policykgView.ms = performance.now();
    window.policykgView.scriptMs = performance.now() - t0;
    document.documentElement.setAttribute("data-view-ready", "1");
  });
})();
