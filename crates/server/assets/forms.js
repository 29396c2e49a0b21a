// Sends every <form data-api> to the JSON API as the same request an enterprise system would
// make, with the session's CSRF token, and shows the answer. A field marked data-list is sent
// as a list of its lines; data-fields="a b" makes each line an object of those names;
// type=number is sent as a number; a name with dots ("approval.regime") nests; empty fields
// are left out; a field marked data-path only fills the {name} of data-api. data-then navigates on success and data-ok shows a message; both may name
// fields of the answer as {field}.
(function () {
  "use strict";
  function csrf() {
    var m = document.cookie.match(/(?:^|; )yima_csrf=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : null;
  }
  function fill(template, answer) {
    return template.replace(/\{([a-z_]+)\}/g, function (_, k) {
      return encodeURIComponent(answer[k] == null ? "" : String(answer[k]));
    });
  }
  function put(body, name, value) {
    var parts = name.split("."), at = body;
    for (var i = 0; i < parts.length - 1; i++) at = at[parts[i]] = at[parts[i]] || {};
    at[parts[parts.length - 1]] = value;
  }
  function read(form, withPath) {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit") return;
      if (el.dataset.path !== undefined && !withPath) return;
      var v = el.value.trim();
      if (v === "") return;
      if (el.dataset.list !== undefined) {
        var names = el.dataset.fields ? el.dataset.fields.split(" ") : null;
        v = v.split(/[\r\n]+/).map(function (s) { return s.trim(); }).filter(Boolean)
          .map(function (line) {
            if (!names) return line;
            var o = {}, cells = line.split(/\s+/);
            names.forEach(function (n, i) { o[n] = cells[i] || ""; });
            return o;
          });
      } else if (el.type === "number") {
        v = Number(v);
      }
      put(body, el.name, v);
    });
    return body;
  }
  function problem(answer) {
    var text = answer.detail || answer.title || "";
    (answer.errors || []).forEach(function (e) {
      text += "\n" + (e.field ? e.field + ": " : "") + (e.problem || e.message || e.detail || "");
    });
    return text;
  }
  function show(out, outcome, text) {
    if (!out) return;
    out.dataset.outcome = outcome;
    out.textContent = text;
  }
  async function send(form) {
    var out = form.querySelector("[role=status]");
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    var token = csrf();
    if (token) headers["X-CSRF-Token"] = token;
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    show(out, "busy", form.dataset.saving || "…");
    try {
      var res = await fetch(fill(form.dataset.api, read(form, true)), {
        method: form.dataset.method || "POST", headers: headers,
        body: JSON.stringify(read(form)), credentials: "same-origin"
      });
      var answer = res.status === 204 ? {} : await res.json().catch(function () { return {}; });
      if (!res.ok) return show(out, "error", (form.dataset.failed || "") + problem(answer));
      if (form.dataset.then) return location.assign(fill(form.dataset.then, answer).replace(/%2F/g, "/"));
      show(out, "ok", (form.dataset.ok || "") + (form.dataset.show ? answer[form.dataset.show] : ""));
      form.querySelectorAll("[data-clear]").forEach(function (el) { el.value = ""; });
    } catch (e) {
      show(out, "error", form.dataset.offline || String(e));
    } finally {
      if (button) button.disabled = false;
    }
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target.closest("form[data-api]");
    if (!form) return;
    ev.preventDefault();
    send(form);
  });
  document.addEventListener("click", function (ev) {
    var out = ev.target.closest("[data-logout]");
    if (!out) return;
    var headers = {};
    var token = csrf();
    if (token) headers["X-CSRF-Token"] = token;
    fetch("/api/v1/session", { method: "DELETE", headers: headers, credentials: "same-origin" })
      .finally(function () { location.assign(out.dataset.logout); });
  });
})();
