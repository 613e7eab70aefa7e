// "Sök kommun" on the start page: filters the list of kommuner by län as you type.
// External file (strict CSP, no inline script). Without JavaScript the form stays
// hidden and the complete list is the way in. Matching ignores case and diacritics
// ("malmo" finds Malmö, "habo" finds Habo and Håbo); Enter goes to the best hit.
(function () {
  "use strict";
  var form = document.querySelector("form.finder");
  var list = document.getElementById("kommuner-efter-lan");
  if (!form || !list) { return; }
  var input = form.querySelector("input");
  var status = form.querySelector(".finder-count");
  var groups = Array.prototype.map.call(list.querySelectorAll("section.lan"), function (section) {
    return {
      section: section,
      items: Array.prototype.map.call(section.querySelectorAll("li"), function (li) {
        var link = li.querySelector("a");
        var name = link.textContent.trim();
        return { li: li, link: link, lower: fold(name, false), plain: fold(name, true) };
      })
    };
  });
  var total = groups.reduce(function (n, g) { return n + g.items.length; }, 0);
  var hits = [];
  var timer = null;

  // Lower case, one space for runs of spaces and dashes; plain also drops diacritics.
  function fold(text, plain) {
    var s = text.toLocaleLowerCase("sv").replace(/[\s\u2010-\u2015-]+/g, " ").trim();
    return plain ? s.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : s;
  }

  // Lower is better: exact name first, then names that start with the query.
  function rank(item, lower, plain) {
    if (item.lower === lower) { return 0; }
    if (item.plain === plain) { return 1; }
    if (item.lower.indexOf(lower) === 0) { return 2; }
    if (item.plain.indexOf(plain) === 0) { return 3; }
    return 4;
  }

  function count(n) {
    if (n === 0) { return "Ingen kommun passar. Prova en annan stavning."; }
    return n === 1 ? "1 kommun" : n + " kommuner";
  }

  function filter() {
    var lower = fold(input.value, false);
    var plain = fold(input.value, true);
    hits = [];
    groups.forEach(function (g) {
      var shown = 0;
      g.items.forEach(function (item) {
        var match = item.plain.indexOf(plain) !== -1;
        item.li.hidden = !match;
        if (match) {
          shown += 1;
          hits.push({ item: item, rank: rank(item, lower, plain), order: hits.length });
        }
      });
      g.section.hidden = shown === 0;
    });
    // Polite and a moment late, so a screen reader is not interrupted at every key.
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      status.textContent = plain ? count(hits.length) : count(total);
    }, 300);
  }

  function best() {
    return hits.slice().sort(function (a, b) {
      return a.rank - b.rank || a.order - b.order;
    })[0];
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var hit = fold(input.value, true) ? best() : null;
    if (hit) { window.location.assign(hit.item.link.href); }
  });
  input.addEventListener("input", filter);
  form.hidden = false;
  if (input.value) { filter(); }
})();
