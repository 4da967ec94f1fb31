/* The decisions table: search, filter, sort and page over rows embedded as JSON.
   Only one page of rows is ever in the DOM, so 100,000 records stay usable. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("decisions-data").textContent);
  var OUT = data.outcomes, REASONS = data.reasons, ROWS = data.rows, COMPARE = data.compare, W = data.words;
  var state = { q: "", outcome: "", region: "", facility: "", changed: false, key: null, dir: 1, page: 0, size: 50 };
  var view = [], hay = null;
  var $ = function (id) { return document.getElementById(id); };
  var tbody = document.querySelector("#decisions-table tbody");

  /* A sentence of the page's language (data.words), its {names} filled in. */
  function say(key, values) {
    return W[key].replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
  }
  /* A whole number grouped in thousands the way the rest of the page writes them. */
  function num(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, W.group);
  }
  function reasonLabel(ref) {
    var r = REASONS[ref];
    return r.article + " · " + r.rule + (r.finding === "unknown" ? " (?)" : "");
  }
  function haystack(i) {
    if (!hay) {
      hay = new Array(ROWS.length);
      for (var j = 0; j < ROWS.length; j++) {
        var row = ROWS[j];
        hay[j] = [row[0], row[1], row[2], OUT[row[3]], row[6], row[7].map(reasonLabel).join(" "),
                  row[8].join(" ")].join("\u0001").toLowerCase();
      }
    }
    return hay[i];
  }
  /* Rows are the scenario's decisions; only records the scenario changes carry a baseline side: [outcome, new sentence, release, deciding rules]. */
  function changed(row) { return row.length > 10; }
  function other(row) { return changed(row) ? row[10] : [row[3], row[5], row[6], []]; }
  function sortValue(row, key) {
    if (key === "s0") return other(row)[0];
    if (key === "s2") return other(row)[2] || "\uffff";
    if (key === 3) return row[3];
    if (key === 6) return row[6] || "\uffff";
    if (key === 7) return row[7].length ? reasonLabel(row[7][0]) : "";
    return row[key];
  }
  function filter() {
    var q = state.q.toLowerCase().trim(), terms = q ? q.split(/\s+/) : [];
    var outcome = state.outcome === "" ? -1 : Number(state.outcome);
    view = [];
    for (var i = 0; i < ROWS.length; i++) {
      var row = ROWS[i];
      if (outcome >= 0 && row[3] !== outcome) continue;
      if (state.region && row[2] !== state.region) continue;
      if (state.facility && row[1] !== state.facility) continue;
      if (state.changed && !changed(row)) continue;
      if (terms.length) {
        var h = haystack(i), ok = true;
        for (var t = 0; t < terms.length && ok; t++) ok = h.indexOf(terms[t]) >= 0;
        if (!ok) continue;
      }
      view.push(i);
    }
    sort();
  }
  function sort() {
    if (state.key !== null) {
      var key = state.key, dir = state.dir;
      view.sort(function (a, b) {
        var x = sortValue(ROWS[a], key), y = sortValue(ROWS[b], key);
        return x < y ? -dir : x > y ? dir : a - b;
      });
    }
    state.page = 0;
    render();
  }
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function badge(td, outcome) {
    td.textContent = "";
    var span = document.createElement("span");
    span.className = "badge o-" + outcome;
    span.textContent = outcome;
    td.appendChild(span);
  }
  function detail(row) {
    var tr = document.createElement("tr"), td = document.createElement("td"), ul = document.createElement("ul");
    tr.className = "detail";
    td.colSpan = COMPARE ? 10 : 8;
    row[7].forEach(function (ref) {
      var r = REASONS[ref], li = document.createElement("li");
      li.textContent = r.article + " · " + r.rule + " (" + (W.effects[r.effect] || r.effect) + (r.finding === "unknown" ? W.comma + W.missing_fact : "") + "): " + r.text;
      ul.appendChild(li);
    });
    if (row[8].length) { var m = document.createElement("li"); m.textContent = say("missing_facts", { facts: row[8].join(W.comma) }); ul.appendChild(m); }
    row[9].forEach(function (e) { var li = document.createElement("li"); li.textContent = say("error", { error: e }); ul.appendChild(li); });
    if (changed(row)) {
      var s = other(row), c = document.createElement("li");
      c.textContent = say("under_baseline", { outcome: OUT[s[0]] }) + (s[1] ? W.comma + s[1] : "") +
        (s[2] ? W.comma + say("released", { date: s[2] }) : "") + W.semicolon + say("deciding", { rules: s[3].join(W.comma) });
      ul.appendChild(c);
    }
    if (!ul.children.length) { var none = document.createElement("li"); none.textContent = W.no_rule; ul.appendChild(none); }
    td.appendChild(ul);
    tr.appendChild(td);
    return tr;
  }
  function render() {
    var pages = Math.max(1, Math.ceil(view.length / state.size));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    var start = state.page * state.size, end = Math.min(view.length, start + state.size);
    var fragment = document.createDocumentFragment();
    for (var k = start; k < end; k++) {
      var row = ROWS[view[k]], tr = document.createElement("tr");
      var idCell = cell(tr, ""), button = document.createElement("button");
      button.type = "button"; button.className = "link"; button.textContent = row[0] || W.no_id;
      button.setAttribute("aria-expanded", "false");
      button.dataset.row = view[k];
      idCell.appendChild(button);
      cell(tr, row[1]); cell(tr, row[2]);
      badge(cell(tr, ""), OUT[row[3]]);
      cell(tr, row[4]); cell(tr, row[5]); cell(tr, row[6], "num");
      cell(tr, row[7].map(reasonLabel).join("; "));
      if (COMPARE) {
        var s = other(row);
        badge(cell(tr, ""), OUT[s[0]]);
        cell(tr, s[2], "num");
        if (changed(row)) tr.className = "changed";
      }
      fragment.appendChild(tr);
    }
    tbody.textContent = "";
    tbody.appendChild(fragment);
    var total = num(ROWS.length);
    $("table-status").textContent = view.length === ROWS.length
      ? say("all", { total: total })
      : say("match", { count: num(view.length), total: total });
    $("page-label").textContent = view.length
      ? say("rows", { first: num(start + 1), last: num(end), count: num(view.length), page: num(state.page + 1),
                      pages: num(pages) })
      : W.no_rows;
    $("first").disabled = $("prev").disabled = state.page === 0;
    $("next").disabled = $("last").disabled = state.page >= pages - 1;
  }
  function fillSelect(select, values) {
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = option.textContent = value;
      select.appendChild(option);
    });
  }
  function unique(index) {
    var seen = Object.create(null);  // a facility named "__proto__" is a key like any other
    ROWS.forEach(function (row) { seen[row[index]] = true; });
    return Object.keys(seen).sort();
  }
  function csvField(value) {
    var text = String(value == null ? "" : value);
    // A cell a spreadsheet would run as a formula gets a leading ' (the OWASP rule; amnesty.io.cells).
    if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = "'" + text;
    return /[",\n\r;]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function download() {
    var header = ["record_id", "facility_id", "region", "outcome", "sentence", "new_sentence", "release_date", "reasons"];
    if (COMPARE) header.push("baseline_outcome", "baseline_new_sentence", "baseline_release_date", "deciding_rules");
    var lines = [header.join(",")];
    view.forEach(function (i) {
      var row = ROWS[i], fields = [row[0], row[1], row[2], OUT[row[3]], row[4], row[5], row[6], row[7].map(reasonLabel).join("; ")];
      if (COMPARE) { var s = other(row); fields.push(OUT[s[0]], s[1], s[2], s[3].join("; ")); }
      lines.push(fields.map(csvField).join(","));
    });
    var url = URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" }));
    var a = document.createElement("a");
    a.href = url; a.download = "decisions-selected.csv";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function show(filters) {
    Object.keys(filters).forEach(function (k) { state[k] = filters[k]; });
    $("f-region").value = state.region; $("f-facility").value = state.facility;
    if ($("f-changed")) $("f-changed").checked = state.changed;
    filter();
    $("decisions").scrollIntoView();
  }

  fillSelect($("f-region"), unique(2));
  fillSelect($("f-facility"), unique(1));
  var timer = null;
  $("q").addEventListener("input", function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = e.target.value; filter(); }, 150);
  });
  $("f-outcome").addEventListener("change", function (e) { state.outcome = e.target.value; filter(); });
  $("f-region").addEventListener("change", function (e) { state.region = e.target.value; filter(); });
  $("f-facility").addEventListener("change", function (e) { state.facility = e.target.value; filter(); });
  if ($("f-changed")) $("f-changed").addEventListener("change", function (e) { state.changed = e.target.checked; filter(); });
  $("page-size").addEventListener("change", function (e) { state.size = Number(e.target.value); render(); });
  $("reset").addEventListener("click", function () {
    $("q").value = ""; $("f-outcome").value = "";
    state.q = ""; state.outcome = "";
    show({ region: "", facility: "", changed: false });
  });
  $("download").addEventListener("click", download);
  $("first").addEventListener("click", function () { state.page = 0; render(); });
  $("prev").addEventListener("click", function () { state.page -= 1; render(); });
  $("next").addEventListener("click", function () { state.page += 1; render(); });
  $("last").addEventListener("click", function () { state.page = Infinity; render(); });
  document.querySelectorAll("#decisions-table thead th").forEach(function (th) {
    th.addEventListener("click", function () {
      var raw = th.dataset.key, key = /^\d+$/.test(raw) ? Number(raw) : raw;
      state.dir = state.key === key ? -state.dir : 1;
      state.key = key;
      document.querySelectorAll("#decisions-table thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      sort();
    });
  });
  tbody.addEventListener("click", function (e) {
    var button = e.target.closest("button[data-row]");
    if (!button) return;
    var tr = button.closest("tr"), open = button.getAttribute("aria-expanded") === "true";
    if (open) { tr.nextSibling.remove(); } else { tr.after(detail(ROWS[Number(button.dataset.row)])); }
    button.setAttribute("aria-expanded", open ? "false" : "true");
  });
  document.addEventListener("click", function (e) {
    var target = e.target.closest("[data-filter-facility],[data-filter-region],[data-filter-changed]");
    if (!target) return;
    if (target.dataset.filterFacility !== undefined) show({ facility: target.dataset.filterFacility, region: "", changed: false });
    else if (target.dataset.filterRegion !== undefined) show({ region: target.dataset.filterRegion, facility: "", changed: false });
    else show({ changed: true, region: "", facility: "" });
  });

  /* Small static tables: click a header to sort by that column. */
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var body = table.tBodies[0];
    table.querySelectorAll("thead th").forEach(function (th, index) {
      th.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        var value = function (tr) {
          var td = tr.cells[index], raw = td.dataset.value !== undefined ? td.dataset.value : td.textContent.replace(/[,+]/g, "");
          var n = Number(raw);
          return raw.trim() !== "" && !isNaN(n) ? n : td.textContent.trim().toLowerCase();
        };
        rows.sort(function (a, b) { var x = value(a), y = value(b); return x < y ? -dir : x > y ? dir : 0; });
        rows.forEach(function (tr) { body.appendChild(tr); });
      });
    });
  });

  filter();
  document.documentElement.dataset.ready = "true";
})();
