/* The self-assessment page: tlcriteria.browser runs in Pyodide in a Web Worker (assess-worker.js);
   this script only shows what it says, and never waits for it: every call is a promise.
   Every answer goes to the engine (the questionnaire's own checks and messages); the state it
   returns is drawn, kept in localStorage, and offered as the place file to download.
   Member text is only ever set with textContent or as a form value. */
(function () {
  "use strict";
  var data = window.TL_ASSESS;
  var T = data.text;
  var ROOT = "/home/pyodide/tlcriteria-bundle";  // where the worker unpacks the bundle
  var status = document.getElementById("assess-status");
  var form = document.getElementById("assess");
  var worker = null;
  var waiting = {};      // the worker's promised replies, by message id
  var sent = 0;
  var inFlight = 0;      // calls not answered yet: the state is drawn when the last one is
  var settled = [];      // what idle() waits for
  var state = null;
  var drawnFor = null;   // the question ids the form was built for
  var keep = { original: "", name: "" };  // the file opened to resume (its text stays the base)

  function say(text) { status.textContent = text; }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function unsupported() {
    document.getElementById("assess-unsupported").hidden = false;
  }
  if (typeof WebAssembly !== "object" || typeof window.Worker !== "function" || !window.fetch) {
    unsupported();
    return;
  }

  var adviceTimer = null;
  var advising = false;  // the last call asked for advice (the next set's follows at once)

  function post(message) {
    sent += 1;
    message.id = sent;
    return new Promise(function (resolve, reject) {
      waiting[sent] = { resolve: resolve, reject: reject };
      worker.postMessage(message);
    });
  }

  function received(event) {
    var message = event.data;
    var promised = waiting[message.id];
    delete waiting[message.id];
    if (message.failed !== undefined) promised.reject(new Error(message.failed));
    else promised.resolve(message);
  }

  // One request to the engine; the promise gives its answer {error, notes, state}. Requests are
  // answered in order; the form is redrawn once the last one sent is answered.
  function call(request) {
    inFlight += 1;
    advising = request.op === "advice";
    clearTimeout(adviceTimer);
    return post({ request: JSON.stringify(request) }).then(function (message) {
      var answer = JSON.parse(message.reply);
      if (answer.state) state = answer.state;
      done();
      return answer;
    }, function (error) {
      done();
      clearTimeout(adviceTimer);  // no advice asked again on its own after a failure
      // A Python error comes with its traceback: its last line says what went wrong.
      say(T.broken.replace("{error}", String(error.message).trim().split("\n").pop()));
      throw error;
    });
  }

  function done() {
    inFlight -= 1;
    if (inFlight) return;
    draw(); store(); laterAdvice();
    settled.splice(0).forEach(function (resolve) { resolve(state); });
  }

  function idle() {
    return inFlight ? new Promise(function (resolve) { settled.push(resolve); }) : Promise.resolve(state);
  }

  // The grade comes with each answer; the advice (a search that may take a second for one set,
  // in the worker) once the member pauses, one set at a time: an answer given meanwhile waits
  // for one search at most, and the sets still without advice follow when the engine is free.
  function laterAdvice() {
    clearTimeout(adviceTimer);
    var missing = state.ratings.filter(function (r) { return r.advice === null; })[0];
    if (!missing) return;
    var pause = advising ? 0 : 600;  // the next set at once; the first once the member pauses
    adviceTimer = setTimeout(function () {
      if (!inFlight) call({ op: "advice", set: missing.set });
    }, pause);
  }

  function store() {
    try {
      window.localStorage.setItem(data.storage, JSON.stringify(
        { original: keep.original, name: keep.name, draft: state.draft }));
    } catch (e) { /* private browsing: the file download still works */ }
  }

  function kept() {
    try { return JSON.parse(window.localStorage.getItem(data.storage) || "null"); } catch (e) { return null; }
  }


  // ------------------------------------------------------------------ drawing

  function showError(id, message) {
    var node = document.getElementById(id);
    if (node) node.textContent = message || "";
    var field = document.querySelector('[aria-describedby~="' + id + '"]');
    if (field) {
      if (message) field.setAttribute("aria-invalid", "true"); else field.removeAttribute("aria-invalid");
    }
  }

  // The network's usual words ticked, the place's own words in the field beside them.
  function drawWords(key) {
    var holder = document.getElementById("f-" + key + "-usual");
    var usual = state.usual[key];
    if (!holder.childElementCount) {
      usual.forEach(function (word, i) {
        var id = "f-" + key + "-" + i;
        var row = el("div", { "class": "choice" });
        row.appendChild(el("input", { type: "checkbox", id: id, value: word.value }));
        row.appendChild(el("label", { "for": id }, word.label));
        holder.appendChild(row);
      });
    }
    var values = usual.map(function (word) { return word.value; });
    var given = state.identity[key];
    Array.prototype.forEach.call(holder.querySelectorAll("input"), function (box) {
      box.checked = given.indexOf(box.value) >= 0;
    });
    var own = document.getElementById("f-" + key + "-own");
    if (document.activeElement !== own) {
      own.value = given.filter(function (w) { return values.indexOf(w) < 0; }).join(", ");
    }
  }

  function drawIdentity() {
    Object.keys(state.identity).forEach(function (key) {
      var input = document.getElementById("f-" + key);
      if (Array.isArray(state.identity[key])) drawWords(key);
      else if (input && document.activeElement !== input) input.value = state.identity[key];
    });
    var list = document.getElementById("college-list");
    if (!list.childElementCount) {
      state.colleges.forEach(function (college) {
        var id = "college-" + college.name;
        var box = el("input", { type: "checkbox", id: id, value: college.name, "class": "college" });
        var label = el("label", { "for": id }, college.name + " — " + college.title);
        var row = el("div", { "class": "choice" });
        row.appendChild(box); row.appendChild(label); list.appendChild(row);
        box.addEventListener("change", function () {
          var chosen = Array.prototype.filter.call(list.querySelectorAll("input.college"), function (b) {
            return b.checked; }).map(function (b) { return b.value; });
          call({ op: "identity", field: "colleges", text: chosen.join(", ") }).then(function (reply) {
            showError("f-colleges-error", reply.error);
          });
        });
      });
    }
    Array.prototype.forEach.call(list.querySelectorAll("input.college"), function (box) {
      box.checked = state.chosen.indexOf(box.value) >= 0;
    });
  }

  function control(q, number) {
    var box = el("div", { "class": "criterion", id: "q-" + q.id });
    var c = q.control;
    var errorId = "q-" + q.id + "-error";
    var helpId = "q-" + q.id + "-help";
    var heading = el("h3", { id: "q-" + q.id + "-title" }, q.title);
    box.appendChild(el("p", { "class": "meta" },
      T.question.replace("{number}", number).replace("{total}", state.questions.length) +
      (q.theme ? " · " + T.theme.replace("{theme}", q.theme) : "") + (q.level === "must" ? " · " + T.must : "")));
    box.appendChild(heading);
    var described = errorId + (q.help || c.hint ? " " + helpId : "");
    var group;
    if (c.control === "one" || c.control === "several") {
      group = el("fieldset", { "class": "choices", "aria-describedby": described });
      group.appendChild(el("legend", { "class": "question" }, q.question));
      c.options.forEach(function (o, i) {
        var id = "q-" + q.id + "-" + i;
        var input = el("input", { type: c.control === "one" ? "radio" : "checkbox", id: id, name: "q-" + q.id,
          value: o.value, "data-criterion": q.id });
        var row = el("div", { "class": "choice" });
        row.appendChild(input);
        row.appendChild(el("label", { "for": id }, o.label));
        if (o.help) row.appendChild(el("span", { "class": "meta" }, " — " + o.help));
        group.appendChild(row);
        input.addEventListener("change", function () {
          var picked = Array.prototype.filter.call(group.querySelectorAll("input"), function (b) {
            return b.checked; }).map(function (b) { return b.value; });
          answer(q.id, { picked: picked });
        });
      });
    } else {
      group = el("div", { "class": "field" });
      var inputId = "q-" + q.id + "-input";
      group.appendChild(el("label", { "for": inputId, "class": "question" }, q.question));
      var input = el("input", { type: "text", id: inputId, "data-criterion": q.id, "aria-describedby": described,
        autocomplete: "off" });
      if (c.control === "number") input.setAttribute("inputmode", "decimal");
      group.appendChild(input);
      input.addEventListener("change", function () { answer(q.id, { text: input.value }); });
    }
    box.appendChild(group);
    var help = [q.help ? T.help.replace("{text}", q.help) : "", c.hint || ""].filter(Boolean).join(" · ");
    if (help) box.appendChild(el("p", { "class": "help", id: helpId }, help));
    if (q.na) {
      var naId = "q-" + q.id + "-na";
      var na = el("input", { type: "checkbox", id: naId, "class": "na" });
      var row = el("div", { "class": "choice" });
      row.appendChild(na); row.appendChild(el("label", { "for": naId }, T.na));
      box.appendChild(row);
      na.addEventListener("change", function () { answer(q.id, na.checked ? { na: true } : { text: "" }); });
    }
    var evidence = el("div", { "class": "field evidence", hidden: "" });
    var evidenceId = "q-" + q.id + "-evidence";
    var evidenceError = evidenceId + "-error";
    evidence.appendChild(el("label", { "for": evidenceId }, ""));
    var proof = el("textarea", { id: evidenceId, rows: "2", "aria-describedby": evidenceError });
    evidence.appendChild(proof);
    evidence.appendChild(el("p", { "class": "error", id: evidenceError, role: "alert" }));
    proof.addEventListener("change", function () {
      call({ op: "evidence", criterion: q.id, text: proof.value }).then(function (reply) {
        showError(evidenceError, reply.error);
      });
    });
    box.appendChild(evidence);
    box.appendChild(el("p", { "class": "error", id: errorId, role: "alert" }));
    return box;
  }

  function answer(id, what) {
    var request = { op: "answer", criterion: id };
    Object.keys(what).forEach(function (k) { request[k] = what[k]; });
    call(request).then(function (reply) {
      showError("q-" + id + "-error", reply.error);
      if (!reply.error) say(T.saved);
    });
  }

  function drawQuestions() {
    var ids = state.questions.map(function (q) { return q.id; }).join(" ");
    var holder = document.getElementById("questions");
    if (ids !== drawnFor) {
      holder.textContent = "";
      if (!state.questions.length) holder.appendChild(el("p", {}, T.none));
      state.questions.forEach(function (q, i) { holder.appendChild(control(q, i + 1)); });
      drawnFor = ids;
    }
    document.getElementById("future").textContent =
      state.future.length ? T.future.replace("{titles}", state.future.join(", ")) : "";
    state.questions.forEach(function (q) {
      var box = document.getElementById("q-" + q.id);
      var a = q.answer;
      Array.prototype.forEach.call(box.querySelectorAll("input[data-criterion]"), function (input) {
        if (input.type === "radio" || input.type === "checkbox") input.checked = a.picked.indexOf(input.value) >= 0;
        else if (document.activeElement !== input) input.value = a.text;
        input.disabled = a.na;
      });
      var na = box.querySelector("input.na");
      if (na) na.checked = a.na;
      var evidence = box.querySelector(".evidence");
      evidence.hidden = q.evidence === "none";
      evidence.querySelector("label").textContent = q.evidence === "url" ? T.url : T.justification;
      var proof = evidence.querySelector("textarea");
      if (document.activeElement !== proof) proof.value = q.evidence === "url" ? a.url : a.justification;
    });
  }

  function drawRatings() {
    var holder = document.getElementById("ratings");
    holder.textContent = "";
    state.problems.forEach(function (p) { holder.appendChild(el("p", { "class": "error" }, p)); });
    state.ratings.forEach(function (r) {
      var part = el("div", { "class": "rating", "data-set": r.set });
      part.appendChild(el("h3", {}, r.title));
      var line = el("p", {});
      line.appendChild(document.createTextNode(T.grade.replace("{grade}", "")));
      line.appendChild(el("strong", { "class": "grade-value" }, r.grade === null ? T.unrated : r.grade));
      if (r.percent !== null) {
        var shown = data.language === "en" ? r.percent : String(r.percent).replace(".", ",");
        line.appendChild(document.createTextNode(" · "));
        line.appendChild(el("span", { "class": "percent-value" }, T.percent.replace("{percent}", shown)));
      }
      part.appendChild(line);
      var advice = r.advice;
      if (advice === null) {
        part.appendChild(el("p", { "class": "meta" }, T.advising));
      } else if (advice.target) {
        part.appendChild(el("p", {}, advice.heading));
        var list = el("ul", { "class": "advice" });
        (advice.changes.length ? advice.changes : [advice.text]).forEach(function (c) {
          list.appendChild(el("li", {}, c));
        });
        part.appendChild(list);
      } else if (advice.text) {
        part.appendChild(el("p", {}, advice.text));
      }
      holder.appendChild(part);
    });
    var download = document.getElementById("download");
    download.disabled = !state.complete;
    document.getElementById("download-note").textContent = state.complete ? "" : T.incomplete;
  }

  function draw() {
    drawIdentity();
    drawQuestions();
    drawRatings();
  }

  // ------------------------------------------------------------------ the page's controls

  function identityField(field, text) {
    return call({ op: "identity", field: field, text: text }).then(function (reply) {
      showError("f-" + field + "-error", reply.error);
      var note = document.getElementById("f-" + field + "-note");
      if (note) note.textContent = reply.error ? "" : reply.notes.join(" ");
      return reply;
    });
  }

  // A list of the identity card (publics, services): the network's usual words ticked, then the
  // member's own, as one line typed in the questionnaire.
  function wordsLine(key) {
    var ticked = Array.prototype.filter.call(
      document.querySelectorAll("#f-" + key + "-usual input"), function (b) { return b.checked; }
    ).map(function (b) { return b.value; });
    var own = document.getElementById("f-" + key + "-own").value.trim();
    return ticked.concat(own ? [own] : []).join(", ");
  }

  function wire() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-field]"), function (input) {
      input.addEventListener("change", function () {
        identityField(input.getAttribute("data-field"), input.value);
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-words]"), function (group) {
      var key = group.getAttribute("data-words");
      group.addEventListener("change", function () { identityField(key, wordsLine(key)); });
    });
    document.getElementById("download").addEventListener("click", function () {
      if (!state.complete) return;
      var blob = new Blob([state.text], { type: "application/toml" });
      var link = el("a", { href: URL.createObjectURL(blob), download: state.file });
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
    document.getElementById("open-file").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (!file) return;
      file.text().then(function (text) { openText(file.name, text); });
    });
    document.getElementById("clear").addEventListener("click", function () {
      if (!window.confirm(T.confirm)) return;
      try { window.localStorage.removeItem(data.storage); } catch (e) { /* nothing kept */ }
      keep = { original: "", name: "" };
      call({ op: "open", text: "", name: "" }).then(function () { say(T.cleared); });
    });
  }

  function openText(name, text) {
    return call({ op: "open", text: text, name: name }).then(function (reply) {
      showError("open-file-error", reply.error);
      if (!reply.error) {
        keep = { original: text, name: name };
        store();
        say(T.opened.replace("{name}", name));
      }
      return reply;
    });
  }

  async function start() {
    say(T.loading);
    worker = new Worker(data.worker);
    worker.onmessage = received;
    var failed = new Promise(function (resolve, reject) {
      worker.onerror = function (event) { reject(new Error(event.message || "worker")); };
    });
    var here = window.location.href;
    await Promise.race([failed, post({ start: {
      pyodide: new URL(data.pyodide, here).href, bundle: new URL(data.bundle, here).href, root: ROOT } })]);
    var saved = kept();  // read before the empty start is kept over it
    var reply = await call({ op: "start", root: ROOT, language: data.language });
    if (reply.error) throw new Error(reply.error);
    wire();
    if (saved && saved.draft) {
      keep = { original: saved.original || "", name: saved.name || "" };
      await call({ op: "open", text: keep.original, name: keep.name, draft: saved.draft });
    }
    form.hidden = false;
    say(T.ready);
    // What the tests (and a curious member's console) drive the page with; every call is a
    // promise, `idle()` waits for the answers to the calls made so far (the form drawn).
    window.tlAssess = {
      call: call, open: openText, idle: idle, state: function () { return state; },
      resources: function () { return post({ resources: true }).then(function (m) { return m.resources; }); }
    };
    window.__assessReady = performance.now();  // since navigation start (bench/assess_page.py)
    document.documentElement.setAttribute("data-assess", "ready");
  }

  start().catch(function (error) {
    say(T.failed.replace("{error}", String(error && error.message || error)));
    document.documentElement.setAttribute("data-assess", "failed");
  });
})();
