/* The self-assessment page's engine, in a Web Worker: Pyodide runs tlcriteria.browser here, off the
   page's thread, so that typing and scrolling never wait for a rating or the advice's search.
   Messages from the page, answered in the order they came, each with its `id`:
   {start: {pyodide, bundle, root}} loads Pyodide (vendored, same site) and unpacks the bundle at root;
   {request: JSON text} is one call of tlcriteria.browser.handle, answered with {reply: JSON text};
   {resources: true} lists what this worker fetched, {name, size} (the page's test checks that
   nothing came from outside the site, the benchmark counts the bytes).
   A failure is answered with {failed: message}. */
"use strict";
var handle = null;
var ready = null;

async function start(setup) {
  self.importScripts(setup.pyodide + "pyodide.js");
  var pyodide = await self.loadPyodide({ indexURL: setup.pyodide, fullStdLib: false });
  var zip = await fetch(setup.bundle);
  if (!zip.ok) throw new Error(setup.bundle + ": " + zip.status);
  pyodide.unpackArchive(await zip.arrayBuffer(), "zip", { extractDir: setup.root });
  pyodide.runPython("import sys\nsys.path.insert(0, " + JSON.stringify(setup.root) + ")");
  handle = pyodide.pyimport("tlcriteria.browser").handle;
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.start) ready = start(message.start);
  if (!ready) {
    self.postMessage({ id: message.id, failed: "not started" });
    return;
  }
  // Messages come one task each: their callbacks run in the same order, one at a time.
  ready.then(function () {
    if (message.start) {
      self.postMessage({ id: message.id });
    } else if (message.resources) {
      self.postMessage({ id: message.id, resources: self.performance.getEntriesByType("resource").map(
        function (entry) { return { name: entry.name, size: entry.transferSize || entry.encodedBodySize || 0 }; }) });
    } else {
      self.postMessage({ id: message.id, reply: handle(message.request) });
    }
  }).catch(function (error) {
    self.postMessage({ id: message.id, failed: String((error && error.message) || error) });
  });
};
