// A grouped bar chart drawn as inline SVG: no chart library, nothing from the internet, and it
// prints as sharply as text. Colours come from app.css through each series' class.
"use strict";

const CHART_HEIGHT = 220;
/// The drawing is as wide as its answers need, so that on a phone (where it is scaled down to
/// the screen) one to five answers keep readable labels.
const CHART_WIDTH_PER_CATEGORY = 130;
const CHART_MIN_WIDTH = 320;
const CHART_MARGIN = { top: 16, right: 8, bottom: 26, left: 34 };

/// categories: labels along the x axis ("Q1", "Q2", …).
/// series: [{name, className, values: [number|null per category]}]; a null value is drawn as
///   "n/a" at the baseline (a failed video has no score: 0 would be a lie).
/// max: the top of the y axis (every value here is on 0–100).
/// Returns a <figure> with the SVG and an HTML legend (HTML wraps on a phone, SVG text does not).
function groupedBarChart({ title, categories, series, max = 100, format = (v) => v.toFixed(1) }) {
  if (!series.some((one) => one.values.some(isNumber))) {
    return el("figure", { class: "chart-figure" }, el("figcaption", null, title), el("p", { class: "muted" }, "Nothing to draw: no answer has these values."));
  }
  const width = Math.max(CHART_MIN_WIDTH, CHART_MARGIN.left + CHART_MARGIN.right + CHART_WIDTH_PER_CATEGORY * categories.length);
  const plot = {
    x: CHART_MARGIN.left, y: CHART_MARGIN.top,
    width: width - CHART_MARGIN.left - CHART_MARGIN.right,
    height: CHART_HEIGHT - CHART_MARGIN.top - CHART_MARGIN.bottom,
  };
  const svg = svgEl("svg", {
    class: "chart", viewBox: "0 0 " + width + " " + CHART_HEIGHT, role: "img",
    "aria-label": title, preserveAspectRatio: "xMidYMid meet",
  }, svgEl("title", null, title));

  drawGrid(svg, plot, max);
  const groupWidth = plot.width / Math.max(categories.length, 1);
  const barWidth = Math.min(48, (groupWidth * 0.72) / Math.max(series.length, 1));
  categories.forEach((label, index) => {
    const groupStart = plot.x + index * groupWidth + (groupWidth - barWidth * series.length) / 2;
    series.forEach((one, position) => {
      drawBar(svg, plot, max, groupStart + position * barWidth, barWidth, one, one.values[index], format);
    });
    svg.appendChild(svgEl("text", {
      class: "chart-label", x: plot.x + (index + 0.5) * groupWidth, y: CHART_HEIGHT - 8, "text-anchor": "middle",
    }, label));
  });

  const legend = el("ul", { class: "legend" }, series.map((one) =>
    el("li", null, el("span", { class: ["swatch", one.className] }), one.name)));
  return el("figure", { class: "chart-figure" }, svg, el("figcaption", null, title), legend);
}

/// Horizontal lines at each quarter of the axis, labelled on the left.
function drawGrid(svg, plot, max) {
  for (let step = 0; step <= 4; step++) {
    const value = (max * step) / 4;
    const y = plot.y + plot.height - (plot.height * step) / 4;
    svg.appendChild(svgEl("line", { class: step === 0 ? "chart-axis" : "chart-grid", x1: plot.x, x2: plot.x + plot.width, y1: y, y2: y }));
    svg.appendChild(svgEl("text", { class: "chart-tick", x: plot.x - 4, y: y + 4, "text-anchor": "end" }, String(Math.round(value))));
  }
}

function drawBar(svg, plot, max, x, width, series, value, format) {
  const baseline = plot.y + plot.height;
  const centre = x + width / 2;
  if (!isNumber(value)) {
    svg.appendChild(svgEl("text", { class: "chart-value muted", x: centre, y: baseline - 4, "text-anchor": "middle" }, "n/a"));
    return;
  }
  const clamped = Math.max(0, Math.min(max, value));
  const height = (plot.height * clamped) / max;
  svg.appendChild(svgEl("rect", {
    class: ["chart-bar", series.className], x: x + 1, y: baseline - height, width: Math.max(width - 2, 1), height,
  }, svgEl("title", null, series.name + ": " + format(value))));
  svg.appendChild(svgEl("text", { class: "chart-value", x: centre, y: baseline - height - 3, "text-anchor": "middle" }, format(value)));
}
