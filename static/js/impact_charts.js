/* Impact dashboard charts. Data comes from the page's json_script block (no inline scripts under the CSP).
   Suppressed figures arrive as null and are not drawn; their labels say "fewer than 5". Every chart is
   described by the table of the same figures below it (the canvas's aria-describedby), and every bar or
   point keeps its label: ticks are never skipped to save room (the charts are tall enough for them all). */
(function () {
  "use strict";
  var source = document.getElementById("impact-chart-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#1f5f8b", "#2a9d8f", "#e9c46a", "#e76f51", "#6c757d"];
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Chart.defaults.animation = reduceMotion ? false : Chart.defaults.animation;
  Chart.defaults.font.size = 14;

  function tooltipLabel(ctx) {
    var v = ctx.raw;
    return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + (v === null ? "fewer than 5 (hidden)" : v);
  }

  // Every label shown: no automatic skipping on either axis.
  function allLabels(extra) {
    var ticks = { autoSkip: false };
    return { x: { ticks: Object.assign({}, ticks, (extra || {}).x) }, y: { ticks: Object.assign({}, ticks, (extra || {}).y) } };
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, scales: allLabels(),
      plugins: { tooltip: { callbacks: { label: tooltipLabel } } } }, config.options || {});
    new Chart(canvas, config);
  }

  function series(block) {
    return block.series.map(function (s, i) {
      return { label: s.label, data: s.values, backgroundColor: palette[i % palette.length],
               borderColor: palette[i % palette.length], spanGaps: false, tension: 0.2 };
    });
  }

  draw("chart-funnel", { type: "bar",
    data: { labels: data.funnel.labels, datasets: [{ label: "People", data: data.funnel.values,
      backgroundColor: palette[0] }] },
    options: { indexAxis: "y", scales: allLabels(), plugins: { legend: { display: false },
      tooltip: { callbacks: { label: tooltipLabel } } } } });
  // Month names turn sideways rather than being dropped when there are many months.
  var slanted = { x: { maxRotation: 60, minRotation: 0 } };
  draw("chart-trend", { type: "line", data: { labels: data.trend.labels, datasets: series(data.trend) },
    options: { scales: allLabels(slanted) } });
  draw("chart-locality", { type: "bar", data: { labels: data.by_locality.labels, datasets: series(data.by_locality) },
    options: { scales: allLabels(slanted) } });
  draw("chart-programme", { type: "bar", data: { labels: data.by_programme.labels, datasets: series(data.by_programme) },
    options: { scales: allLabels(slanted) } });
}());
