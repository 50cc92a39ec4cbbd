"use strict";
(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const options = {{ options_json | safe }};
  // Tooltips are drawn here, from vis-network's hover events (not its own title popups), so
  // the link a tooltip describes is the link the hover highlights and a click opens.
  const nodes = new vis.DataSet(data.nodes.map(n => Object.assign({}, n, {tooltip: n.title, title: undefined})));
  const edges = new vis.DataSet(data.edges.map(e => Object.assign({}, e, {tooltip: e.title, title: undefined})));
  const state = {groups: new Set(data.filters.groups), country: "", relation: "", source: "", year: "", opened: new Set()};
  // Filters: a kind, a country (for every node that has one), a relation, a source. Nodes a
  // filter leaves without any link are hidden too, so a filtered map shows what it says.
  const isOpen = item => !item.openedFrom || state.opened.has(item.openedFrom);
  const nodePasses = n => isOpen(n) && state.groups.has(n.group) && (!state.country || !n.country_name || n.country_name === state.country);
  const edgePasses = e => isOpen(e) && (!state.relation || e.relations.includes(state.relation)) && (!state.source || e.sources.includes(state.source))
    && (!state.year || (e.years || []).includes(state.year));
  let linked = null;
  function computeLinked() {
    if (!state.country && !state.relation && !state.source && !state.year && state.groups.size === data.filters.groups.length) { linked = null; return; }
    const passing = new Set(nodes.get({filter: nodePasses}).map(n => n.id));
    linked = new Set();
    for (const e of edges.get({filter: edgePasses})) {
      if (passing.has(e.from) && passing.has(e.to)) { linked.add(e.from); linked.add(e.to); }
    }
    for (const n of nodes.get({filter: n => n.country_name && n.country_name === state.country && nodePasses(n)})) linked.add(n.id);
  }
  const nodeView = new vis.DataView(nodes, {filter: n => nodePasses(n) && (linked === null || linked.has(n.id))});
  const edgeView = new vis.DataView(edges, {filter: edgePasses});
  const container = document.getElementById("map");
  const network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, options);
  const api = {network: network, nodes: nodes, edges: edges, ready: false, settledAt: null};
  window.collabgraph = api;
  // Readable labels: at every zoom, labels are drawn at least READABLE pixels high, and a
  // label that would overlap a more important one (a bigger node) is left out; hovering a
  // node still shows its name, and zooming in brings the left-out labels back.
  const READABLE = 12, BASE_FONT = 14;
  const shortLabels = new Map(data.nodes.map(n => [n.id, n.label]));
  const styles = new Map(data.nodes.map(n => [n.id, {color: n.color, shape: n.shape, size: n.size, borderWidth: n.borderWidth}]));
  const measure = document.createElement("canvas").getContext("2d");
  api.labelBoxes = {};
  api.declutter = function () {
    const fontSize = Math.max(BASE_FONT, READABLE / network.getScale());
    measure.font = `${fontSize}px system-ui, sans-serif`;
    const shown = nodeView.get().sort((a, b) => b.size - a.size || a.fullLabel.localeCompare(b.fullLabel));
    const positions = network.getPositions(shown.map(n => n.id));
    const boxes = [], updates = [];
    api.labelBoxes = {};
    for (const n of shown) {
      const text = shortLabels.get(n.id) || "", p = positions[n.id];
      const width = measure.measureText(text).width + 8, height = fontSize * 1.3;
      const top = n.shape === "box" ? p.y - height / 2 : p.y + n.size + 2;
      const box = {left: p.x - width / 2, right: p.x + width / 2, top: top, bottom: top + height};
      const free = !boxes.some(o => box.left < o.right && box.right > o.left && box.top < o.bottom && box.bottom > o.top);
      if (free) { boxes.push(box); api.labelBoxes[n.id] = box; }
      // vis-network forgets a node's own colour when its font changes: give it back each time
      updates.push(Object.assign({id: n.id, label: free ? text : " ", font: {size: fontSize}}, styles.get(n.id)));
    }
    nodes.update(updates);
  };
  let pending = null;
  network.on("zoom", () => { clearTimeout(pending); pending = setTimeout(api.declutter, 120); });
  network.once("afterDrawing", () => {  // positions come with the data: nothing to settle
    network.fit({animation: false});
    api.declutter();
    api.ready = true;
    api.settledAt = performance.now();
  });

  const panel = document.getElementById("panel");
  const el = (tag, text) => { const node = document.createElement(tag); if (text !== undefined) node.textContent = text; return node; };
  function row(list, name, value) {
    if (value === null || value === undefined || value === "") return;
    list.append(el("dt", name), el("dd", Array.isArray(value) ? value.join(", ") : String(value)));
  }
  api.showNode = function (id) {
    const node = nodes.get(id);
    if (!node) return;
    panel.replaceChildren(el("h2", "Entity"), el("h3", node.fullLabel));
    const list = el("dl");
    row(list, "Kind", node.details.type || node.group);
    row(list, "Country", node.details.country_name);
    row(list, "City or region", node.details.places);
    row(list, "Also called", node.details.aliases);
    row(list, "Identifier", node.details.iri);
    if (node.details.member_labels) {
      const openable = nodes.get({filter: n => n.openedFrom === id}).length;
      if (openable) {
        const open = el("button", state.opened.has(id) ? "Fold them again" : `Show the ${openable} most connected one by one`);
        open.type = "button";
        open.id = "open-group";
        open.addEventListener("click", () => {
          state.opened.has(id) ? state.opened.delete(id) : state.opened.add(id);
          refresh();
          api.showNode(id);
        });
        panel.append(list, open);
      }
      panel.append(list, el("h2", "In this group"));
      const members = el("ul");
      members.id = "group-members";
      for (const name of node.details.member_labels) members.append(el("li", name));
      panel.append(members);
      return;
    }
    panel.append(list);
  };
  api.showEdge = function (id) {
    const edge = edges.get(id);
    if (!edge) return;
    panel.replaceChildren(el("h2", "Link"), el("h3", `${nodes.get(edge.from).fullLabel} → ${nodes.get(edge.to).fullLabel}`));
    for (const fact of edge.facts) {
      const list = el("dl");
      row(list, "Relation", fact.relation_label || fact.relation);
      row(list, "Role", fact.role_label || fact.role);
      row(list, "Date", fact.date || fact.start);
      row(list, "Until", fact.end);
      row(list, "Amount", fact.amount ? (fact.currency === "EUR" ? `€ ${Number(fact.amount).toLocaleString("en")}` : `${Number(fact.amount).toLocaleString("en")} ${fact.currency || ""}`) : "");
      row(list, "Source", fact.reference_data ? `the reference list “${fact.source_title.replace(/^Reference data: /, "")}”` : fact.source_title);
      row(list, "Address", fact.source_url);
      if (fact.reference_data) row(list, "The list's source", fact.source_cited);
      panel.append(list);
      if (!fact.reference_data) panel.append(el("blockquote", fact.evidence));
    }
  };
  // In a dense fan several links lie under the pointer; the one whose tooltip is showing is
  // the one a click opens, so what one reads on hover and on click always agree.
  let hoveredEdge = null;
  const tip = document.createElement("div");
  tip.className = "vis-tooltip";
  tip.hidden = true;
  document.getElementById("map-area").append(tip);
  function showTip(text, pointer) {
    tip.textContent = text || "";
    tip.style.left = `${pointer.x + 14}px`;
    tip.style.top = `${pointer.y + 14}px`;
    tip.hidden = false;
  }
  network.on("hoverNode", params => { hoveredEdge = null; showTip(nodes.get(params.node).tooltip, params.pointer.DOM); });
  network.on("hoverEdge", params => { hoveredEdge = params.edge; showTip(edges.get(params.edge).tooltip, params.pointer.DOM); });
  network.on("blurNode", () => { tip.hidden = true; });
  network.on("blurEdge", () => { hoveredEdge = null; tip.hidden = true; });
  network.on("dragStart", () => { tip.hidden = true; });
  network.on("click", params => {
    if (params.nodes.length) api.showNode(params.nodes[0]);
    else if (hoveredEdge !== null && edges.get(hoveredEdge)) {
      network.selectEdges([hoveredEdge]);
      api.showEdge(hoveredEdge);
    } else if (params.edges.length) api.showEdge(params.edges[0]);
  });

  const names = document.getElementById("names");
  for (const node of data.nodes) names.append(Object.assign(document.createElement("option"), {value: node.fullLabel}));
  const search = document.getElementById("search");
  const status = document.getElementById("search-status");
  const matchList = document.getElementById("matches");
  // Ranked: the exact label, then an alias, then the start of a label, then anywhere in it;
  // shorter labels first within a rank.
  api.rank = function (text) {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return [];
    const rankOf = n => {
      const label = n.fullLabel.toLowerCase();
      if (label === wanted) return 0;
      if ((n.details.aliases || []).some(a => a.toLowerCase() === wanted)) return 1;
      if (label.startsWith(wanted)) return 2;
      if (label.includes(wanted) || (n.details.aliases || []).some(a => a.toLowerCase().includes(wanted))) return 3;
      return null;
    };
    const inGroup = n => (n.details.member_labels || []).some(m => m.toLowerCase().includes(wanted)) ? 4 : null;
    return nodes.get().map(n => [rankOf(n) ?? inGroup(n), n]).filter(([r]) => r !== null)
      .sort((a, b) => a[0] - b[0] || a[1].fullLabel.length - b[1].fullLabel.length || a[1].fullLabel.localeCompare(b[1].fullLabel))
      .map(([, n]) => n);
  };
  api.select = function (id) {
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: false});
    api.declutter();
    api.showNode(id);
    return id;
  };
  api.find = function (text) {
    const found = api.rank(text);
    matchList.replaceChildren();
    if (!found.length) {
      status.textContent = `No entity called “${text}” on this map.`;
      network.unselectAll();
      panel.replaceChildren(el("p", "Click a node or a link to see where it comes from."));
      return null;
    }
    const folded = !found[0].fullLabel.toLowerCase().includes(text.trim().toLowerCase()) && found[0].details.member_labels;
    status.textContent = folded ? `“${text}” is in the grey group “${found[0].fullLabel}”:` : found.length > 1 ? `${found.length} matches; the best is shown:` : "";
    if (found.length > 1) {
      for (const n of found.slice(0, 8)) {
        const button = el("button", n.fullLabel);
        button.type = "button";
        button.addEventListener("click", () => api.select(n.id));
        matchList.append(el("li"));
        matchList.lastChild.append(button);
      }
    }
    return api.select(found[0].id);
  };
  // vis-network reports only wheel and pinch zooms; the buttons and search redo the labels too
  const zoomTo = change => { change(); api.declutter(); };
  document.getElementById("zoom-in").addEventListener("click", () => zoomTo(() => network.moveTo({scale: network.getScale() * 1.4})));
  document.getElementById("zoom-out").addEventListener("click", () => zoomTo(() => network.moveTo({scale: network.getScale() / 1.4})));
  document.getElementById("zoom-fit").addEventListener("click", () => zoomTo(() => network.fit({animation: false})));
  // The current view as a picture for slides: the map with the title above and the legend below.
  api.picture = function () {
    const map = container.querySelector("canvas");
    const legend = [...document.querySelectorAll("#kinds label, #links div")].map(item => {
      const swatch = item.querySelector(".swatch");
      return [swatch ? getComputedStyle(swatch).backgroundColor : "", item.textContent.trim()];
    });
    const ratio = map.width / map.clientWidth;
    const head = 70 * ratio, line = 20 * ratio, foot = (Math.ceil(legend.length / 3) * 20 + 20) * ratio;
    const out = document.createElement("canvas");
    out.width = map.width; out.height = map.height + head + foot;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = "#1f3a5f"; ctx.fillRect(0, 0, out.width, head);
    ctx.fillStyle = "#ffffff"; ctx.font = `bold ${18 * ratio}px system-ui, sans-serif`;
    ctx.fillText(document.getElementById("title").textContent, 16 * ratio, 30 * ratio);
    ctx.font = `${12 * ratio}px system-ui, sans-serif`;
    ctx.fillText(data.explanation || document.getElementById("explanation").firstChild.textContent.trim(), 16 * ratio, 52 * ratio);
    ctx.drawImage(map, 0, head);
    ctx.font = `${12 * ratio}px system-ui, sans-serif`;
    legend.forEach(([colour, text], i) => {
      const x = (16 + (i % 3) * 300) * ratio, y = map.height + head + (20 + Math.floor(i / 3) * 20) * ratio;
      if (colour) { ctx.fillStyle = colour; ctx.fillRect(x, y - 10 * ratio, 12 * ratio, 12 * ratio); }
      ctx.fillStyle = "#1d2733"; ctx.fillText(text, x + 18 * ratio, y);
    });
    return out.toDataURL("image/png");
  };
  document.getElementById("save-png").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = api.picture();
    link.download = (document.getElementById("title").textContent.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "map") + ".png";
    document.body.append(link); link.click(); link.remove();
  });
  search.addEventListener("keydown", event => { if (event.key === "Enter") api.find(search.value); });
  search.addEventListener("change", () => api.find(search.value));

  function fill(select, values) { for (const value of values) select.append(Object.assign(document.createElement("option"), {value: value, textContent: value})); }
  fill(document.getElementById("country"), data.filters.countries);
  fill(document.getElementById("relation"), data.filters.relations);
  fill(document.getElementById("source"), data.filters.sources);
  fill(document.getElementById("year"), data.filters.years);
  document.getElementById("year-filter").hidden = !data.filters.years.length;
  const refresh = () => { computeLinked(); nodeView.refresh(); edgeView.refresh(); api.declutter(); };
  for (const box of document.querySelectorAll("#kinds input")) {
    box.addEventListener("change", () => { box.checked ? state.groups.add(box.dataset.group) : state.groups.delete(box.dataset.group); refresh(); });
  }
  for (const name of ["country", "relation", "source", "year"]) {
    document.getElementById(name).addEventListener("change", event => { state[name] = event.target.value; refresh(); });
  }
})();
