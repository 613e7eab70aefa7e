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
    // vega-embed's own export menu is not used: it sets the link target on mousedown
    // only (so it fails from the keyboard) and sits inside the chart, whose
    // role="img" hides controls from screen readers. exportLinks() replaces it.
    actions: false
  };

  var EXPORTS = [["svg", "Spara som SVG", 1], ["png", "Spara som PNG", 2]];

  // Download links after the chart, outside its role="img". The image is made when a
  // link is activated (mouse, touch and keyboard all fire click) and saved through a
  // short-lived link of its own.
  function save(view, format, filename) {
    return view.toImageURL(format[0], format[2]).then(function (url) {
      var temp = document.createElement("a");
      temp.href = url;
      temp.download = filename;
      temp.hidden = true;
      document.body.appendChild(temp);
      temp.click();
      temp.remove();
      if (url.indexOf("blob:") === 0) {
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      }
    });
  }

  function exportLinks(holder, view, name) {
    var box = document.createElement("p");
    box.className = "chart-export vega-actions";
    EXPORTS.forEach(function (format) {
      var link = document.createElement("a");
      link.href = "#";
      link.download = name + "." + format[0];
      link.textContent = format[1];
      link.addEventListener("click", function (event) {
        event.preventDefault();
        save(view, format, link.download).catch(function (error) {
          if (window.console) { window.console.warn("Bilden kunde inte sparas:", error); }
        });
      });
      box.appendChild(link);
    });
    holder.insertAdjacentElement("afterend", box);
  }

  function draw(holder) {
    var block = document.getElementById(holder.getAttribute("data-chart"));
    if (!block || typeof window.vegaEmbed !== "function") { return; }
    // In a CMS fragment the JSON is wrapped in <!-- -->, so that a filter which strips
    // the script tags leaves nothing visible (insyn/publish/fragment.py).
    var text = block.textContent.trim();
    if (text.slice(0, 4) === "<!--" && text.slice(-3) === "-->") { text = text.slice(4, -3); }
    var data = JSON.parse(text);
    template(data.template).then(function (t) {
      var spec = JSON.parse(JSON.stringify(t));
      data.patch.forEach(function (p) { setPath(spec, p[0], p[1]); });
      spec.width = "container";
      spec.autosize = { type: "fit-x", contains: "padding" };
      var live = document.createElement("div");
      live.className = "chart-live";
      holder.appendChild(live);
      return window.vegaEmbed(live, spec, options).then(function (result) {
        var img = holder.querySelector("img.chart-static");
        if (img) { img.remove(); }
        exportLinks(holder, result.view, holder.getAttribute("data-chart").replace(/-spec$/, ""));
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
