"use strict";
(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const worldElement = document.getElementById("world-data");
  const world = window.collabgraphWorld || (worldElement ? JSON.parse(worldElement.textContent) : null);
  const options = {{ options_json | safe }};
  const facts = data.facts;
  // Tooltips are drawn here, from vis-network's hover events (not its own title popups), so
  // the link a tooltip describes is the link the hover highlights and a click opens.
  const nodes = new vis.DataSet(data.nodes.map(n => Object.assign({}, n, {tooltip: n.title, title: undefined})));
  const edges = new vis.DataSet(data.edges.map(e => Object.assign({}, e, {tooltip: e.title, title: undefined})));
  const state = {groups: new Set(data.filters.groups), country: "", relation: "", source: "", year: "", opened: new Set()};
  // Filters: a kind, a country (for every node that has one), a relation, a source, a year.
  // Nodes a filter leaves without any link are hidden too, so a filtered map shows what it says.
  const isOpen = item => !item.openedFrom || state.opened.has(item.openedFrom);
  const nodePasses = n => n.heading || (isOpen(n) && state.groups.has(n.group) && (!state.country || !n.country_name || n.country_name === state.country));
  const edgeSources = e => e.sources || [];
  const edgePasses = e => isOpen(e) && (!state.relation || e.relations.includes(state.relation)) && (!state.source || edgeSources(e).includes(state.source))
    && (!state.year || (e.years || []).includes(state.year));
  let linked = null;
  function computeLinked() {
    if (!state.country && !state.relation && !state.source && !state.year && state.groups.size === data.filters.groups.length) { linked = null; return; }
    const passing = new Set(nodes.get({filter: nodePasses}).map(n => n.id));
    linked = new Set(nodes.get({filter: n => n.heading}).map(n => n.id));
    for (const e of edges.get({filter: edgePasses})) {
      if (passing.has(e.from) && passing.has(e.to)) { linked.add(e.from); linked.add(e.to); }
    }
    for (const n of nodes.get({filter: n => n.country_name && n.country_name === state.country && nodePasses(n)})) linked.add(n.id);
  }
  const nodeView = new vis.DataView(nodes, {filter: n => nodePasses(n) && (linked === null || linked.has(n.id))});
  const edgeView = new vis.DataView(edges, {filter: edgePasses});
  const container = document.getElementById("map");
  const network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, options);
  const api = {network: network, nodes: nodes, edges: edges, data: data, ready: false, settledAt: null, labelBoxes: {}};
  window.collabgraph = api;
  const el = (tag, text) => { const node = document.createElement(tag); if (text !== undefined) node.textContent = text; return node; };

  // Labels: always LABEL_PX high on screen, whatever the zoom; placed in order of importance
  // (the entity the page is about, networks, partner institutions, countries, then the rest;
  // within a kind the bigger first), and left out when they would overlap a label already
  // placed, leave the map or run under the buttons. Zooming in makes room, so left-out labels
  // come back; hovering a node shows its name.
  const LABEL_PX = 13, PAD = 3, VPAD = 1;
  const shortLabels = new Map(data.nodes.map(n => [n.id, n.label]));
  const styles = new Map(data.nodes.map(n => [n.id, {color: n.color, shape: n.shape, size: n.size, borderWidth: n.borderWidth}]));
  const measure = document.createElement("canvas").getContext("2d");
  const byImportance = (a, b) => a.tier - b.tier || b.size - a.size || a.fullLabel.localeCompare(b.fullLabel) || String(a.id).localeCompare(String(b.id));
  const fontOf = n => n.heading ? {px: 17, weight: "bold "} : {px: LABEL_PX, weight: ""};
  function labelWidth(n) {
    const font = fontOf(n);
    measure.font = `${font.weight}${font.px}px system-ui, sans-serif`;
    return measure.measureText(shortLabels.get(n.id) || "").width + 2 * PAD;
  }
  function blockedArea() {
    const zoom = document.getElementById("zoom").getBoundingClientRect(), map = container.getBoundingClientRect();
    return {left: zoom.left - map.left - 4, right: zoom.right - map.left + 4, top: zoom.top - map.top - 4, bottom: zoom.bottom - map.top + 4};
  }
  const overlaps = (a, b) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
  function labelBox(n, p, scale) {
    const font = fontOf(n), width = labelWidth(n), height = font.px * 1.25 + 2 * VPAD;
    const inside = n.shape === "box" || n.shape === "text";
    const top = inside ? p.y - height / 2 : p.y + n.size * scale + 1;
    return {left: p.x - width / 2, right: p.x + width / 2, top: top, bottom: top + height};
  }
  api.declutter = function () {
    const scale = network.getScale(), width = container.clientWidth, height = container.clientHeight;
    const shown = nodeView.get().sort(byImportance);
    const positions = network.getPositions(shown.map(n => n.id));
    const placed = [blockedArea()], updates = [];
    for (const n of shown) {  // no label over the entity the page is about
      if (n.tier > 0 || n.heading) continue;
      const p = network.canvasToDOM(positions[n.id]), r = n.size * scale;
      placed.push({left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r});
    }
    api.labelBoxes = {};
    for (const n of shown) {
      const text = shortLabels.get(n.id) || "", p = network.canvasToDOM(positions[n.id]);
      const box = labelBox(n, p, scale);
      const onMap = box.left >= 0 && box.right <= width && box.top >= 0 && box.bottom <= height;
      const free = text.trim() !== "" && onMap && !placed.some(o => overlaps(box, o));
      if (free) { placed.push(box); api.labelBoxes[n.id] = box; }
      const font = fontOf(n);
      // vis-network forgets a node's own colour when its font changes: give it back each time
      updates.push(Object.assign({id: n.id, label: free ? text : " ", font: {size: font.px / scale, bold: n.heading ? {size: font.px / scale} : undefined}}, n.heading ? {} : styles.get(n.id)));
    }
    nodes.update(updates);
  };

  // The whole map in view with room for the labels: the largest zoom (at most MAX_FIT) at
  // which every node and the labels that matter most (the top three tiers) fit inside, clear
  // of the buttons; all labels when that costs little zoom.
  const MAX_FIT = 1.5;
  function fitScale(items, width, height) {
    const extent = s => {
      let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
      for (const {p, n, w, h} of items) {
        const r = n.size * s;
        left = Math.min(left, p.x * s - Math.max(r, w / 2)); right = Math.max(right, p.x * s + Math.max(r, w / 2));
        top = Math.min(top, p.y * s - r); bottom = Math.max(bottom, p.y * s + r + h);
      }
      return {left, right, top, bottom};
    };
    let low = 0.002, high = MAX_FIT;
    const fits = s => { const e = extent(s); return e.right - e.left <= width && e.bottom - e.top <= height; };
    if (fits(high)) low = high;
    else for (let i = 0; i < 40; i++) { const mid = (low + high) / 2; if (fits(mid)) low = mid; else high = mid; }
    return {scale: low, extent: extent(low)};
  }
  api.fit = function () {
    const shown = nodeView.get();
    if (!shown.length) return;
    const margin = 12;
    const reserve = container.getBoundingClientRect().bottom - document.getElementById("zoom").getBoundingClientRect().top + 6;
    const width = container.clientWidth - 2 * margin, height = container.clientHeight - 2 * margin - reserve;
    const positions = network.getPositions(shown.map(n => n.id));
    const items = withLabels => shown.map(n => {
      const labelled = withLabels(n) && (shortLabels.get(n.id) || "").trim();
      return {p: positions[n.id], n: n, w: labelled ? labelWidth(n) : 0, h: labelled ? LABEL_PX * 1.25 + 2 * VPAD + 1 : 0};
    });
    const important = fitScale(items(n => n.tier <= 2), width, height);
    const everything = fitScale(items(() => true), width, height);
    const {scale, extent} = everything.scale >= 0.75 * important.scale ? everything : important;
    const centre = {x: (extent.left + extent.right) / 2 / scale, y: (extent.top + extent.bottom + reserve) / 2 / scale};
    network.moveTo({position: centre, scale: scale, animation: false});
    api.declutter();
  };
  let pending = null;
  network.on("zoom", () => { clearTimeout(pending); pending = setTimeout(api.declutter, 120); });
  network.on("dragEnd", () => { clearTimeout(pending); pending = setTimeout(api.declutter, 60); });
  network.once("afterDrawing", () => {  // positions come with the data: nothing to settle
    api.fit();
    api.ready = true;
    api.settledAt = performance.now();
    if (location.hash.startsWith("#export=")) exportPicture(location.hash.slice(8));
  });
  new ResizeObserver(() => { if (api.ready) api.fit(); }).observe(container);

  // The panel: what a node, a link or a country stands for, with the facts and sentences.
  const panel = document.getElementById("panel");
  function row(list, name, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    list.append(el("dt", name), el("dd", Array.isArray(value) ? value.join(", ") : String(value)));
  }
  const money = fact => fact.amount ? (fact.currency === "EUR" || !fact.currency ? `€ ${Number(fact.amount).toLocaleString("en")}` : `${Number(fact.amount).toLocaleString("en")} ${fact.currency}`) : "";
  const sourceText = fact => fact.reference_data ? `the reference list “${String(fact.source_title || "").replace(/^Reference data: /, "")}”` : fact.source_title;
  function factBlock(id, brief) {
    const fact = facts[id], box = el("div");
    box.className = "fact";
    const list = el("dl");
    row(list, "Fact", `${fact.subject} ${fact.relation_label || fact.relation} ${fact.object}`);
    if (!brief) {
      row(list, "Role", fact.role_label || fact.role);
      row(list, "Date", fact.date || fact.start);
      row(list, "Until", fact.end);
      row(list, "Amount", money(fact));
    }
    row(list, "Source", sourceText(fact));
    if (!brief) row(list, "Address", fact.source_url);
    if (fact.reference_data && !brief) row(list, "The list's source", fact.source_cited);
    box.append(list);
    if (fact.evidence && !fact.reference_data) box.append(el("blockquote", fact.evidence));
    else if (fact.evidence && fact.reference_data) box.append(el("blockquote", `Record: ${fact.evidence}`));
    return box;
  }
  function button(text, action) {
    const b = el("button", text);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }
  function focusPanel() { panel.focus({preventScroll: true}); }
  const nameOf = id => { const n = nodes.get(id); return n ? n.fullLabel : String(id); };
  api.showNode = function (id) {
    const node = nodes.get(id);
    if (!node || node.heading) return;
    panel.replaceChildren(el("h2", node.group === "folded" ? "Group" : "Entity"), el("h3", node.fullLabel));
    const list = el("dl");
    row(list, "Kind", node.details.type || node.group);
    row(list, "Registered name", node.details.legal_name);
    row(list, "Country", node.details.country_name);
    row(list, "City or region", node.details.places);
    row(list, "Also called", node.details.aliases);
    row(list, "Identifier", node.details.iri);
    panel.append(list);
    if (node.details.member_labels) {
      const openable = nodes.get({filter: n => n.openedFrom === id}).length;
      if (openable) {
        const open = button(state.opened.has(id) ? "Fold them again" : `Show the ${openable} most connected one by one`, () => {
          state.opened.has(id) ? state.opened.delete(id) : state.opened.add(id);
          refresh();
          api.showNode(id);
        });
        open.id = "open-group";
        panel.append(open);
      }
      panel.append(el("h2", `In this group (${node.details.members.toLocaleString("en")})`));
      const members = el("ul");
      members.id = "group-members";
      for (const name of node.details.member_labels) members.append(el("li", name));
      panel.append(members);
    }
    const links = edgeView.get({filter: e => e.from === id || e.to === id});
    if (links.length) {
      panel.append(el("h2", `Links (${links.length})`));
      const ul = el("ul");
      ul.className = "linklist";
      ul.id = "node-links";
      links.sort((a, b) => (b.factCount || 0) - (a.factCount || 0) || nameOf(a.from === id ? a.to : a.from).localeCompare(nameOf(b.from === id ? b.to : b.from)));
      for (const e of links) {
        const other = e.from === id ? e.to : e.from;
        const li = el("li");
        li.append(button(`${nameOf(other)}: ${e.summary ? e.summary.split(": ").slice(1).join(": ") : e.relations.join(", ")}`, () => { network.selectEdges([e.id]); api.showEdge(e.id); focusPanel(); }));
        const first = (e.facts || [])[0] || ((e.shared || [])[0] || {}).theirs?.[0];
        if (first && facts[first] && facts[first].evidence && !facts[first].reference_data) li.append(Object.assign(el("div", `“${facts[first].evidence}”`), {className: "said"}));
        ul.append(li);
      }
      panel.append(ul);
    }
  };
  api.showEdge = function (id) {
    const edge = edges.get(id);
    if (!edge) return;
    panel.replaceChildren(el("h2", "Link"), el("h3", `${nameOf(edge.from)} → ${nameOf(edge.to)}`));
    if (edge.summary) panel.append(el("p", edge.summary));
    for (const fact of edge.facts || []) panel.append(factBlock(fact, false));
    if (edge.factCount > (edge.facts || []).length && !edge.shared) panel.append(el("p", `… and ${(edge.factCount - edge.facts.length).toLocaleString("en")} more facts.`));
    if (edge.shared && edge.shared.length) {
      panel.append(el("h2", `Shared (${edge.shared.length.toLocaleString("en")})`));
      const drawable = edge.shared.slice(0, OPEN_SHARED);
      const open = button(state.opened.has(edge.id) ? "Take them off the map" : `Draw ${drawable.length === edge.shared.length ? "them" : `the first ${drawable.length}`} on the map`, () => { toggleShared(edge); api.showEdge(edge.id); });
      open.id = "open-shared";
      panel.append(open);
      const ul = el("ul");
      ul.className = "linklist";
      ul.id = "shared-list";
      for (const item of edge.shared) {
        const li = el("li");
        li.append(el("strong", item.label), el("span", ` · ${item.kind}${item.money ? ` · ${item.money}` : ""}`));
        for (const fact of [...(item.ours || []), ...(item.theirs || [])]) li.append(factBlock(fact, true));
        ul.append(li);
      }
      panel.append(ul);
    }
  };

  // A partner's link draws the initiatives it stands for on demand, around the link's middle.
  const OPEN_SHARED = 30;
  function toggleShared(edge) {
    if (state.opened.has(edge.id)) {
      state.opened.delete(edge.id);
      nodes.remove(nodes.getIds({filter: n => n.openedFrom === edge.id}));
      edges.remove(edges.getIds({filter: e => e.openedFrom === edge.id}));
      refresh();
      return;
    }
    state.opened.add(edge.id);
    const ends = network.getPositions([edge.from, edge.to]);
    const middle = {x: (ends[edge.from].x + ends[edge.to].x) / 2, y: (ends[edge.from].y + ends[edge.to].y) / 2};
    const items = edge.shared.slice(0, OPEN_SHARED), added = [], links = [];
    items.forEach((item, i) => {
      const ring = 1 + Math.floor(i / 10), angle = 2 * Math.PI * (i % 10) / Math.min(10, items.length - (ring - 1) * 10) + ring * 0.4;
      const id = `open:${edge.id}:${item.node}`;
      added.push({id: id, label: item.label.length > 40 ? item.label.slice(0, 39) + "…" : item.label, fullLabel: item.label, group: "initiative", shape: "square", color: "#3a9d5d", size: 10, tier: 5,
        x: middle.x + 70 * ring * Math.cos(angle), y: middle.y + 70 * ring * Math.sin(angle), openedFrom: edge.id, tooltip: `${item.label}\n${item.kind}${item.money ? ` · ${item.money}` : ""}`, details: {type: item.kind}});
      shortLabels.set(id, added[added.length - 1].label);
      styles.set(id, {color: "#3a9d5d", shape: "square", size: 10});
      for (const [end, ids] of [[edge.from, item.ours || []], [edge.to, item.theirs || []]]) {
        if (!ids.length) continue;
        links.push({id: `${id}:${end}`, from: end, to: id, facts: ids, factCount: ids.length, relations: [...new Set(ids.map(f => facts[f].relation_label || facts[f].relation))], sources: [...new Set(ids.map(f => facts[f].source_title))], years: [],
          color: {color: "#3a9d5d", highlight: "#3a9d5d", hover: "#3a9d5d", opacity: 0.6}, width: 1, openedFrom: edge.id, tooltip: ids.map(f => `${facts[f].subject} ${facts[f].relation_label || facts[f].relation} ${facts[f].object}`).join("\n")});
      }
    });
    nodes.add(added);
    edges.add(links);
    refresh();
  }

  // The world map: the countries the page's facts reach, shaded by how many entities link to
  // each; a country opens its list, each entry with the facts behind it.
  const worldPane = document.getElementById("world-pane");
  const SHADES = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  const CLASSES = [[1, 1], [2, 3], [4, 9], [10, 29], [30, Infinity]];
  const shadeOf = count => SHADES[CLASSES.findIndex(([low, high]) => count >= low && count <= high)];
  const reached = new Map(data.countries.map(c => [c.code, c]));
  const SVG = "http://www.w3.org/2000/svg";
  const svgEl = (tag, attributes) => { const node = document.createElementNS(SVG, tag); for (const [k, v] of Object.entries(attributes || {})) node.setAttribute(k, v); return node; };
  api.showCountry = function (code) {
    const country = reached.get(code);
    if (!country) return;
    panel.replaceChildren(el("h2", "Country"), el("h3", country.name));
    panel.append(el("p", `${country.count.toLocaleString("en")} ${country.count === 1 ? "entity links" : "entities link"} this page to ${country.name}:`));
    const ul = el("ul");
    ul.className = "linklist";
    ul.id = "country-items";
    for (const item of country.items) {
      const li = el("li");
      const drawn = nodes.get(item.node);
      li.append(drawn ? button(`${item.label} (${item.how.join(", ")})`, () => { api.select(item.node); focusPanel(); }) : el("strong", `${item.label} (${item.how.join(", ")})`));
      for (const fact of item.facts) li.append(factBlock(fact, true));
      ul.append(li);
    }
    panel.append(ul);
    if (country.count > country.items.length) panel.append(el("p", `… and ${(country.count - country.items.length).toLocaleString("en")} more.`));
  };
  function viewBoxFor(box) {
    const pane = document.getElementById("world");
    const aspect = Math.max(0.2, (pane.clientWidth || 800) / Math.max(1, pane.clientHeight || 300));
    let [x0, y0, x1, y1] = box;
    const padX = (x1 - x0) * 0.08 + 6, padY = (y1 - y0) * 0.08 + 6;
    x0 -= padX; x1 += padX; y0 -= padY; y1 += padY;
    let w = Math.max(x1 - x0, 120), h = Math.max(y1 - y0, 60);
    if (w / h < aspect) w = h * aspect; else h = w / aspect;
    w = Math.min(w, world.width); h = Math.min(h, world.height * 1.05);
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const left = Math.min(Math.max(cx - w / 2, 0), world.width - w), top = Math.min(Math.max(cy - h / 2, -world.height * 0.025), world.height - h);
    return [left, top, w, h];
  }
  api.drawWorld = function () {
    const pane = document.getElementById("world");
    if (!world || !reached.size) return;
    const shapes = new Map(world.countries.map(c => [c.code, c]));
    const boxes = [...reached.keys()].map(code => shapes.get(code)).filter(Boolean).map(c => c.box);
    const box = boxes.length ? [Math.min(...boxes.map(b => b[0])), Math.min(...boxes.map(b => b[1])), Math.max(...boxes.map(b => b[2])), Math.max(...boxes.map(b => b[3]))] : [0, 0, world.width, world.height];
    const viewBox = viewBoxFor(box), unit = viewBox[2] / Math.max(400, pane.clientWidth || 800);
    const svg = svgEl("svg", {viewBox: viewBox.join(" "), role: "group", "aria-label": `World map: ${reached.size} countries`, preserveAspectRatio: "xMidYMid meet"});
    svg.append(svgEl("path", {d: world.sphere, fill: "#f4f8fb", stroke: "#d5dde5", "stroke-width": unit}));
    const dots = [];
    for (const shape of world.countries) {
      const country = reached.get(shape.code);
      const path = svgEl("path", {d: shape.path, class: "land" + (country ? " reached" : ""), fill: country ? shadeOf(country.count) : "#e3e6ea", "data-code": shape.code});
      path.style.strokeWidth = `${0.6 * unit}px`;
      if (country) {
        path.setAttribute("data-count", country.count);
        path.setAttribute("tabindex", "0");
        path.setAttribute("role", "button");
        path.setAttribute("aria-label", `${country.name}: ${country.count}`);
        const title = svgEl("title");
        title.textContent = `${country.name}: ${country.count} (click for the list)`;
        path.append(title);
        path.addEventListener("click", () => api.showCountry(shape.code));
        path.addEventListener("keydown", event => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); api.showCountry(shape.code); focusPanel(); } });
        const [x0, y0, x1, y1] = shape.box;
        if ((x1 - x0) < 4 * unit || (y1 - y0) < 4 * unit) dots.push([shape, country]);
      }
      svg.append(path);
    }
    for (const [shape, country] of dots) {  // too small to see: a dot, which the reader can click
      const dot = svgEl("circle", {cx: shape.point[0], cy: shape.point[1], r: 4 * unit, fill: shadeOf(country.count), stroke: "#08519c", "stroke-width": unit, class: "reached dot", "data-dot": shape.code});
      dot.addEventListener("click", () => api.showCountry(shape.code));
      svg.append(dot);
    }
    pane.replaceChildren(svg);
    // Names of the countries with most links, largest first, none over another.
    const taken = [];
    const byCount = [...reached.values()].filter(c => shapes.has(c.code)).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    for (const country of byCount.slice(0, 14)) {
      const point = shapes.get(country.code).point;
      const text = svgEl("text", {x: point[0], y: point[1], "text-anchor": "middle", "font-size": 12 * unit, "dominant-baseline": "middle"});
      text.style.strokeWidth = `${3 * unit}px`;
      text.textContent = `${country.name} ${country.count}`;
      svg.append(text);
      const b = text.getBBox(), box = {left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height};
      const inside = b.x >= viewBox[0] && b.x + b.width <= viewBox[0] + viewBox[2] && b.y >= viewBox[1] && b.y + b.height <= viewBox[1] + viewBox[3];
      if (!inside || taken.some(o => overlaps(box, o))) text.remove(); else taken.push(box);
    }
    const legend = document.getElementById("world-legend");
    legend.replaceChildren();
    for (const [index, [low, high]] of CLASSES.entries()) {
      if (![...reached.values()].some(c => c.count >= low && c.count <= high)) continue;
      const item = el("span");
      const swatch = el("span");
      swatch.className = "swatch";
      swatch.style.background = SHADES[index];
      item.append(swatch, high === Infinity ? `${low} or more` : low === high ? `${low}` : `${low}–${high}`);
      legend.append(item);
    }
    document.getElementById("world-title").textContent = `Where in the world: ${reached.size} ${reached.size === 1 ? "country" : "countries"}`;
  };
  if (world && reached.size && data.kind !== "comparison") {
    worldPane.hidden = false;
    document.getElementById("map-area").classList.add("with-world");
    new ResizeObserver(() => api.drawWorld()).observe(document.getElementById("world"));
    api.drawWorld();
  }

  // A comparison's table: the same three columns as the map.
  if (data.kind === "comparison") {
    document.getElementById("table-pane").hidden = false;
    document.getElementById("map-area").classList.add("with-table");
    const heads = Object.fromEntries(data.nodes.filter(n => n.heading).map(n => [n.side, n.fullLabel]));
    const columns = document.getElementById("table");
    for (const side of ["first", "both", "second"]) {
      const table = el("table"), caption = el("caption", heads[side] || side);
      table.dataset.side = side;
      const head = el("tr");
      head.append(el("th", "Name"), el("th", "Kind"), el("th", side === "both" ? "How each is linked" : "How"));
      table.append(caption, head);
      for (const item of data.table.filter(r => r.column === side)) {
        const tr = el("tr");
        tr.append(el("td", item.label), el("td", item.kind), el("td", [item.first, item.second].filter(Boolean).join(" | ")));
        table.append(tr);
      }
      columns.append(table);
    }
  }

  // Hover tooltips. In a dense fan several links lie under the pointer; the one whose tooltip
  // is showing is the one a click opens, so what one reads on hover and on click agree.
  let hoveredEdge = null;
  const tip = document.createElement("div");
  tip.className = "vis-tooltip";
  tip.hidden = true;
  document.getElementById("network-pane").append(tip);
  function showTip(text, pointer) {
    tip.textContent = text || "";
    tip.style.left = `${Math.min(pointer.x + 14, container.clientWidth - 300)}px`;
    tip.style.top = `${pointer.y + 14}px`;
    tip.hidden = false;
  }
  network.on("hoverNode", params => { hoveredEdge = null; const n = nodes.get(params.node); if (!n.heading) showTip(n.tooltip, params.pointer.DOM); });
  network.on("hoverEdge", params => { hoveredEdge = params.edge; showTip(edges.get(params.edge).tooltip, params.pointer.DOM); });
  network.on("blurNode", () => { tip.hidden = true; });
  network.on("blurEdge", () => { hoveredEdge = null; tip.hidden = true; });
  network.on("dragStart", () => { tip.hidden = true; });
  network.on("click", params => {
    if (params.nodes.length) { const n = nodes.get(params.nodes[0]); if (n && !n.heading) { current = n.id; api.showNode(n.id); } }
    else if (hoveredEdge !== null && edges.get(hoveredEdge)) {
      network.selectEdges([hoveredEdge]);
      api.showEdge(hoveredEdge);
    } else if (params.edges.length) api.showEdge(params.edges[0]);
  });

  // Keyboard: in the map, the arrow keys go from entity to entity (in order of importance),
  // Enter opens the one selected in the panel, whose links are buttons (Tab, then Enter opens
  // a link's facts and sentences); + and - zoom, 0 fits the map.
  const announce = document.getElementById("announce");
  let current = null;
  const order = () => nodeView.get().filter(n => !n.heading).sort(byImportance).map(n => n.id);
  api.step = function (delta) {
    const ids = order();
    if (!ids.length) return null;
    const at = ids.indexOf(current);
    current = ids[at === -1 ? (delta > 0 ? 0 : ids.length - 1) : (at + delta + ids.length) % ids.length];
    network.selectNodes([current]);
    const p = network.canvasToDOM(network.getPositions([current])[current]);
    if (p.x < 20 || p.y < 20 || p.x > container.clientWidth - 20 || p.y > container.clientHeight - 20) {
      network.moveTo({position: network.getPositions([current])[current], scale: network.getScale(), animation: false});
      api.declutter();
    }
    const n = nodes.get(current);
    announce.textContent = `${n.fullLabel}, ${n.details.type || n.group}, ${edgeView.get({filter: e => e.from === current || e.to === current}).length} links`;
    return current;
  };
  container.addEventListener("keydown", event => {
    const keys = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};
    if (event.key in keys) { event.preventDefault(); api.step(keys[event.key]); }
    else if (event.key === "Enter" && current !== null) { event.preventDefault(); api.showNode(current); focusPanel(); }
    else if (event.key === "+" || event.key === "=") { event.preventDefault(); zoomBy(1.4); }
    else if (event.key === "-") { event.preventDefault(); zoomBy(1 / 1.4); }
    else if (event.key === "0") { event.preventDefault(); api.fit(); }
  });
  panel.addEventListener("keydown", event => { if (event.key === "Escape") container.focus(); });

  // Search: ranked (the exact label, then an alias, then the start of a label, then anywhere
  // in it; shorter labels first within a rank); a name folded into a group or into a
  // partner's link finds the group or the link.
  const names = document.getElementById("names");
  for (const node of data.nodes) if (!node.heading) names.append(Object.assign(document.createElement("option"), {value: node.fullLabel}));
  const search = document.getElementById("search");
  const status = document.getElementById("search-status");
  const matchList = document.getElementById("matches");
  api.rank = function (text) {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return [];
    const rankOf = n => {
      const label = n.fullLabel.toLowerCase();
      if (label === wanted) return 0;
      if ((n.details.aliases || []).some(a => a.toLowerCase() === wanted) || (n.details.legal_name || "").toLowerCase() === wanted) return 1;
      if (label.startsWith(wanted)) return 2;
      if (label.includes(wanted) || (n.details.aliases || []).some(a => a.toLowerCase().includes(wanted)) || (n.details.legal_name || "").toLowerCase().includes(wanted)) return 3;
      return null;
    };
    const inGroup = n => (n.details.member_labels || []).some(m => m.toLowerCase().includes(wanted)) ? 4 : null;
    return nodes.get({filter: n => !n.heading && isOpen(n)}).map(n => [rankOf(n) ?? inGroup(n), n]).filter(([r]) => r !== null)
      .sort((a, b) => a[0] - b[0] || a[1].fullLabel.length - b[1].fullLabel.length || a[1].fullLabel.localeCompare(b[1].fullLabel))
      .map(([, n]) => n);
  };
  api.select = function (id) {
    current = id;
    network.selectNodes([id]);
    network.moveTo({position: network.getPositions([id])[id], scale: Math.max(network.getScale(), 1), animation: false});
    api.declutter();
    api.showNode(id);
    return id;
  };
  const sharedHolding = wanted => edges.get({filter: e => (e.shared || []).some(s => s.label.toLowerCase().includes(wanted))});
  api.find = function (text) {
    const wanted = text.trim().toLowerCase();
    const found = api.rank(text);
    matchList.replaceChildren();
    if (!found.length) {
      const holders = wanted ? sharedHolding(wanted) : [];
      if (holders.length) {
        const edge = holders.sort((a, b) => (b.factCount || 0) - (a.factCount || 0))[0];
        status.textContent = `“${text}” is among what ${nameOf(edge.from)} shares with ${nameOf(edge.to)}${holders.length > 1 ? ` (and ${holders.length - 1} more partners)` : ""}:`;
        network.selectEdges([edge.id]);
        api.showEdge(edge.id);
        return edge.id;
      }
      status.textContent = `No entity called “${text}” on this map.`;
      network.unselectAll();
      panel.replaceChildren(el("p", "Click a node, a link or a country to see where it comes from."));
      return null;
    }
    const folded = !found[0].fullLabel.toLowerCase().includes(wanted) && found[0].details.member_labels;
    status.textContent = folded ? `“${text}” is in the grey group “${found[0].fullLabel}”:` : found.length > 1 ? `${found.length} matches; the best is shown:` : "";
    if (found.length > 1) {
      for (const n of found.slice(0, 8)) {
        const li = el("li");
        li.append(button(n.fullLabel, () => api.select(n.id)));
        matchList.append(li);
      }
    }
    return api.select(found[0].id);
  };
  search.addEventListener("keydown", event => { if (event.key === "Enter") api.find(search.value); });
  search.addEventListener("change", () => api.find(search.value));

  // Zoom: vis-network reports only wheel and pinch zooms; the buttons redo the labels too.
  function zoomBy(factor) { network.moveTo({scale: network.getScale() * factor, animation: false}); api.declutter(); }
  document.getElementById("zoom-in").addEventListener("click", () => zoomBy(1.4));
  document.getElementById("zoom-out").addEventListener("click", () => zoomBy(1 / 1.4));
  document.getElementById("zoom-fit").addEventListener("click", () => api.fit());

  // Pictures for slides: the map alone (no search box, filters or panel), with the title,
  // the explanation and the whole legend, at twice the screen's pixels; as PNG or SVG.
  const legendItems = () => [...document.querySelectorAll("#kinds label, #links div")].map(item => {
    const swatch = item.querySelector(".swatch");
    return {colour: swatch ? getComputedStyle(swatch).backgroundColor : "", dashed: !!(swatch && swatch.classList.contains("dashed")), line: !!(swatch && swatch.classList.contains("line")), text: item.textContent.trim()};
  }).filter(item => item.text);
  function wrapLegend(ctxFont, width) {
    measure.font = ctxFont;
    const rows = [[]];
    let x = 0;
    for (const item of legendItems()) {
      const w = 24 + measure.measureText(item.text).width + 22;
      if (x + w > width && rows[rows.length - 1].length) { rows.push([]); x = 0; }
      rows[rows.length - 1].push(Object.assign({x: x}, item));
      x += w;
    }
    return rows;
  }
  function worldImage() {
    const svg = document.querySelector("#world svg");
    if (!svg || worldPane.hidden) return Promise.resolve(null);
    const copy = svg.cloneNode(true);
    const box = document.getElementById("world").getBoundingClientRect();
    copy.setAttribute("width", box.width); copy.setAttribute("height", box.height);
    copy.querySelectorAll("text").forEach(t => { t.setAttribute("stroke", "#fff"); t.setAttribute("paint-order", "stroke"); t.setAttribute("font-family", "system-ui, sans-serif"); });
    copy.querySelectorAll("path.land").forEach(p => p.setAttribute("stroke", "#ffffff"));
    const text = new XMLSerializer().serializeToString(copy);
    return new Promise(resolve => {
      const image = new Image();
      image.onload = () => resolve({image: image, svg: text, width: box.width, height: box.height});
      image.onerror = () => resolve(null);
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
    });
  }
  async function atRatio(ratio, draw) {
    const own = Object.getOwnPropertyDescriptor(window, "devicePixelRatio");
    const changed = window.devicePixelRatio !== ratio;
    if (changed) { Object.defineProperty(window, "devicePixelRatio", {configurable: true, get: () => ratio}); network.setSize("100%", "100%"); network.redraw(); }
    try { return await draw(); }
    finally {
      if (changed) { if (own) Object.defineProperty(window, "devicePixelRatio", own); else delete window.devicePixelRatio; network.setSize("100%", "100%"); network.redraw(); }
    }
  }
  function withFullLabels(draw) {  // the picture fits the whole map with its labels
    const camera = {position: network.getViewPosition(), scale: network.getScale()};
    api.fit();
    network.unselectAll();
    network.redraw();
    return Promise.resolve(draw()).finally(() => { network.moveTo(Object.assign(camera, {animation: false})); api.declutter(); });
  }
  api.picture = function (ratio) {
    return withFullLabels(() => atRatio(ratio || 2, async () => {
      const map = container.querySelector("canvas"), r = map.width / map.clientWidth;
      const worldPicture = await worldImage();
      const width = map.clientWidth;
      const legendFont = "12px system-ui, sans-serif", rows = wrapLegend(legendFont, width - 32);
      const head = 64, foot = rows.length * 20 + 24, worldHeight = worldPicture ? worldPicture.height + 24 : 0;
      const out = document.createElement("canvas");
      out.width = Math.round(width * r); out.height = Math.round((head + map.clientHeight + worldHeight + foot) * r);
      const ctx = out.getContext("2d");
      ctx.scale(r, r);
      ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, width, out.height / r);
      ctx.fillStyle = "#1f3a5f"; ctx.fillRect(0, 0, width, head);
      ctx.fillStyle = "#ffffff"; ctx.font = "bold 18px system-ui, sans-serif";
      ctx.fillText(data.title, 16, 28);
      ctx.font = "12px system-ui, sans-serif";
      ctx.fillText(data.explanation, 16, 50, width - 32);
      ctx.drawImage(map, 0, head, map.clientWidth, map.clientHeight);
      if (worldPicture) {
        ctx.fillStyle = "#5b6775"; ctx.font = "bold 12px system-ui, sans-serif";
        ctx.fillText(document.getElementById("world-title").textContent.toUpperCase(), 16, head + map.clientHeight + 16);
        ctx.drawImage(worldPicture.image, 0, head + map.clientHeight + 24, worldPicture.width, worldPicture.height);
      }
      ctx.font = legendFont;
      rows.forEach((items, line) => items.forEach(item => {
        const x = 16 + item.x, y = head + map.clientHeight + worldHeight + 22 + line * 20;
        if (item.dashed) { ctx.strokeStyle = "#5b6f86"; ctx.lineWidth = 3; ctx.setLineDash([4, 3]); ctx.beginPath(); ctx.moveTo(x, y - 4); ctx.lineTo(x + 18, y - 4); ctx.stroke(); ctx.setLineDash([]); }
        else if (item.line) { ctx.fillStyle = item.colour; ctx.fillRect(x, y - 6, 18, 3); }
        else if (item.colour) { ctx.fillStyle = item.colour; ctx.fillRect(x, y - 10, 12, 12); }
        ctx.fillStyle = "#1d2733"; ctx.fillText(item.text, x + 24, y);
      }));
      return out.toDataURL("image/png");
    }));
  };
  const SHAPES = {
    dot: (x, y, s) => svgEl("circle", {cx: x, cy: y, r: s}),
    diamond: (x, y, s) => svgEl("polygon", {points: `${x},${y - s} ${x + s},${y} ${x},${y + s} ${x - s},${y}`}),
    square: (x, y, s) => svgEl("rect", {x: x - s, y: y - s, width: 2 * s, height: 2 * s}),
    triangle: (x, y, s) => svgEl("polygon", {points: `${x},${y - s} ${x + s},${y + s * 0.8} ${x - s},${y + s * 0.8}`}),
    star: (x, y, s) => svgEl("polygon", {points: [...Array(10).keys()].map(i => { const a = Math.PI * i / 5 - Math.PI / 2, d = i % 2 ? s * 0.45 : s; return `${x + d * Math.cos(a)},${y + d * Math.sin(a)}`; }).join(" ")}),
    hexagon: (x, y, s) => svgEl("polygon", {points: [...Array(6).keys()].map(i => `${x + s * Math.cos(Math.PI * i / 3)},${y + s * Math.sin(Math.PI * i / 3)}`).join(" ")}),
    box: (x, y, s) => svgEl("rect", {x: x - s * 1.6, y: y - s * 0.7, width: s * 3.2, height: s * 1.4, rx: 3}),
  };
  api.drawing = function () {
    return withFullLabels(async () => {
      const width = container.clientWidth, height = container.clientHeight, scale = network.getScale();
      const worldPicture = await worldImage();
      const legendFont = "12px system-ui, sans-serif", rows = wrapLegend(legendFont, width - 32);
      const head = 64, foot = rows.length * 20 + 24, worldHeight = worldPicture ? worldPicture.height + 24 : 0;
      const total = head + height + worldHeight + foot;
      const svg = svgEl("svg", {xmlns: SVG, width: width, height: total, viewBox: `0 0 ${width} ${total}`, "font-family": "system-ui, sans-serif"});
      svg.append(svgEl("rect", {width: width, height: total, fill: "#ffffff"}), svgEl("rect", {width: width, height: head, fill: "#1f3a5f"}));
      const text = (content, attributes) => { const t = svgEl("text", attributes); t.textContent = content; svg.append(t); return t; };
      text(data.title, {x: 16, y: 28, fill: "#ffffff", "font-size": 18, "font-weight": "bold"});
      text(data.explanation, {x: 16, y: 50, fill: "#ffffff", "font-size": 12});
      const mapGroup = svgEl("g", {transform: `translate(0 ${head})`});
      const clip = svgEl("clipPath", {id: "map-clip"});
      clip.append(svgEl("rect", {width: width, height: height}));
      svg.append(clip);
      mapGroup.setAttribute("clip-path", "url(#map-clip)");
      const shown = nodeView.get(), ids = new Set(shown.map(n => n.id)), at = network.getPositions([...ids]);
      const dom = id => network.canvasToDOM(at[id]);
      for (const e of edgeView.get()) {
        if (!ids.has(e.from) || !ids.has(e.to)) continue;
        const a = dom(e.from), b = dom(e.to);
        const line = svgEl("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: e.color.color, "stroke-opacity": 0.75, "stroke-width": Math.max(1, (e.width || 1) * scale)});
        if (e.dashes) line.setAttribute("stroke-dasharray", "5 5");
        mapGroup.append(line);
      }
      for (const n of shown.sort((a, b) => b.tier - a.tier)) {
        const p = dom(n.id);
        if (!n.heading) {
          const shape = (SHAPES[n.shape] || SHAPES.dot)(p.x, p.y, Math.max(2, n.size * scale));
          shape.setAttribute("fill", n.color); shape.setAttribute("stroke", n.borderWidth ? "#1f3a5f" : "#ffffff"); shape.setAttribute("stroke-width", n.borderWidth || 1);
          mapGroup.append(shape);
        }
        const box = api.labelBoxes[n.id];
        if (box) {
          const t = svgEl("text", {x: p.x, y: box.top + (box.bottom - box.top) / 2, "text-anchor": "middle", "dominant-baseline": "middle", "font-size": fontOf(n).px, "font-weight": n.heading ? "bold" : "normal", fill: "#1d2733"});
          t.textContent = shortLabels.get(n.id);
          mapGroup.append(t);
        }
      }
      svg.append(mapGroup);
      if (worldPicture) {
        text(document.getElementById("world-title").textContent.toUpperCase(), {x: 16, y: head + height + 16, fill: "#5b6775", "font-size": 12, "font-weight": "bold"});
        const inner = new DOMParser().parseFromString(worldPicture.svg, "image/svg+xml").documentElement;
        inner.setAttribute("x", 0); inner.setAttribute("y", head + height + 24);
        svg.append(document.importNode(inner, true));
      }
      rows.forEach((items, line) => items.forEach(item => {
        const x = 16 + item.x, y = head + height + worldHeight + 22 + line * 20;
        if (item.dashed) svg.append(svgEl("line", {x1: x, y1: y - 4, x2: x + 18, y2: y - 4, stroke: "#5b6f86", "stroke-width": 3, "stroke-dasharray": "4 3"}));
        else if (item.line) svg.append(svgEl("rect", {x: x, y: y - 6, width: 18, height: 3, fill: item.colour}));
        else if (item.colour) svg.append(svgEl("rect", {x: x, y: y - 10, width: 12, height: 12, fill: item.colour}));
        text(item.text, {x: x + 24, y: y, fill: "#1d2733", "font-size": 12});
      }));
      return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
    });
  };
  const fileName = extension => (data.title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "map") + extension;
  function download(href, name) {
    const link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.append(link); link.click(); link.remove();
  }
  document.getElementById("save-png").addEventListener("click", async () => download(await api.picture(2), fileName(".png")));
  document.getElementById("save-svg").addEventListener("click", async () => download(URL.createObjectURL(new Blob([await api.drawing()], {type: "image/svg+xml"})), fileName(".svg")));
  // `collabgraph map --png/--svg` opens the page with #export=png or #export=svg in headless
  // Chromium and reads the picture from the page (base64 in an element's text).
  async function exportPicture(kind) {
    const out = document.createElement("pre");
    out.id = "export";
    try {
      out.textContent = kind === "svg" ? btoa(unescape(encodeURIComponent(await api.drawing()))) : (await api.picture(window.devicePixelRatio >= 2 ? window.devicePixelRatio : 2)).split(",")[1];
    } catch (error) {
      out.dataset.error = String(error);
    }
    document.body.append(out);
  }

  function fill(select, values) { for (const value of values) select.append(Object.assign(document.createElement("option"), {value: value, textContent: value})); }
  fill(document.getElementById("country"), data.filters.countries);
  fill(document.getElementById("relation"), data.filters.relations);
  fill(document.getElementById("source"), data.filters.sources);
  fill(document.getElementById("year"), data.filters.years);
  document.getElementById("year-filter").hidden = !data.filters.years.length;
  const refresh = () => { computeLinked(); nodeView.refresh(); edgeView.refresh(); api.declutter(); };
  api.refresh = refresh;
  for (const box of document.querySelectorAll("#kinds input")) {
    box.addEventListener("change", () => { box.checked ? state.groups.add(box.dataset.group) : state.groups.delete(box.dataset.group); refresh(); });
  }
  for (const name of ["country", "relation", "source", "year"]) {
    document.getElementById(name).addEventListener("change", event => { state[name] = event.target.value; refresh(); });
  }
})();
