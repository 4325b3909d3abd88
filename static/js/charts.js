// Draws the Plotly figures that the pages embed as JSON (built in dashboard/charts.py), and
// submits chart controls as soon as they change: the state of a chart lives in the URL.
(function () {
  "use strict";

  var zhCN = {
    moduleType: "locale",
    name: "zh-CN",
    dictionary: {
      "Download plot as a png": "下载图片（PNG）",
      "Download plot": "下载图片",
      "Zoom": "缩放",
      "Pan": "平移",
      "Zoom in": "放大",
      "Zoom out": "缩小",
      "Autoscale": "自动缩放",
      "Reset axes": "重置坐标轴",
      "Toggle Spike Lines": "显示/隐藏辅助线",
      "Show closest data on hover": "悬停显示最近数据",
      "Compare data on hover": "悬停比较数据",
      "Double-click to zoom back out": "双击恢复缩放",
      "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
      "Snapshot succeeded": "图片已生成",
      "Sorry, there was a problem downloading your snapshot!": "抱歉，下载图片时出错！"
    },
    format: { decimal: ".", thousands: "," }
  };

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || typeof Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "";
    var config = Object.assign({}, figure.config, {
      locale: lang.indexOf("zh") === 0 ? "zh-CN" : "en"
    });
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.dataset.drawn = "true";
    });
    // A click on a bar or point opens the sentence the value came from.
    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var url = point && point.customdata && point.customdata[5];
      if (url) {
        window.location.href = url;
      }
    });
  }

  if (typeof Plotly !== "undefined") {
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
