// Submissions: fill a text box from a reply template, and show similar submissions while typing.
(function () {
  "use strict";
  document.querySelectorAll("select[data-fill]").forEach(function (select) {
    select.addEventListener("change", function () {
      var target = document.getElementById(select.dataset.fill);
      if (target && select.value) { target.value = select.value; }
    });
  });

  var box = document.getElementById("similar");
  if (!box) { return; }
  var title = document.getElementById("id_title");
  var body = document.getElementById("id_body");
  var timer = null;
  function show(results) {
    box.replaceChildren();
    if (!results.length) { box.hidden = true; return; }
    box.hidden = false;
    var head = document.createElement("div");
    head.className = "fw-bold mb-1";
    head.textContent = "已有相近的事项，请先看看是否重复（可并案办理）：";
    box.appendChild(head);
    var list = document.createElement("ul");
    list.className = "mb-0";
    results.forEach(function (r) {
      var li = document.createElement("li");
      var label = r.year + "年 " + r.kind + " " + (r.code || "") + " “" + r.title + "”（" + r.state + "，相似度 " + Math.round(r.score * 100) + "%" + (r.likely_duplicate ? "，可能重复" : "") + "）";
      if (r.url) {
        var a = document.createElement("a");
        a.href = r.url; a.target = "_blank"; a.textContent = label;
        li.appendChild(a);
      } else { li.textContent = label; }
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  function lookup() {
    var params = new URLSearchParams({ title: title.value, body: body ? body.value.slice(0, 2000) : "", exclude: box.dataset.exclude || "" });
    if (title.value.trim().length < 4) { show([]); return; }
    fetch(box.dataset.url + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) { show(data.results); })
      .catch(function () { show([]); });
  }
  function later() { clearTimeout(timer); timer = setTimeout(lookup, 400); }
  title.addEventListener("input", later);
  if (body) { body.addEventListener("input", later); }
  if (title.value) { lookup(); }
})();
