/* Offer dashboard charts. Data comes from the page's json_script element and is only ever handed
 * to Chart.js as numbers and label strings (drawn on a canvas): nothing is inserted as HTML. */
(function () {
  "use strict";

  function readData() {
    var element = document.getElementById("upsell-dashboard-data");
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function cssColor(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name);
    return (value && value.trim()) || fallback;
  }

  function draw() {
    var data = readData();
    if (!data || typeof window.Chart === "undefined") { return; }
    var text = cssColor("--body-fg", "#333");
    var grid = cssColor("--hairline-color", "#e8e8e8");
    window.Chart.defaults.color = text;
    window.Chart.defaults.borderColor = grid;
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

    var daily = document.getElementById("upsell-daily-chart");
    if (daily) {
      daily.upsellChart = new window.Chart(daily, {
        data: {
          labels: data.daily.labels,
          datasets: [
            { type: "bar", label: data.labels.impressions, data: data.daily.impressions,
              backgroundColor: "rgba(47, 111, 174, 0.35)", borderColor: "#2f6fae", yAxisID: "y" },
            { type: "line", label: data.labels.accepts, data: data.daily.accepts,
              borderColor: "#1e7d3a", backgroundColor: "#1e7d3a", tension: 0.25, yAxisID: "y" },
            { type: "line", label: data.labels.revenue, data: data.daily.revenue,
              borderColor: "#c26a00", backgroundColor: "#c26a00", borderDash: [6, 3],
              tension: 0.25, yAxisID: "y1" }
          ]
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          interaction: { mode: "index", intersect: false },
          scales: {
            x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 10 } },
            y: { beginAtZero: true, position: "left" },
            y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } }
          },
          plugins: { legend: { position: "bottom" } }
        }
      });
    }

    var funnel = document.getElementById("upsell-funnel-chart");
    if (funnel) {
      funnel.upsellChart = new window.Chart(funnel, {
        type: "bar",
        data: {
          labels: data.funnel.labels,
          datasets: [{ label: data.labels.funnel, data: data.funnel.values,
            backgroundColor: ["#2f6fae", "#4f8fc9", "#1e7d3a", "#c26a00"] }]
        },
        options: {
          indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { beginAtZero: true } },
          plugins: { legend: { display: false } }
        }
      });
    }
    document.documentElement.setAttribute("data-upsell-charts", "ready");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
