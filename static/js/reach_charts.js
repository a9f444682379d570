/* Headline tiles: one small bar chart per tile, from the json_script block (no inline scripts under the CSP).
   Hidden figures arrive as null and are not drawn; the list under each chart says "fewer than 5". */
(function () {
  "use strict";
  var source = document.getElementById("reach-headline-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Object.keys(data).forEach(function (key) {
    var canvas = document.getElementById("tile-chart-" + key);
    if (!canvas) { return; }
    new Chart(canvas, {
      type: "bar",
      data: { labels: data[key].labels, datasets: [{ label: data[key].label, data: data[key].values,
        backgroundColor: "#1f5f8b" }] },
      options: { responsive: true, maintainAspectRatio: false, animation: reduceMotion ? false : undefined,
        plugins: { legend: { display: false },
          tooltip: { callbacks: { label: function (ctx) {
            return ctx.raw === null ? "fewer than 5 (hidden)" : ctx.raw; } } } },
        scales: { x: { ticks: { font: { size: 10 } } }, y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  });
}());
