// Live charts: each chart's patch is applied to a shared template from assets/charts/
// and drawn with vega-embed, from the site's own copy of Vega (assets/vega.js). The
// patch is in a JSON block on the page, or (data-src) in the chart file of a kommun ×
// area (diagram.json, one request for every chart of the page or embed), fetched from
// the site itself (connect-src 'self'). No inline script, no eval: Vega's expression
// interpreter (ast: true) runs under a Content-Security-Policy without 'unsafe-eval'.
// Without JavaScript, or if drawing fails, the static SVG and the table stay.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL("charts/", script ? script.src : document.baseURI);
  var templates = {};

  var files = {};

  function fetchJson(url) {
    return fetch(url, { credentials: "omit" }).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  function template(name) {
    if (!templates[name]) { templates[name] = fetchJson(new URL(name + ".json", base)); }
    return templates[name];
  }

  // A chart data URL in a chart file is relative to the file, not to the page.
  function fromFile(data, fileUrl) {
    data.patch.forEach(function (p) {
      if (p[1] && typeof p[1].url === "string") {
        p[1] = { url: new URL(p[1].url, fileUrl).href };
      }
    });
    return data;
  }

  function patchOf(holder) {
    var key = holder.getAttribute("data-chart");
    var src = holder.getAttribute("data-src");
    if (src) {
      var url = new URL(src, document.baseURI).href;
      if (!files[url]) { files[url] = fetchJson(url); }
      return files[url].then(function (file) {
        if (!file[key]) { throw new Error(key + " saknas i " + url); }
        return fromFile(JSON.parse(JSON.stringify(file[key])), url);
      });
    }
    var block = document.getElementById(key);
    if (!block) { return Promise.reject(new Error(key + " saknas")); }
    // In a CMS fragment the JSON is wrapped in <!-- -->, so that a filter which strips
    // the script tags leaves nothing visible (insyn/publish/fragment.py).
    var text = block.textContent.trim();
    if (text.slice(0, 4) === "<!--" && text.slice(-3) === "-->") { text = text.slice(4, -3); }
    return Promise.resolve(JSON.parse(text));
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

  // A patch entry is [path, value], or [[path, path, ...], value] for one value at
  // several paths (a chart file writes a scale that each layer repeats once).
  function applyPatch(spec, patch) {
    patch.forEach(function (p) {
      var paths = Array.isArray(p[0]) ? p[0] : [p[0]];
      paths.forEach(function (path) { setPath(spec, path, JSON.parse(JSON.stringify(p[1]))); });
    });
  }

  function draw(holder) {
    if (typeof window.vegaEmbed !== "function") { return; }
    patchOf(holder).then(function (data) {
      return template(data.template).then(function (t) { return [data, t]; });
    }).then(function (both) {
      var data = both[0];
      var spec = JSON.parse(JSON.stringify(both[1]));
      applyPatch(spec, data.patch);
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
