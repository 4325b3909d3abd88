// Region search boxes (input[data-region-search]): suggestions as one types, by name, short
// name, pinyin initials or code, each with its full path (福建省 › 泉州市 › 石狮市) so that two
// regions of one name are told apart. In the header a choice opens the region's page; in a
// chart's region picker it adds the region by code and submits the form.
(function () {
  "use strict";

  function setUp(input) {
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.id = "suggestions-" + Math.random().toString(36).slice(2);
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.insertAdjacentElement("afterend", list);
    var wrapper = input.parentElement;
    wrapper.classList.add("has-suggestions");
    var results = [];
    var active = -1;
    var timer = null;
    var asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }

    function choose(result) {
      if (input.dataset.regionSearchMode === "open") {
        window.location.href = result.url;
        return;
      }
      input.value = result.code;
      close();
      input.form.submit();
    }

    function show() {
      list.textContent = "";
      results.forEach(function (result, index) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.id = list.id + "-" + index;
        item.dataset.code = result.code;
        var path = document.createElement("span");
        path.className = "path";
        path.textContent = result.path;
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = result.level + " · " + result.code +
          (result.has_data ? "" : " · " + (list.dataset.noData || ""));
        item.appendChild(path);
        item.appendChild(meta);
        if (result.has_data) {
          item.classList.add("has-data");
        }
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(result);
        });
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      highlight(results.length === 1 ? 0 : -1);
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", list.id + "-" + index);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function ask() {
      var text = input.value.trim();
      if (text === asked) {
        return;
      }
      asked = text;
      if (!text) {
        results = [];
        show();
        return;
      }
      fetch(input.dataset.regionSearch + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (input.value.trim() === text) {
            results = body.results;
            show();
          }
        });
    }

    list.dataset.noData = input.dataset.noDataLabel || "暂无数据";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && results.length) {
        event.preventDefault();
        highlight((active + 1) % results.length);
      } else if (event.key === "ArrowUp" && results.length) {
        event.preventDefault();
        highlight((active - 1 + results.length) % results.length);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(results[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 100);
    });
  }

  document.querySelectorAll("input[data-region-search]").forEach(setUp);
})();
