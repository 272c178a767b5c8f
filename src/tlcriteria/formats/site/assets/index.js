/* The index, enhanced: search (accents and case ignored) on name, town, publics and
   services; filters; sorting on every column; paging. Member text is only ever set
   with textContent. Without this script the page is a plain paged table. */
(function () {
  "use strict";
  var D = window.TL_SITE;
  var table = document.getElementById("places");
  var form = document.getElementById("finder");
  if (!D || !table || !form) return;
  var root = table.getAttribute("data-page") === "1" ? "" : "../../";
  var pageSize = D.pageSize;
  var tbody = table.tBodies[0];
  var status = document.getElementById("count");
  var pagerBox = document.getElementById("pager");
  var labels = [];
  var headers = table.tHead.rows[0].cells;
  for (var h = 0; h < headers.length; h++) labels.push(headers[h].textContent);

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae").toLowerCase();
  }
  // Row: [id, name, town, stage, college index, grade, percent, rank, publics, services,
  //       verification ("self", "verified", "disputed" or ""), freshness ("current", "stale" or ""),
  //       signature (SPEC §11 state, or "" when not checked)]
  var rows = D.rows.map(function (r, i) {
    var pubs = r[8].map(function (k) { return D.publics[k]; });
    var servs = r[9].map(function (k) { return D.services[k]; });
    return { r: r, i: i, pubs: pubs.join(", "), servs: servs.join(", "), pubList: pubs, servList: servs,
             key: fold(r[1] + "\n" + r[2] + "\n" + pubs.join("\n") + "\n" + servs.join("\n")),
             name: fold(r[1]), town: fold(r[2]) };
  });
  var state = { q: "", college: "", grade: "", stage: "", pub: "", serv: "", ver: "", fresh: "", sig: "", sort: null, dir: 1,
                page: parseInt(table.getAttribute("data-page"), 10) || 1 };
  var controls = { college: "f-college", grade: "f-grade", stage: "f-stage", pub: "f-public", serv: "f-service",
                   ver: "f-verification", fresh: "f-freshness", sig: "f-signature" };

  var keys = {
    name: function (x) { return x.name; },
    town: function (x) { return x.town; },
    college: function (x) { return x.r[4] < 0 ? "" : D.colleges[x.r[4]]; },
    stage: function (x) { return x.r[3]; },
    grade: function (x) { return x.r[7] < 0 ? 99 : x.r[7]; },
    percent: function (x) { return x.r[6] === null ? -1 : x.r[6]; },
    publics: function (x) { return fold(x.pubs); },
    services: function (x) { return fold(x.servs); }
  };

  function matches(x) {
    var r = x.r;
    if (state.college !== "" && String(r[4]) !== state.college) return false;
    if (state.grade !== "" && r[5] !== state.grade) return false;
    if (state.stage !== "" && r[3] !== state.stage) return false;
    if (state.pub !== "" && r[8].indexOf(+state.pub) < 0) return false;
    if (state.serv !== "" && r[9].indexOf(+state.serv) < 0) return false;
    if (state.ver !== "" && r[10] !== state.ver) return false;
    if (state.fresh !== "" && r[11] !== state.fresh) return false;
    if (state.sig !== "" && r[12] !== state.sig) return false;
    if (state.q !== "") {
      for (var w = 0; w < state.q.length; w++) if (x.key.indexOf(state.q[w]) < 0) return false;
    }
    return true;
  }

  function cell(tag, label, text) {
    var c = document.createElement(tag);
    if (label) c.setAttribute("data-label", label);
    if (text) c.textContent = text;
    return c;
  }

  // Words members wrote, each in a <bdi>, as the page writes them: a right-to-left word keeps its place.
  function wordsCell(label, words) {
    var c = cell("td", label);
    for (var w = 0; w < words.length; w++) {
      if (w) c.appendChild(document.createTextNode(", "));
      var b = document.createElement("bdi");
      b.textContent = words[w];
      c.appendChild(b);
    }
    return c;
  }

  function rowElement(x) {
    var r = x.r, tr = document.createElement("tr");
    var th = cell("th", labels[0]);
    th.setAttribute("scope", "row");
    var a = document.createElement("a");
    a.href = root + "lieux/" + encodeURIComponent(r[0]) + "/index.html";
    a.textContent = r[1];
    th.appendChild(a);
    tr.appendChild(th);
    tr.appendChild(cell("td", labels[1], r[2]));
    tr.appendChild(cell("td", labels[2], r[4] < 0 ? "" : D.colleges[r[4]]));
    tr.appendChild(cell("td", labels[3], D.stages[r[3]] || r[3]));
    var g = cell("td", labels[4]);
    if (r[4] >= 0) {
      var chip = document.createElement("span");
      chip.className = "grade g" + (r[7] < 0 ? "u" : r[7]);
      chip.textContent = r[5] || "—";
      g.appendChild(chip);
    }
    tr.appendChild(g);
    var p = cell("td", "%", r[6] === null ? "" : r[6].toFixed(1).replace(".", D.decimal));
    p.className = "num";
    tr.appendChild(p);
    tr.appendChild(wordsCell(labels[6], x.pubList));
    tr.appendChild(wordsCell(labels[7], x.servList));
    return tr;
  }

  var shown = rows;
  function compute() {
    shown = rows.filter(matches);
    if (state.sort) {
      var key = keys[state.sort], dir = state.dir;
      shown = shown.map(function (x) { return [key(x), x]; });
      shown.sort(function (a, b) { return a[0] < b[0] ? -dir : a[0] > b[0] ? dir : a[1].i - b[1].i; });
      shown = shown.map(function (p) { return p[1]; });
    }
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k]; });
  }

  function pageButton(text, page, current) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (current) b.setAttribute("aria-current", "page");
    if (page === null) b.disabled = true;
    else b.addEventListener("click", function () { state.page = page; render(); table.scrollIntoView(); });
    return b;
  }

  function render() {
    var pages = Math.max(1, Math.ceil(shown.length / pageSize));
    if (state.page > pages) state.page = pages;
    var first = (state.page - 1) * pageSize;
    var slice = shown.slice(first, first + pageSize);
    var body = document.createElement("tbody");
    for (var i = 0; i < slice.length; i++) body.appendChild(rowElement(slice[i]));
    table.replaceChild(body, tbody);
    tbody = body;
    status.textContent = shown.length === 0 ? D.text.none : say(D.text.status, {
      page: state.page, pages: pages, first: first + 1, last: first + slice.length, total: shown.length });
    var nav = document.createElement("nav");
    nav.className = "pager";
    nav.setAttribute("aria-label", pagerBox.firstChild ? pagerBox.firstChild.getAttribute("aria-label") : "Pages");
    if (pages > 1) {
      nav.appendChild(pageButton(D.text.previous, state.page > 1 ? state.page - 1 : null, false));
      var seen = {};
      [1, state.page - 1, state.page, state.page + 1, pages].forEach(function (n) {
        if (n >= 1 && n <= pages && !seen[n]) { seen[n] = 1; nav.appendChild(pageButton(String(n), n, n === state.page)); }
      });
      nav.appendChild(pageButton(D.text.next, state.page < pages ? state.page + 1 : null, false));
    }
    pagerBox.textContent = "";
    pagerBox.appendChild(nav);
  }

  function update() { state.page = 1; compute(); render(); }

  // Sort buttons in the headings, with aria-sort on the sorted column.
  Array.prototype.forEach.call(headers, function (th) {
    var key = th.getAttribute("data-key");
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = th.textContent;
    b.setAttribute("aria-label", say(D.text.sort, { column: th.textContent }));
    th.textContent = "";
    th.appendChild(b);
    b.addEventListener("click", function () {
      state.dir = state.sort === key ? -state.dir : 1;
      state.sort = key;
      Array.prototype.forEach.call(headers, function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      update();
    });
  });

  var input = document.getElementById("q");
  input.addEventListener("input", function () {
    var q = fold(input.value).trim();
    state.q = q ? q.split(/\s+/) : [];
    if (!state.q.length) state.q = "";
    update();
  });
  Object.keys(controls).forEach(function (k) {
    var el = document.getElementById(controls[k]);
    if (el) el.addEventListener("change", function () { state[k] = el.value; update(); });
  });
  // index.html#college=NAME (the college pages link here) starts filtered.
  var m = /college=([^&]+)/.exec(location.hash);
  if (m) {
    var at = D.colleges.indexOf(decodeURIComponent(m[1]));
    var sel = document.getElementById("f-college");
    if (at >= 0 && sel) { sel.value = String(at); state.college = String(at); state.page = 1; }
  }
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  compute();
  render();
  document.documentElement.setAttribute("data-ready", "1");
})();
