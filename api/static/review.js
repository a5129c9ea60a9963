// Keyboard control of the review pages. Plain forms and links work without it.
(function () {
  "use strict";

  function typing(event) {
    var tag = event.target && event.target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" ||
      (event.target && event.target.isContentEditable);
  }

  function go(url) { if (url) { window.location.assign(url); } }

  function queueKeys() {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tr[data-href]"));
    var at = rows.length ? 0 : -1;
    function select(index) {
      if (!rows.length) { return; }
      at = Math.max(0, Math.min(rows.length - 1, index));
      rows.forEach(function (row, i) { row.classList.toggle("selected", i === at); });
      rows[at].scrollIntoView({ block: "nearest" });
    }
    rows.forEach(function (row, i) {
      row.addEventListener("click", function (event) {
        if (event.target.tagName !== "A") { go(row.dataset.href); }
      });
      row.addEventListener("mouseenter", function () { at = i; });
    });
    select(0);
    return {
      j: function () { select(at + 1); }, n: function () { select(at + 1); },
      k: function () { select(at - 1); }, p: function () { select(at - 1); },
      o: function () { if (at >= 0) { go(rows[at].dataset.href); } },
      Enter: function () { if (at >= 0) { go(rows[at].dataset.href); } }
    };
  }

  function pairKeys() {
    var nav = document.querySelector(".pairnav");
    var form = document.getElementById("decision-form");
    var note = document.getElementById("note");
    function decide(value) {
      var button = form && form.querySelector('button[value="' + value + '"]');
      // One decision per page: a repeated key press must not post twice.
      if (button && !form.dataset.sent) { form.dataset.sent = "1"; button.click(); }
    }
    function openNote() { if (note) { note.focus(); } }
    var next = function () { go(nav && nav.dataset.next); };
    var prev = function () { go(nav && nav.dataset.prev); };
    return {
      j: next, n: next, k: prev, p: prev,
      s: function () { decide("same"); }, d: function () { decide("different"); },
      u: function () { decide("unsure"); }, o: openNote, "/": openNote,
      q: function () { go(nav && nav.dataset.queue); }
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var page = document.body.dataset.page;
    var keys = page === "queue" ? queueKeys() : page === "pair" ? pairKeys() : null;
    if (!keys) { return; }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && typing(event)) { event.target.blur(); return; }
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
      var action = keys[event.key];
      if (action) { event.preventDefault(); action(); }
    });
  });
})();
