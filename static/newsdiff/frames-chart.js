// Draws the outlet × frame and outlet × tone shares with Chart.js (vendored, static/), and
// redraws after htmx swaps in a filtered #chart. The same numbers are in the tables.
(function () {
  const charts = {};
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"];

  function stacked(id, table) {
    const canvas = document.getElementById(id);
    if (!canvas || !window.Chart) return;
    if (charts[id]) charts[id].destroy();
    const datasets = table.columns.map((name, i) => ({
      label: name,
      data: table.shares.map((row) => Math.round(row[i] * 1000) / 10),
      backgroundColor: palette[i % palette.length],
    }));
    charts[id] = new Chart(canvas, {
      type: "bar",
      data: { labels: table.rows, datasets },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true, max: 100, title: { display: true, text: "% of the outlet's tags" } }, y: { stacked: true } },
        plugins: { legend: { position: "bottom" } },
      },
    });
    canvas.dataset.drawn = "true";
  }

  function draw() {
    const data = document.getElementById("chart-data");
    if (!data) return;
    const parsed = JSON.parse(data.textContent);
    stacked("frames-chart", parsed.frames);
    stacked("tones-chart", parsed.tones);
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSwap", draw);
})();
