(function () {
  "use strict";
  // Everything a member wrote reaches the page through textContent only: no innerHTML.
  var data = JSON.parse(document.getElementById("data").textContent);
  var rows = data.rows;
  var table = document.getElementById("ratings");
  var tbody = table.tBodies[0];
  var trs = Array.prototype.slice.call(tbody.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var search = document.getElementById("q");
  var filters = { college: document.getElementById("f-college"), grade: document.getElementById("f-grade"), stage: document.getElementById("f-stage") };
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}+/gu, "").replace(/œ/g, "oe").replace(/æ/g, "ae").toLowerCase();
  }
  var haystacks = rows.map(function (r) { return fold(r.cells.join(" ")); });

  function apply() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    trs.forEach(function (tr) {
      var i = Number(tr.getAttribute("data-i"));
      var r = rows[i];
      var ok = words.every(function (w) { return haystacks[i].indexOf(w) !== -1; })
        && (!filters.college.value || r.college === filters.college.value)
        && (!filters.grade.value || r.grade === filters.grade.value)
        && (!filters.stage.value || r.stage === filters.stage.value);
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown === rows.length
      ? rows.length + " notation" + (rows.length > 1 ? "s" : "")
      : shown + " notation" + (shown > 1 ? "s" : "") + " sur " + rows.length;
    empty.hidden = shown !== 0;
  }
  document.getElementById("controls").addEventListener("submit", function (e) { e.preventDefault(); });
  search.addEventListener("input", apply);
  Object.keys(filters).forEach(function (k) { filters[k].addEventListener("change", apply); });

  function compare(column, a, b) {
    if (column === 5) { // percent: a number, unrated places last
      if (a.percent === null || b.percent === null) { return (a.percent === null) - (b.percent === null); }
      return a.percent - b.percent;
    }
    return collator.compare(a.cells[column], b.cells[column]);
  }
  function sortBy(th) {
    var column = headers.indexOf(th);
    var direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", direction);
    var sign = direction === "ascending" ? 1 : -1;
    var order = trs.slice().sort(function (x, y) {
      var i = Number(x.getAttribute("data-i")), j = Number(y.getAttribute("data-i"));
      var a = rows[i], b = rows[j];
      var unrated = column === 5 && (a.percent === null) !== (b.percent === null);
      var c = compare(column, a, b);
      return (c === 0 ? i - j : (unrated ? c : c * sign));
    });
    order.forEach(function (tr) { tbody.appendChild(tr); });
  }
  headers.forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () { sortBy(th); });
  });

  var dialog = document.getElementById("detail");
  function cell(tr, text, className) {
    var td = document.createElement("td");
    td.textContent = text;
    if (className) { td.className = className; }
    tr.appendChild(td);
    return td;
  }
  function open(i) {
    var r = rows[i];
    var set = data.sets[r.set];
    document.getElementById("detail-title").textContent = r.cells[0];
    var summary = [r.cells[1], r.cells[2], "collège " + r.college + " (" + set.title + ", version " + set.version + ")"];
    // A grade without a percent (a ladder's) is shown alone.
    summary.push(r.grade === null ? "non noté" : "note " + r.grade + (r.cells[5] ? " (" + r.cells[5] + " %)" : ""));
    document.getElementById("detail-summary").textContent = summary.filter(Boolean).join(" · ");
    var links = document.getElementById("detail-links");
    links.textContent = "";
    if (r.website) {  // only a web address by tlcriteria's rule reaches the page
      var a = document.createElement("a");
      a.href = r.website;
      a.rel = "noopener noreferrer";
      a.textContent = r.website;
      links.appendChild(a);
    }
    var body = document.getElementById("detail-criteria").tBodies[0];
    body.textContent = "";
    r.results.forEach(function (result, k) {
      var criterion = set.criteria[k];  // [id, title, level]
      var outcome = result[0], justification = data.texts[result[3]], url = data.texts[result[4]];
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = criterion[1];
      tr.appendChild(th);
      cell(tr, data.levels[criterion[2]] || criterion[2]);
      // A peer's verdict on this answer, when a current review covers it.
      var verdict = {confirmed: " · confirmé par un pair", disputed: " · contesté par un pair"}[result[5]] || "";
      cell(tr, (data.outcomes[outcome] || outcome) + verdict, "o-" + outcome);
      cell(tr, String(result[1]).replace(".", ","), "num");
      cell(tr, data.texts[result[2]]);
      var just = cell(tr, justification);
      if (data.links.indexOf(result[4]) >= 0) {
        var link = document.createElement("a");
        link.href = url;
        link.rel = "noopener noreferrer nofollow";
        link.textContent = url;
        if (justification) { just.appendChild(document.createTextNode(" ")); }
        just.appendChild(link);
      } else if (url) {
        just.appendChild(document.createTextNode((justification ? " " : "") + url));
      }
      body.appendChild(tr);
    });
    dialog.showModal();
    document.getElementById("detail-close").focus();
  }
  tbody.addEventListener("click", function (e) {
    var button = e.target.closest("button.detail");
    if (button) { open(Number(button.closest("tr").getAttribute("data-i"))); }
  });
  document.getElementById("detail-close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (e) { if (e.target === dialog) { dialog.close(); } });
  apply();
})();
