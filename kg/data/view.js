/* kg view: the explorer page's script (inlined into every page by kg/view.py).
 *
 * Safety: every string from the graph is put into the page with textContent or as canvas
 * text; nothing here assigns innerHTML or builds markup from strings.
 */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var TYPES = DATA.types, PREDS = DATA.predicates, NODES = DATA.nodes, EDGES = DATA.edges;
  var SENTS = DATA.sentences, DOCS = DATA.documents, T2S = DATA.t2s || {};
  var LARGE = NODES.length > 2000 || EDGES.length > 6000;
  var FONT = '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif';
  var SVGNS = "http://www.w3.org/2000/svg";

  // ---- small DOM helpers (text only) -----------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }

  function swatch(typeIndex, px) {
    var t = TYPES[typeIndex], s = px || 14, h = s / 2, svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", s); svg.setAttribute("height", s); svg.setAttribute("class", "swatch");
    svg.setAttribute("viewBox", "0 0 " + s + " " + s); svg.setAttribute("aria-hidden", "true");
    var shape, pts = null;
    if (t.shape === "dot") { shape = document.createElementNS(SVGNS, "circle");
      shape.setAttribute("cx", h); shape.setAttribute("cy", h); shape.setAttribute("r", h - 1.5); }
    else if (t.shape === "square") { shape = document.createElementNS(SVGNS, "rect");
      shape.setAttribute("x", 1.5); shape.setAttribute("y", 1.5);
      shape.setAttribute("width", s - 3); shape.setAttribute("height", s - 3); }
    else {
      if (t.shape === "triangle") pts = [[h, 1], [s - 1, s - 2], [1, s - 2]];
      else if (t.shape === "diamond") pts = [[h, 1], [s - 1, h], [h, s - 1], [1, h]];
      else if (t.shape === "hexagon") pts = [0, 1, 2, 3, 4, 5].map(function (i) {
        var a = Math.PI / 3 * i; return [h + (h - 1.5) * Math.cos(a), h + (h - 1.5) * Math.sin(a)]; });
      else pts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(function (i) {  // star
        var a = -Math.PI / 2 + Math.PI / 5 * i, r = i % 2 ? (h - 1) * 0.45 : h - 1;
        return [h + r * Math.cos(a), h + r * Math.sin(a)]; });
      shape = document.createElementNS(SVGNS, "polygon");
      shape.setAttribute("points", pts.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" "));
    }
    shape.setAttribute("fill", t.color); shape.setAttribute("stroke", shade(t.color, -0.3));
    svg.appendChild(shape);
    return svg;
  }
  function shade(hex, amount) {
    var n = parseInt(hex.slice(1), 16), out = "#";
    [16, 8, 0].forEach(function (sh) {
      var c = (n >> sh) & 255;
      c = Math.round(amount < 0 ? c * (1 + amount) : c + (255 - c) * amount);
      out += ("0" + c.toString(16)).slice(-2);
    });
    return out;
  }

  // ---- adjacency ---------------------------------------------------------------------------
  var outEdges = NODES.map(function () { return []; }), inEdges = NODES.map(function () { return []; });
  EDGES.forEach(function (e, j) { outEdges[e.f].push(j); inEdges[e.t].push(j); });

  // ---- header: title, counts, legend with type filters ------------------------------------------
  document.getElementById("title").textContent = DATA.title;
  document.getElementById("counts").textContent = NODES.length + " 个实体 · " + EDGES.length + " 条关系" +
    (DATA.physics ? "" : " · 布局已预先计算");
  var hiddenTypes = {};
  var legend = document.getElementById("legend");
  TYPES.forEach(function (t, i) {
    if (!t.count) return;
    var label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.type = t.key;
    box.addEventListener("change", function () { setTypeVisible(i, box.checked); label.classList.toggle("off", !box.checked); });
    label.title = t.key;
    label.appendChild(box); label.appendChild(swatch(i)); label.appendChild(el("span", null, t.label));
    label.appendChild(el("span", "n", t.count));
    legend.appendChild(label);
  });

  // ---- the network ------------------------------------------------------------------------
  var groups = {};
  TYPES.forEach(function (t) {
    var border = shade(t.color, -0.3);
    groups[t.key] = { shape: t.shape, color: { background: t.color, border: border,
      highlight: { background: shade(t.color, 0.25), border: "#1f2933" },
      hover: { background: shade(t.color, 0.15), border: border } } };
  });
  var visNodes = new vis.DataSet(NODES.map(function (n, i) {
    var item = { id: i, label: n.n, x: n.x, y: n.y, size: n.s, group: TYPES[n.t].key };
    // hubs get larger labels, so the zoomed-out overview names them and the leaves appear on
    // zoom; few distinct sizes, because every size of every CJK glyph is rasterised anew
    if (n.d > 1) item.font = { size: Math.min(42, 14 + 4 * Math.floor(Math.log2(n.d))) };
    if (n.z) item.physics = false;
    return item;
  }));
  var edgeLabels = EDGES.length <= 300;
  var visEdges = new vis.DataSet(EDGES.map(function (e, j) {
    var item = { id: j, from: e.f, to: e.t };
    if (edgeLabels) item.label = PREDS[e.p].label;
    return item;
  }));
  var options = {
    autoResize: true,
    groups: groups,
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: {
      borderWidth: 1.5, borderWidthSelected: 3,
      font: { face: FONT, size: 14, color: "#1f2933", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: LARGE ? 9 : 7 } }
    },
    edges: {
      // 30,000 arrow heads cost more to draw than the lines: large graphs show direction on
      // the highlighted edges only (drawHighlight) and in the side panel
      arrows: { to: { enabled: !LARGE, scaleFactor: 0.45 } },
      color: { color: "#9aa8b6", highlight: "#e4572e", hover: "#5c6b7a", inherit: false, opacity: 0.85 },
      width: 1, selectionWidth: 1.5, hoverWidth: 0.5,
      smooth: false,
      font: { face: FONT, size: 11, color: "#52606d", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" }
    },
    interaction: { hover: !LARGE, hideEdgesOnDrag: LARGE, hideEdgesOnZoom: LARGE, tooltipDelay: 300,
                   multiselect: false, navigationButtons: false, keyboard: false },
    physics: DATA.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -3000, centralGravity: 0.15, springLength: 140,
                   springConstant: 0.03, damping: 0.35, avoidOverlap: 0.1 },
      stabilization: { enabled: true, iterations: 100, updateInterval: 25, fit: true },
      minVelocity: 1
    } : { enabled: false }
  };
  var container = document.getElementById("net");
  var network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, options);

  function markReady() {
    if (window.kgReady) return;
    window.kgReadyAt = performance.now();
    window.kgReady = true;
    document.documentElement.setAttribute("data-ready", "1");
  }
  if (DATA.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.once("afterDrawing", function () { markReady(); start(); });
      network.redraw();
    });
  } else {
    network.once("afterDrawing", function () { markReady(); start(); });
    network.fit({ animation: false });
  }

  // ---- type filters ----------------------------------------------------------------------------
  function setTypeVisible(typeIndex, visible) {
    if (visible) delete hiddenTypes[typeIndex]; else hiddenTypes[typeIndex] = true;
    var updates = [];
    NODES.forEach(function (n, i) { if (n.t === typeIndex) updates.push({ id: i, hidden: !visible }); });
    visNodes.update(updates);
    if (highlighted) network.redraw();
  }

  // ---- neighbourhood highlight -----------------------------------------------------------------
  // Drawn over vis-network's frame (afterDrawing): a veil dims everything, then the lit nodes and
  // edges are drawn again on top. Costs O(neighbourhood) per frame; changing vis-network's own
  // node options instead re-processes every node and edge (seconds at 10,000 nodes).
  var highlighted = null, VEIL = "rgba(247,249,251,0.82)", LIT_EDGE = "#e4572e";
  function neighbourhood(centres) {
    var nodes = {}, edges = {};
    centres.forEach(function (c) {
      nodes[c] = true;
      outEdges[c].forEach(function (j) { edges[j] = true; nodes[EDGES[j].t] = true; });
      inEdges[c].forEach(function (j) { edges[j] = true; nodes[EDGES[j].f] = true; });
    });
    return { nodes: Object.keys(nodes).map(Number), edges: Object.keys(edges).map(Number) };
  }
  function highlight(nodeIds, edgeIds, centres) {
    highlighted = { nodes: nodeIds, edges: edgeIds, centres: centres || [] };
    network.redraw();
  }
  function unhighlight() {
    if (!highlighted) return;
    highlighted = null;
    network.redraw();
  }
  function shapePath(ctx, shape, x, y, r) {
    ctx.beginPath();
    if (shape === "dot") { ctx.arc(x, y, r, 0, 2 * Math.PI); return; }
    if (shape === "square") { ctx.rect(x - r, y - r, 2 * r, 2 * r); return; }
    var pts;
    if (shape === "triangle") pts = [[0, -1.15], [1, 0.58], [-1, 0.58]];
    else if (shape === "diamond") pts = [[0, -1], [1, 0], [0, 1], [-1, 0]];
    else if (shape === "hexagon") pts = [0, 1, 2, 3, 4, 5].map(function (k) {
      var a = Math.PI / 3 * k; return [Math.cos(a), Math.sin(a)]; });
    else pts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(function (k) {  // star
      var a = -Math.PI / 2 + Math.PI / 5 * k, q = k % 2 ? 0.45 : 1; return [q * Math.cos(a), q * Math.sin(a)]; });
    pts.forEach(function (p, k) { if (k) ctx.lineTo(x + r * p[0], y + r * p[1]); else ctx.moveTo(x + r * p[0], y + r * p[1]); });
    ctx.closePath();
  }
  function drawHighlight(ctx) {
    if (!highlighted) return;
    var px = 1 / network.getScale();
    var tl = network.DOMtoCanvas({ x: 0, y: 0 }), br = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var shown = highlighted.nodes.filter(function (i) { return !hiddenTypes[NODES[i].t]; });
    var pos = network.getPositions(shown), centre = {};
    highlighted.centres.forEach(function (c) { centre[c] = true; });
    ctx.save();
    ctx.fillStyle = VEIL;
    ctx.fillRect(tl.x, tl.y, br.x - tl.x, br.y - tl.y);
    ctx.strokeStyle = LIT_EDGE; ctx.fillStyle = LIT_EDGE; ctx.lineWidth = 2 * px;
    highlighted.edges.forEach(function (j) {
      var e = EDGES[j], a = pos[e.f], b = pos[e.t];
      if (!a || !b) return;
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1, ux = dx / len, uy = dy / len;
      var tip = Math.min(len / 2, NODES[e.t].s + 2 * px), hx = b.x - ux * tip, hy = b.y - uy * tip, head = 9 * px;
      ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(hx - ux * head * 0.8, hy - uy * head * 0.8); ctx.stroke();
      ctx.beginPath(); ctx.moveTo(hx, hy);
      ctx.lineTo(hx - ux * head - uy * head * 0.45, hy - uy * head + ux * head * 0.45);
      ctx.lineTo(hx - ux * head + uy * head * 0.45, hy - uy * head - ux * head * 0.45);
      ctx.closePath(); ctx.fill();
    });
    shown.forEach(function (i) {
      var n = NODES[i], t = TYPES[n.t], p = pos[i];
      shapePath(ctx, t.shape, p.x, p.y, n.s);
      ctx.fillStyle = t.color; ctx.fill();
      ctx.lineWidth = (centre[i] ? 3.5 : 1.5) * px; ctx.strokeStyle = centre[i] ? "#1f2933" : shade(t.color, -0.3); ctx.stroke();
    });
    // labels at a constant on-screen size, whatever the zoom; the centre's first, then by degree,
    // each only where it overlaps no label already drawn
    ctx.font = (13 * px) + "px " + FONT; ctx.textAlign = "center"; ctx.textBaseline = "top";
    ctx.lineJoin = "round"; ctx.lineWidth = 3 * px; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = "#1f2933";
    var order = shown.slice().sort(function (a, b) { return (centre[b] ? 1 : 0) - (centre[a] ? 1 : 0) || NODES[b].d - NODES[a].d || a - b; });
    var placed = [], lineHeight = 16 * px;
    order.forEach(function (i) {
      var p = pos[i], y = p.y + NODES[i].s + 3 * px, half = ctx.measureText(NODES[i].n).width / 2 + 2 * px;
      if (p.x + half < tl.x || p.x - half > br.x || y > br.y || y + lineHeight < tl.y) return;
      for (var k = 0; k < placed.length; k++) {
        var q = placed[k];
        if (p.x - half < q[2] && p.x + half > q[0] && y < q[3] && y + lineHeight > q[1]) return;
      }
      placed.push([p.x - half, y, p.x + half, y + lineHeight]);
      ctx.strokeText(NODES[i].n, p.x, y); ctx.fillText(NODES[i].n, p.x, y);
    });
    ctx.restore();
  }
  network.on("afterDrawing", drawHighlight);

  // ---- selection --------------------------------------------------------------------------------
  function showType(typeIndex) {
    if (!hiddenTypes[typeIndex]) return;
    var box = legend.querySelector('input[data-type="' + TYPES[typeIndex].key + '"]');
    if (box) { box.checked = true; box.parentNode.classList.remove("off"); }
    setTypeVisible(typeIndex, true);
  }
  function selectNode(i, move) {
    showType(NODES[i].t);
    var nb = neighbourhood([i]);
    nb.nodes.forEach(function (k) { showType(NODES[k].t); });
    network.selectNodes([i], false);
    highlight(nb.nodes, nb.edges, [i]);
    if (move) {
      var scale = Math.max(network.getScale(), 0.9);
      network.focus(i, { scale: scale, animation: LARGE ? false : { duration: 350, easingFunction: "easeInOutQuad" } });
    }
    showNode(i);
  }
  function selectEdge(j) {
    var e = EDGES[j];
    network.selectEdges([j]);
    highlight([e.f, e.t], [j], []);
    showEdge(j);
  }
  function reset() {
    unhighlight();
    network.unselectAll();
    showHint();
  }
  network.on("click", function (params) {
    if (params.nodes.length) selectNode(params.nodes[0], false);
    else if (params.edges.length) selectEdge(params.edges[0]);
    else reset();
  });

  // ---- side panel -------------------------------------------------------------------------
  var panel = document.getElementById("panel-body");
  function typeBadge(typeIndex) {
    var b = el("span", "type", TYPES[typeIndex].label);
    b.style.background = TYPES[typeIndex].color;
    return b;
  }
  function nodeLink(i) {
    var b = el("button", "link", NODES[i].n);
    b.type = "button";
    b.addEventListener("click", function () { selectNode(i, true); });
    return b;
  }
  function terms(nodeIds) {
    var out = [];
    nodeIds.forEach(function (i) {
      [NODES[i].n].concat(NODES[i].a || []).forEach(function (t) { if (t && t.length > 1 && out.indexOf(t) < 0) out.push(t); });
    });
    return out.sort(function (a, b) { return b.length - a.length; });
  }
  function marked(parent, text, words) {
    // text with every occurrence of words wrapped in <mark>, built from text nodes only
    var pos = 0;
    while (pos < text.length) {
      var best = -1, word = null;
      for (var k = 0; k < words.length; k++) {
        var at = text.indexOf(words[k], pos);
        if (at >= 0 && (best < 0 || at < best || (at === best && words[k].length > word.length))) { best = at; word = words[k]; }
      }
      if (best < 0) break;
      if (best > pos) parent.appendChild(document.createTextNode(text.slice(pos, best)));
      parent.appendChild(el("mark", null, word));
      pos = best + word.length;
    }
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
    return parent;
  }
  function docLine(d) {
    var doc = DOCS[d];
    var line = el("div", "source");
    line.appendChild(document.createTextNode("来源："));
    if (doc.t) line.appendChild(el("span", "doc-title", "《" + doc.t + "》"));
    if (doc.p) line.appendChild(el("span", "doc-path", (doc.t ? " " : "") + doc.p));
    if (!doc.t && !doc.p) line.appendChild(el("span", "doc-path", doc.i));
    return line;
  }
  function evidenceList(parent, sentIds, words, limit) {
    var shown = 0;
    function add(s) {
      var sent = SENTS[s];
      parent.appendChild(marked(el("blockquote", "evidence"), sent[0], words));
      if (sent[1] !== null && sent[1] !== undefined) parent.appendChild(docLine(sent[1]));
    }
    for (; shown < sentIds.length && shown < limit; shown++) add(sentIds[shown]);
    if (sentIds.length > limit) {
      var more = el("button", "link more", "展开其余 " + (sentIds.length - limit) + " 条证据");
      more.type = "button";
      more.addEventListener("click", function () {
        more.remove();
        for (var k = limit; k < sentIds.length; k++) add(sentIds[k]);
      });
      parent.appendChild(more);
    }
  }
  function showHint() {
    clear(panel);
    var h = el("div", "hint");
    h.appendChild(el("p", null, "点击节点查看实体详情与证据句；点击连线查看该关系的证据。"));
    h.appendChild(el("p", null, "Click a node for its details and evidence; click an edge for the sentences behind it."));
    h.appendChild(el("p", null, "搜索支持名称、别名、简体与繁體输入；图例中的复选框可按类型筛选。"));
    panel.appendChild(h);
  }
  function showNode(i) {
    var n = NODES[i];
    clear(panel);
    var head = el("h2");
    head.appendChild(swatch(n.t, 18));
    head.appendChild(el("span", "name", n.n));
    panel.appendChild(head);
    var dl = el("dl");
    function row(k, v, cls) { dl.appendChild(el("dt", null, k)); dl.appendChild(el("dd", cls, v)); }
    row("类型", TYPES[n.t].label + " (" + TYPES[n.t].key + ")");
    if (n.a && n.a.length) {
      dl.appendChild(el("dt", null, "别名"));
      var dd = el("dd", "aliases");
      n.a.forEach(function (a) { dd.appendChild(el("span", null, a)); });
      dl.appendChild(dd);
    }
    if (n.c) row("地区代码", n.c);
    row("关系数", n.d);
    row("IRI", n.i, "iri");
    panel.appendChild(dl);

    // relations grouped by predicate and direction
    var groupsByKey = {}, keys = [];
    function collect(list, dir) {
      list.forEach(function (j) {
        var e = EDGES[j], key = dir + e.p;
        if (!groupsByKey[key]) { groupsByKey[key] = { dir: dir, p: e.p, edges: [] }; keys.push(key); }
        groupsByKey[key].edges.push(j);
      });
    }
    collect(outEdges[i], ">"); collect(inEdges[i], "<");
    if (keys.length) panel.appendChild(el("h3", null, "关系与证据"));
    keys.forEach(function (key) {
      var g = groupsByKey[key], pred = PREDS[g.p];
      var det = el("details"); det.open = g.edges.length <= 25;
      var sum = el("summary");
      sum.appendChild(document.createTextNode(g.dir === ">" ? pred.label + " → " : "← " + pred.label + " "));
      sum.appendChild(el("span", "count", "(" + pred.key + ", " + g.edges.length + ")"));
      det.appendChild(sum);
      var ul = el("ul", "rel");
      g.edges.slice(0, 200).forEach(function (j) {
        var e = EDGES[j], other = g.dir === ">" ? e.t : e.f, li = el("li");
        li.appendChild(nodeLink(other)); li.appendChild(document.createTextNode(" "));
        li.appendChild(typeBadge(NODES[other].t));
        if (e.e && e.e.length) evidenceList(li, e.e, terms([i, other]), 2);
        else li.appendChild(el("div", "more", "（无证据句）"));
        ul.appendChild(li);
      });
      if (g.edges.length > 200) ul.appendChild(el("li", "more", "……另有 " + (g.edges.length - 200) + " 条"));
      det.appendChild(ul);
      panel.appendChild(det);
    });
    if (n.m && n.m.length) {
      panel.appendChild(el("h3", null, "提及"));
      evidenceList(panel, n.m, terms([i]), 3);
    }
    if (n.D && n.D.length) {
      panel.appendChild(el("h3", null, "出现于文档"));
      var ul = el("ul", "rel");
      n.D.forEach(function (d) {
        var li = el("li"), doc = DOCS[d];
        li.textContent = doc.t ? "《" + doc.t + "》 " + (doc.p || "") : (doc.p || doc.i);
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    panel.scrollTop = 0;
  }
  function showEdge(j) {
    var e = EDGES[j], pred = PREDS[e.p];
    clear(panel);
    panel.appendChild(el("h2", null, "关系"));
    var head = el("div", "edge-head");
    head.appendChild(nodeLink(e.f)); head.appendChild(typeBadge(NODES[e.f].t));
    head.appendChild(el("span", "pred", "—" + pred.label + "→"));
    head.appendChild(nodeLink(e.t)); head.appendChild(typeBadge(NODES[e.t].t));
    panel.appendChild(head);
    var dl = el("dl");
    dl.appendChild(el("dt", null, "谓词")); dl.appendChild(el("dd", "iri", pred.iri));
    panel.appendChild(dl);
    panel.appendChild(el("h3", null, "证据句（" + (e.e ? e.e.length : 0) + "）"));
    if (e.e && e.e.length) evidenceList(panel, e.e, terms([e.f, e.t]), 50);
    else panel.appendChild(el("div", "more", "（无证据句）"));
    panel.scrollTop = 0;
  }

  // ---- search (name or alias; Simplified or Traditional) ------------------------------------------
  var QUOTES = /[“”"'‘’「」『』《》〈〉<>\s]/g;
  function fold(text) {
    var s = (text || "").normalize("NFKC").toLowerCase(), out = "";
    for (var k = 0; k < s.length; k++) { var c = s.charAt(k); out += T2S[c] || c; }
    return out.replace(QUOTES, "");
  }
  function search(query, limit) {
    var q = fold(query), hits = [];
    if (!q) return hits;
    for (var i = 0; i < NODES.length; i++) {
      var k = NODES[i].k, at = k.indexOf(q);
      if (at < 0) continue;
      var keys = k.split("\n"), score = 3, which = 0;
      for (var m = 0; m < keys.length; m++) {
        var pos = keys[m].indexOf(q), sc = pos < 0 ? 3 : keys[m] === q ? 0 : pos === 0 ? 1 : 2;
        if (sc < score) { score = sc; which = m; }
      }
      hits.push({ i: i, score: score, alias: which > 0 });
    }
    hits.sort(function (a, b) { return a.score - b.score || NODES[b.i].d - NODES[a.i].d || a.i - b.i; });
    return hits.slice(0, limit || 20);
  }
  var input = document.getElementById("q"), results = document.getElementById("results"), active = -1, current = [];
  function renderResults() {
    clear(results);
    if (!input.value.trim()) { results.hidden = true; return; }
    current = search(input.value, 30);
    if (!current.length) {
      results.appendChild(el("li", "empty", "没有匹配的实体"));
    }
    current.forEach(function (h, k) {
      var n = NODES[h.i], li = el("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", k === active ? "true" : "false");
      li.appendChild(swatch(n.t)); li.appendChild(el("span", "name", n.n));
      if (h.alias && n.a) {
        var q = fold(input.value), alias = null;
        (n.a || []).forEach(function (a) { if (!alias && fold(a).indexOf(q) >= 0) alias = a; });
        if (alias) li.appendChild(el("span", "alias", "别名：" + alias));
      }
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(k); });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  function choose(k) {
    var h = current[k];
    if (!h) return;
    results.hidden = true;
    selectNode(h.i, true);
  }
  input.addEventListener("input", function () { active = current.length ? 0 : -1; renderResults(); active = current.length ? 0 : -1; markActive(); });
  input.addEventListener("focus", function () { if (input.value.trim()) renderResults(); });
  input.addEventListener("blur", function () { results.hidden = true; });
  function markActive() {
    Array.prototype.forEach.call(results.children, function (li, k) { li.setAttribute("aria-selected", k === active ? "true" : "false"); });
  }
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!current.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
      markActive(); ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (current.length) choose(active < 0 ? 0 : active);
      ev.preventDefault();
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });

  // ---- start --------------------------------------------------------------------------------
  var started = false;
  function start() {
    if (started) return;
    started = true;
    if (DATA.focus && DATA.focus.length) {
      var nb = neighbourhood(DATA.focus);
      network.selectNodes(DATA.focus.slice(0, 1), false);
      highlight(nb.nodes, nb.edges, DATA.focus);
      showNode(DATA.focus[0]);
    }
  }
  showHint();
  window.kgView = { network: network, nodes: visNodes, edges: visEdges, data: DATA,
                    search: search, fold: fold, selectNode: selectNode, selectEdge: selectEdge, reset: reset,
                    highlighted: function () { return highlighted; } };
})();
