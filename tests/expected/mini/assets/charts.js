// Live charts: each chart's patch (in a JSON block on the page) is applied to a shared
// template from assets/charts/ and drawn with vega-embed, from the site's own copy of
// Vega (assets/vega.js). No inline script, no eval: Vega's expression interpreter
// (ast: true) runs under a Content-Security-Policy without 'unsafe-eval'.
// Without JavaScript, or if drawing fails, the static SVG and the table stay.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL("charts/", script ? script.src : document.baseURI);
  var templates = {};

  function template(name) {
    if (!templates[name]) {
      templates[name] = fetch(new URL(name + ".json", base), { credentials: "omit" })
        .then(function (response) {
          if (!response.ok) { throw new Error("template " + name + ": " + response.status); }
          return response.json();
        });
    }
    return templates[name];
  }

  // The same as insyn.charts.set_path on the server.
  function setPath(spec, path, value) {
    var parts = path.split(".");
    var node = spec;
    for (var i = 0; i < parts.length - 1; i++) {
      node = Array.isArray(node) ? node[Number(parts[i])] : node[parts[i]];
    }
    var last = parts[parts.length - 1];
    if (Array.isArray(node)) { node[Number(last)] = value; }
    else if (value === null) { delete node[last]; }
    else { node[last] = value; }
  }

  var options = {
    ast: true,
    renderer: "svg",
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
    actions: { export: { png: true, svg: true }, source: false, compiled: false, editor: false },
    i18n: {
      CLICK_TO_VIEW_ACTIONS: "Visa alternativ för diagrammet",
      COMPILED_ACTION: "Visa Vega-kod",
      EDITOR_ACTION: "Öppna i redigerare",
      PNG_ACTION: "Spara som PNG",
      SOURCE_ACTION: "Visa källkod",
      SVG_ACTION: "Spara som SVG"
    }
  };

  function draw(holder) {
    var block = document.getElementById(holder.getAttribute("data-chart"));
    if (!block || typeof window.vegaEmbed !== "function") { return; }
    var data = JSON.parse(block.textContent);
    template(data.template).then(function (t) {
      var spec = JSON.parse(JSON.stringify(t));
      data.patch.forEach(function (p) { setPath(spec, p[0], p[1]); });
      spec.width = "container";
      spec.autosize = { type: "fit-x", contains: "padding" };
      var live = document.createElement("div");
      live.className = "chart-live";
      holder.appendChild(live);
      var opts = Object.assign({}, options, { downloadFileName: holder.getAttribute("data-chart") });
      return window.vegaEmbed(live, spec, opts).then(function () {
        var img = holder.querySelector("img.chart-static");
        if (img) { img.remove(); }
        holder.classList.add("is-live");
      }, function (error) {
        live.remove();
        throw error;
      });
    }).catch(function (error) {
      holder.classList.add("is-static");
      if (window.console) { window.console.warn("Diagrammet kunde inte ritas:", error); }
    });
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
})();
