// "Kopiera texten": copies the press text. External file (no inline script, strict CSP).
// Without JavaScript the button stays hidden and the text can be selected as usual.
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "absolute";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }
  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.tagName === "TEXTAREA" ? target.value : target.innerText.trim() + "\n";
      copyText(text).then(function () {
        if (status) { status.textContent = target.tagName === "TEXTAREA" ? "Koden är kopierad." : "Texten är kopierad."; }
      }, function () {
        if (status) { status.textContent = "Det gick inte att kopiera. Markera texten och kopiera den själv."; }
      });
    });
  });
})();
