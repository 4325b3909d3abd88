// Draws the Plotly figures that the pages embed as JSON (built in dashboard/charts.py), and
// submits chart controls as soon as they change: the state of a chart lives in the URL.
(function () {
  "use strict";

  // Plotly's Chinese locale, vendored from plotly.js-locales (see static/vendor), with the
  // toolbar's download button named as our pages name it.
  var zhCN = window.module && window.module.exports && window.module.exports.dictionary
    ? window.module.exports
    : null;
  delete window.module;
  if (zhCN) {
    zhCN.dictionary["Download plot as a PNG"] = "下载图片（PNG）";
    zhCN.dictionary["Download plot"] = "下载图片";
  }

  function plot(element, figure) {
    var lang = document.documentElement.lang || "";
    var config = Object.assign({}, figure.config, {
      locale: lang.indexOf("zh") === 0 && zhCN ? "zh-CN" : "en"
    });
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.dataset.drawn = "true";
    });
    // A click on a bar, point or county opens the page its value links to.
    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var data = point && point.customdata;
      var url = data && (Array.isArray(data) ? data[data.length - 1] : data);
      if (url) {
        window.location.href = url;
      }
    });
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || typeof Plotly === "undefined") {
      return;
    }
    plot(element, JSON.parse(source.textContent));
  }

  if (typeof Plotly !== "undefined" && zhCN) {
    Plotly.register(zhCN);
  }
  document.querySelectorAll("[data-figure]").forEach(draw);

  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.matches("select, input[type=checkbox]")) {
        form.submit();
      }
    });
  });
})();
