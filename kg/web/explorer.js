/* kg network explorer: draws the network in #kg-data with Cytoscape.js, offline.
 * Node positions come from Graphviz sfdp when kg had it ("positioned"); otherwise the
 * page lays the network out itself. Text from the releases is only ever set as text.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var big = data.nodes.length > 500;

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === "") continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function link(href, text) {
    return /^https?:\/\//.test(href || "") ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, text) : document.createTextNode(text);
  }

  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({
      group: "nodes",
      data: Object.assign({}, n, { colour: data.colours[n.type] || data.colours.other }),
      position: data.positioned ? { x: n.x, y: -n.y } : undefined
    });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", data: Object.assign({}, e, { width: 1 + 1.8 * Math.log2(1 + e.weight) }) });
  });

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: elements,
    layout: data.positioned ? { name: "preset", fit: true, padding: 30 } : { name: "cose", animate: false, randomize: false, padding: 30 },
    minZoom: 0.02,
    maxZoom: 10,
    boxSelectionEnabled: false,
    selectionType: "single",
    hideEdgesOnViewport: big,
    textureOnViewport: big,
    pixelRatio: big ? 1 : "auto",
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", width: "data(size)", height: "data(size)",
        label: "data(label)", "font-size": "data(font)", "min-zoomed-font-size": 8,
        "text-valign": "bottom", "text-margin-y": 3, color: "#222",
        "text-outline-color": "#fff", "text-outline-width": 2, "border-width": 0 } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "#8a8a8a", opacity: 0.55,
        "curve-style": big ? "haystack" : "bezier" } },
      { selector: "node.match", style: { "border-width": 4, "border-color": "#d62728" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111" } },
      { selector: "edge:selected", style: { "line-color": "#d62728", opacity: 1, label: "data(relation)", "font-size": 11 } },
      { selector: ".faded", style: { opacity: 0.12, "text-opacity": 0 } },
      { selector: ".hidden", style: { display: "none" } }
    ]
  });

  var panel = document.getElementById("panel");
  var countEl = document.getElementById("count");
  var search = document.getElementById("search");
  var fromEl = document.getElementById("from");
  var toEl = document.getElementById("to");
  var undatedEl = document.getElementById("undated");

  function describeCount() {
    var shownNodes = cy.nodes().not(".hidden").length;
    var shownEdges = cy.edges().not(".hidden").length;
    var text = shownNodes + " nodes, " + shownEdges + " edges";
    if (shownNodes !== data.nodes.length) text += " (of " + data.nodes.length + ")";
    countEl.textContent = text;
  }

  /* Date range: an edge shows when one of its years is in range, or it has undated events
     and "undated" is ticked; a node shows when one of its edges does. */
  var years = [];
  data.edges.forEach(function (e) { (e.years || []).forEach(function (y) { if (years.indexOf(y) < 0) years.push(y); }); });
  years.sort();
  function applyRange() {
    var lo = years[+fromEl.value], hi = years[+toEl.value], undated = undatedEl.checked;
    document.getElementById("from-out").textContent = lo || "";
    document.getElementById("to-out").textContent = hi || "";
    cy.batch(function () {
      cy.edges().forEach(function (edge) {
        var ys = edge.data("years") || [];
        var on = ys.some(function (y) { return y >= lo && y <= hi; }) || (undated && edge.data("undated"));
        edge.toggleClass("hidden", !on);
      });
      cy.nodes().forEach(function (node) {
        node.toggleClass("hidden", node.connectedEdges().not(".hidden").length === 0);
      });
    });
    describeCount();
  }
  if (years.length) {
    [fromEl, toEl].forEach(function (input) { input.min = 0; input.max = years.length - 1; input.step = 1; });
    fromEl.value = 0;
    toEl.value = years.length - 1;
    fromEl.addEventListener("input", function () { if (+fromEl.value > +toEl.value) toEl.value = fromEl.value; applyRange(); });
    toEl.addEventListener("input", function () { if (+toEl.value < +fromEl.value) fromEl.value = toEl.value; applyRange(); });
    undatedEl.addEventListener("change", applyRange);
  } else {
    document.getElementById("years").hidden = true;
  }

  /* Side panel */
  function eventItem(id) {
    var ev = data.events[id];
    if (!ev) return null;
    var release = data.releases[ev.release] || { title: ev.release };
    var head = (ev.date || "undated") + " · " + ev.kind + (ev.category === "statement" ? " (statement)" : "");
    var who = ev.who && ev.who.length ? (ev.category === "statement" ? "by " : "with ") + ev.who.join(", ") : "";
    var item = el("li", {}, el("div", { class: "event-head" }, head),
      ev.label ? el("div", {}, ev.label) : null,
      el("div", { class: "muted" }, [ev.place ? "at " + ev.place : "", who].filter(Boolean).join(" · ")));
    (ev.quotes || []).forEach(function (q) { item.appendChild(el("blockquote", {}, "“" + q + "”")); });
    item.appendChild(el("div", { class: "muted" }, "Source: ", link(release.url || ev.release, release.title || ev.release),
      release.issued ? " (" + release.issued + ")" : ""));
    return item;
  }

  /* Only the events inside the year range (and undated ones when ticked) are listed. */
  function inRange(id) {
    var ev = data.events[id];
    if (!ev || !years.length) return !!ev;
    if (!ev.date) return undatedEl.checked;
    var y = ev.date.slice(0, 4);
    return y >= years[+fromEl.value] && y <= years[+toEl.value];
  }

  function eventList(all) {
    var ids = all.filter(inRange);
    var sorted = ids.slice().sort(function (a, b) {
      var da = (data.events[a] || {}).date || "9999", db = (data.events[b] || {}).date || "9999";
      return da < db ? -1 : da > db ? 1 : 0;
    });
    var list = el("ol", {});
    sorted.slice(0, 200).forEach(function (id) { var item = eventItem(id); if (item) list.appendChild(item); });
    var box = el("div", {}, el("h3", {}, "Events (" + ids.length + ")"), list);
    if (ids.length > 200) box.appendChild(el("p", { class: "muted" }, "Showing the first 200."));
    return box;
  }

  function facts(pairs) {
    var dl = el("dl", {});
    pairs.forEach(function (p) { if (p[1] !== undefined && p[1] !== null && p[1] !== "") { dl.appendChild(el("dt", {}, p[0])); dl.appendChild(el("dd", {}, p[1])); } });
    return dl;
  }

  function openPanel(children) {
    panel.textContent = "";
    var close = el("button", { class: "close", type: "button", "aria-label": "Close" }, "×");
    close.addEventListener("click", hidePanel);
    panel.appendChild(close);
    children.forEach(function (c) { if (c) panel.appendChild(c); });
    panel.hidden = false;
    cy.resize();
  }

  function hidePanel() {
    panel.hidden = true;
    cy.resize();
    cy.elements().removeClass("faded");
  }

  function showNode(node) {
    var d = node.data();
    var ids = [];
    node.connectedEdges().forEach(function (e) { (e.data("events") || []).forEach(function (id) { if (ids.indexOf(id) < 0) ids.push(id); }); });
    var meta = [d.type, d.represents || "", d.country && d.represents ? "(" + d.country + ")" : (d.country || "")].filter(Boolean).join(" · ");
    openPanel([
      el("h2", {}, d.label),
      el("p", { class: "meta" }, meta),
      facts([
        ["Posts", (d.posts || []).join("; ")],
        ["Wikidata", d.wikidata ? link("https://www.wikidata.org/wiki/" + d.wikidata, d.wikidata) : ""],
        ["Ties", String(d.degree) + " (weight " + d.strength + ")"],
        ["IRI", d.iri]
      ]),
      eventList(ids)
    ]);
    cy.elements().addClass("faded");
    node.closedNeighborhood().removeClass("faded");
  }

  function showEdge(edge) {
    var d = edge.data();
    var a = edge.source().data("label"), b = edge.target().data("label");
    openPanel([
      el("h2", {}, a + " — " + b),
      el("p", { class: "meta" }, d.relation || ""),
      facts([
        ["Weight", String(d.weight)],
        ["Meetings", d.meeting_count !== undefined ? String(d.meeting_count) : ""],
        ["Statements", d.statement_count !== undefined ? String(d.statement_count) : ""],
        ["First", d.first],
        ["Last", d.last]
      ]),
      eventList(d.events || [])
    ]);
    cy.elements().addClass("faded");
    edge.connectedNodes().union(edge).removeClass("faded");
  }

  cy.on("tap", "node", function (evt) { showNode(evt.target); });
  cy.on("tap", "edge", function (evt) { showEdge(evt.target); });
  cy.on("tap", function (evt) { if (evt.target === cy) { cy.elements().unselect(); hidePanel(); } });

  /* Search */
  var names = document.getElementById("names");
  data.nodes.map(function (n) { return n.label; }).sort().forEach(function (label) { names.appendChild(el("option", { value: label })); });
  function runSearch(pick) {
    var term = search.value.trim().toLowerCase();
    cy.nodes().removeClass("match");
    if (!term) return;
    var matches = cy.nodes().not(".hidden").filter(function (n) { return n.data("label").toLowerCase().indexOf(term) >= 0; });
    matches.addClass("match");
    if (matches.length && matches.length <= 50) cy.animate({ fit: { eles: matches, padding: 80 }, duration: 250 });
    if (pick && matches.length) { cy.elements().unselect(); matches[0].select(); showNode(matches[0]); }
  }
  search.addEventListener("input", function () { runSearch(false); });
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") runSearch(true); });

  document.getElementById("reset").addEventListener("click", function () {
    search.value = "";
    cy.nodes().removeClass("match");
    cy.elements().unselect();
    if (years.length) { fromEl.value = 0; toEl.value = years.length - 1; undatedEl.checked = true; applyRange(); }
    hidePanel();
    cy.fit(undefined, 30);
  });

  var legend = document.getElementById("legend");
  Object.keys(data.colours).forEach(function (type) {
    if (data.nodes.some(function (n) { return n.type === type; })) {
      legend.appendChild(el("span", { style: "--c:" + data.colours[type] }, type));
    }
  });

  if (years.length) applyRange(); else describeCount();
  window.kgExplorer = { cy: cy, data: data, showNode: showNode, showEdge: showEdge, applyRange: applyRange, ready: true };
})();
