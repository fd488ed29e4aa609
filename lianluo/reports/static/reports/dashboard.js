// Charts of the statistics page, drawn with the vendored Apache ECharts from the page's JSON.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const charts = [];

  function draw(id, option, hasData) {
    const element = document.getElementById(id);
    if (!element) return;
    if (!hasData) {
      element.classList.add("d-flex", "align-items-center", "justify-content-center", "text-body-secondary");
      element.textContent = "本年度暂无记录";
      return;
    }
    const chart = echarts.init(element);
    chart.setOption(Object.assign({ animation: false, tooltip: { trigger: "item" } }, option));
    charts.push(chart);
  }

  const rateBar = (rows) => ({
    tooltip: { trigger: "axis", valueFormatter: (v) => v + "%" },
    grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: rows.map((r) => r.name), inverse: true },
    series: [{ type: "bar", data: rows.map((r) => r.rate), label: { show: true, position: "right", formatter: "{c}%" } }],
  });

  draw("chart-activities", {
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", minInterval: 1 },
    series: data.activities_by_month.map((s) => ({ name: s.name, type: "bar", stack: "all", data: s.data })),
  }, data.activities_by_month.length > 0);
  draw("chart-groups", rateBar(data.attendance_by_group), data.attendance_by_group.length > 0);
  draw("chart-sectors", rateBar(data.attendance_by_sector), data.attendance_by_sector.length > 0);
  const pie = (rows) => ({
    legend: { type: "scroll", bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], data: rows, label: { formatter: "{b}\n{c}" } }],
  });
  draw("chart-states", pie(data.submissions_by_state), data.submissions_by_state.length > 0);
  draw("chart-adoptions", pie(data.adoptions_by_level), data.adoptions_by_level.length > 0);
  const coverage = data.visit_coverage;
  draw("chart-coverage", pie([
    { name: "已走访", value: coverage.visited },
    { name: "未走访", value: coverage.not_visited },
  ]), coverage.visited + coverage.not_visited > 0);
  draw("chart-offices", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: "category", data: data.offices.map((o) => o.name), axisLabel: { interval: 0, rotate: data.offices.length > 6 ? 30 : 0 } },
    yAxis: [{ type: "value", name: "次/件", minInterval: 1 }, { type: "value", name: "%", max: 100 }],
    series: [
      { name: "活动", type: "bar", data: data.offices.map((o) => o.activities) },
      { name: "提案建议等", type: "bar", data: data.offices.map((o) => o.submissions) },
      { name: "出勤率", type: "line", yAxisIndex: 1, data: data.offices.map((o) => o.attendance_rate) },
      { name: "走访覆盖率", type: "line", yAxisIndex: 1, data: data.offices.map((o) => o.coverage) },
    ],
  }, data.offices.length > 0);
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
