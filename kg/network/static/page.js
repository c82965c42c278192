(function () {
  // Hover texts arrive HTML-escaped; show them as text-only DOM nodes (never parsed as HTML).
  function unescapeText(s) {
    return s.replace(/&#(\d+);/g, function (_, n) { return String.fromCharCode(+n); })
            .replace(/&#x([0-9a-fA-F]+);/g, function (_, n) { return String.fromCharCode(parseInt(n, 16)); })
            .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  }
  function textTitle(s) {
    var div = document.createElement("div");
    div.style.whiteSpace = "pre-wrap";
    div.textContent = unescapeText(s);
    return div;
  }
  function fix(ds) {
    var upd = [];
    ds.forEach(function (item) {
      var u = {id: item.id};
      if (typeof item.title === "string") { u.title = textTitle(item.title); }
      if (typeof item.label === "string") { u.label = unescapeText(item.label); }
      upd.push(u);
    });
    ds.update(upd);
  }
  fix(nodes);
  fix(edges);

  var hiddenKinds = {};
  function applyFilter() {
    var upd = [];
    nodes.forEach(function (n) { upd.push({id: n.id, hidden: !!hiddenKinds[n.kind]}); });
    nodes.update(upd);
  }
  document.querySelectorAll("#kg-controls input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      hiddenKinds[box.getAttribute("data-kind")] = !box.checked;
      applyFilter();
    });
  });

  var input = document.getElementById("kg-search");
  var count = document.getElementById("kg-count");
  function search() {
    var q = input.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); count.textContent = ""; return; }
    var found = [];
    nodes.forEach(function (n) {
      if (!n.hidden && unescapeText(n.search || "").toLowerCase().indexOf(q) >= 0) { found.push(n.id); }
    });
    count.textContent = found.length + KG_TEXT["search.found"];
    if (found.length) {
      network.selectNodes(found);
      if (found.length === 1) { network.focus(found[0], {scale: 1.2, animation: true}); }
      else { network.fit({nodes: found, animation: true}); }
    } else { network.unselectAll(); }
  }
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(); } });
  document.getElementById("kg-search-go").addEventListener("click", search);

  // Progress on <body data-kg-state=...> for tests and benchmarks: "drawing",
  // then "settled" with the node count on the canvas and the time since navigation.
  function mark(state) {
    var drawn = -1;
    try { drawn = network.body.nodeIndices.length; } catch (e) { /* vis internals moved */ }
    document.body.setAttribute("data-kg-nodes", String(nodes.length));
    document.body.setAttribute("data-kg-drawn", String(drawn));
    document.body.setAttribute("data-kg-ms", String(Math.round(performance.now())));
    document.body.setAttribute("data-kg-state", state);
  }
  mark("drawing");
  function settled() { network.once("afterDrawing", function () { mark("settled"); }); network.redraw(); }
  if (window.kgPhysics) {
    // Freeze once the layout has stabilised: the page stops computing, and dragging moves one node, not all.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      settled();
    });
  } else {
    settled();
  }
})();
