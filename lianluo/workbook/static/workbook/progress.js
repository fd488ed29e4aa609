// Polls an import job's status while it runs, moves the bar, and reloads when it finishes.
(function () {
  var box = document.getElementById("job-progress");
  if (!box || box.dataset.running !== "1") return;
  var bar = document.getElementById("job-bar");
  var label = document.getElementById("job-label");
  var percent = document.getElementById("job-percent");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.style.width = job.percent + "%";
        percent.textContent = job.percent + "%";
        label.textContent = job.label;
        if (job.running) { setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 700);
})();
