/*! Layerlab embed loader (docs/embedding.md). Include it once:
 *    <script src="https://YOUR-LAYERLAB/embed.js" defer></script>
 * and write Dockerfiles as <pre data-layerlab>…</pre>. Each one becomes a
 * live playground when it scrolls into view; without scripts it stays a
 * readable code block. Options (data attributes on the <pre>):
 *   data-readonly            no editing
 *   data-panes="editor,findings,graph,sizes,files"
 *   data-pane="findings"     the panel open first
 *   data-theme="light|dark|auto"
 *   data-lang="en|ru|zh"
 *   data-height="400"        a fixed height in px (default: follows the content)
 * Build-context files: <pre data-layerlab-file="requirements.txt">…</pre>
 * blocks right after a <pre data-layerlab> belong to it (and are hidden with it).
 * Plain JS, no dependencies. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || window.__layerlabEmbed) return;
  // The playground lives next to this file (also under a sub-path).
  var base = new URL(".", script.src).href;
  var baseOrigin = new URL(base).origin;
  var LONG_URL = 6000; // longer texts are sent by postMessage, not in the URL
  var frames = []; // {iframe, pending text or null, fixed height}

  function attr(pre, name) {
    var v = pre.getAttribute("data-" + name);
    return v === null ? null : v.trim();
  }

  /** The <pre data-layerlab-file> blocks right after `pre`: [[path, text], …]. */
  function filesOf(pre) {
    var out = [];
    for (var el = pre.nextElementSibling; el && el.hasAttribute("data-layerlab-file"); el = el.nextElementSibling) {
      out.push([el.getAttribute("data-layerlab-file").trim(), el.textContent.replace(/^\n/, ""), el]);
    }
    return out;
  }

  function src(pre, text, files) {
    var q = ["embed"];
    var ro = attr(pre, "readonly");
    if (ro !== null && ro !== "false" && ro !== "0") q.push("readonly");
    ["panes", "pane", "theme", "lang"].forEach(function (k) {
      var v = attr(pre, k);
      if (v) q.push(k + "=" + encodeURIComponent(v));
    });
    // Commands are accepted from this page's origin only.
    if (location.origin && location.origin !== "null") q.push("origin=" + encodeURIComponent(location.origin));
    var code = encodeURIComponent(text);
    var long = code.length > LONG_URL;
    if (!long) q.push("code=" + code);
    files.forEach(function (f) {
      if (f[0]) q.push("file=" + encodeURIComponent(f[0] + ":" + f[1]));
    });
    return { url: base + "?" + q.join("&"), long: long };
  }

  function upgrade(pre) {
    if (pre.getAttribute("data-layerlab-done")) return;
    pre.setAttribute("data-layerlab-done", "1");
    var text = pre.textContent.replace(/^\n/, "");
    var files = filesOf(pre);
    var s = src(pre, text, files);
    var iframe = document.createElement("iframe");
    var h = parseInt(attr(pre, "height") || "", 10);
    var fixed = h > 0;
    // A first guess from the number of lines, until the embed reports its height.
    var lines = text.split("\n").length;
    iframe.style.height = (fixed ? h : Math.min(40 + lines * 21, 460) + 260) + "px";
    iframe.style.width = "100%";
    iframe.style.border = "0";
    iframe.style.display = "block";
    iframe.title = pre.getAttribute("title") || "Layerlab: Dockerfile playground";
    iframe.setAttribute("loading", "lazy");
    iframe.setAttribute("data-layerlab-frame", "");
    iframe.src = s.url;
    frames.push({ iframe: iframe, text: s.long ? text : null, fixed: fixed });
    pre.parentNode.insertBefore(iframe, pre.nextSibling);
    pre.hidden = true;
    files.forEach(function (f) { f[2].hidden = true; });
  }

  function frameOf(win) {
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].iframe.contentWindow === win) return frames[i];
    }
    return null;
  }

  window.addEventListener("message", function (e) {
    // Only our own iframes, and only from the playground's origin.
    var f = frameOf(e.source);
    if (!f || e.origin !== baseOrigin) return;
    var d = e.data;
    if (!d || typeof d !== "object" || typeof d.type !== "string") return;
    if (d.type === "layerlab:resize") {
      var h = Number(d.height);
      if (!f.fixed && isFinite(h) && h > 0) f.iframe.style.height = Math.min(Math.ceil(h), 20000) + "px";
    } else if (d.type === "layerlab:ready" && f.text !== null) {
      f.iframe.contentWindow.postMessage({ type: "layerlab:set-text", text: f.text }, baseOrigin);
      f.text = null;
    }
  });

  var observer =
    "IntersectionObserver" in window
      ? new IntersectionObserver(
          function (entries) {
            entries.forEach(function (en) {
              if (en.isIntersecting) {
                observer.unobserve(en.target);
                upgrade(en.target);
              }
            });
          },
          { rootMargin: "300px 0px" },
        )
      : null;

  function scan(root) {
    var pres = (root || document).querySelectorAll("pre[data-layerlab]:not([data-layerlab-done])");
    for (var i = 0; i < pres.length; i++) {
      if (observer) observer.observe(pres[i]);
      else upgrade(pres[i]);
    }
  }

  window.__layerlabEmbed = { scan: scan, base: base };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { scan(); });
  else scan();
})();
