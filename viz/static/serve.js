// The offline page of `policykg serve`: named queries from /queries.json, results from /sparql.
// Everything from the graph is set with textContent (never as HTML).
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const named = document.getElementById("named");
  const editor = document.getElementById("editor");
  const question = document.getElementById("question");
  const status = document.getElementById("status");
  const table = document.getElementById("results");
  const queries = await (await fetch("/queries.json")).json();
  for (const q of queries) {
    const option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.name + (q.params.length ? " (" + q.params.join(", ") + ")" : "");
    named.appendChild(option);
  }
  named.addEventListener("change", () => {
    const q = queries.find((item) => item.name === named.value);
    question.textContent = q ? q.question : "";
    if (q) editor.value = q.sparql;
  });
  document.getElementById("run").addEventListener("click", async () => {
    status.textContent = "running…";
    table.replaceChildren();
    const response = await fetch("/sparql", {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
      body: editor.value,
    });
    if (!response.ok) { status.textContent = await response.text(); return; }
    const data = await response.json();
    if ("boolean" in data) { status.textContent = String(data.boolean); return; }
    const head = document.createElement("tr");
    for (const name of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    }
    table.appendChild(head);
    for (const binding of data.results.bindings) {
      const tr = document.createElement("tr");
      for (const name of data.head.vars) {
        const td = document.createElement("td");
        td.textContent = binding[name] ? binding[name].value : "";
        tr.appendChild(td);
      }
      table.appendChild(tr);
    }
    status.textContent = data.results.bindings.length + " rows";
  });
});
