// The provisions list's filter: by status, category, party, flag, and the region, country,
// conflict type and stage of the provision's agreement, over the whole list, not only the
// rows of this page. The choice is kept in the address after "#" (provisions.html#status=
// agreed&region=Americas), so that a reload, a link or a bookmark shows the same rows.
// The rows come from assets/list.js (list_data.py), the same rows as the pages'; without
// JavaScript the form stays hidden and the pages under by/ do the job. Rows are built from
// text and attributes only: no markup is made from the data.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var whole = document.getElementById("whole-list");
  var result = document.getElementById("filtered");
  var said = document.getElementById("shown");
  if (!form || !result || !said) {
    return;
  }
  var root = form.getAttribute("data-root");
  var list = form.getAttribute("data-list");
  // A page of the whole list filters in place; a page of one status, category or party
  // takes its choice to the whole list.
  var inPlace = form.hasAttribute("data-in-place");
  var STEP = 1000;
  var data = null;
  var loading = null;
  var rows = [];
  var drawn = 0;

  window.accordregList = function (found) {
    data = found;
  };

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = root + "assets/list.js";
        script.onload = resolve;
        script.onerror = resolve;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function names() {
    return Array.from(form.querySelectorAll("select")).map(function (s) {
      return s.name;
    });
  }

  function chosen() {
    var out = {};
    names().forEach(function (name) {
      var value = form.elements.namedItem(name).value;
      if (value) {
        out[name] = value;
      }
    });
    return out;
  }

  function fromAddress() {
    var hash = window.location.hash.slice(1);
    var out = {};
    if (hash.indexOf("=") === -1) {
      return out; // an anchor, not a filter
    }
    new URLSearchParams(hash).forEach(function (value, name) {
      if (names().indexOf(name) !== -1) {
        out[name] = value;
      }
    });
    return out;
  }

  function address(choice) {
    return new URLSearchParams(choice).toString();
  }

  function count(n, word) {
    return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
  }

  function keeps(row, want, at) {
    var agreement = data.agreements[row[2]];
    var facets = data.agreement_facets;
    return Object.keys(want).every(function (name) {
      var index = at[name][want[name]];
      if (index === undefined) {
        return false;
      }
      if (name === "status") {
        return row[4] === index;
      }
      if (name === "category") {
        return row[3] === index;
      }
      if (name === "party") {
        return row[10].indexOf(index) !== -1;
      }
      if (name === "flag") {
        return row[11].indexOf(index) !== -1;
      }
      return agreement[3][facets.indexOf(name)].indexOf(index) !== -1;
    });
  }

  function cell(tr, text, className) {
    var td = document.createElement("td");
    if (className) {
      td.className = className;
    }
    if (text !== undefined) {
      td.textContent = text;
    }
    tr.append(td);
    return td;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function draw(row, columns) {
    var tr = document.createElement("tr");
    var first = cell(tr);
    var id = document.createElement("small");
    id.className = "id";
    id.textContent = row[0];
    var href = root + data.provision_url[0] + row[0] + data.provision_url[1];
    first.append(link(href, data.titles[row[1]]), " ", id);
    var agreement = data.agreements[row[2]];
    var second = cell(tr);
    second.append(agreement[2] ? link(root + agreement[2], agreement[1]) : agreement[1]);
    cell(tr, data.fields.category[row[3]][1]);
    var status = cell(tr);
    var state = data.fields.status[row[4]];
    var badge = document.createElement("span");
    badge.className = "status status-" + (state ? state[2] : "none");
    badge.textContent = state ? state[1] : "nothing on record";
    status.append(badge);
    if (row[5]) {
      var since = document.createElement("span");
      since.className = "meta";
      since.textContent = "since " + row[5];
      status.append(" ", since);
    }
    cell(tr, data.levels[row[6]]);
    if (columns.progress) {
      cell(tr, row[7] || "—");
    }
    if (columns.deadline) {
      cell(tr, row[8] || "—", "date");
    }
    cell(tr, data.notes[row[9]], "flag");
    return tr;
  }

  function header(columns) {
    var heads = ["Provision", "Agreement", "Category", "Status", "Level"];
    if (columns.progress) {
      heads.push("Progress");
    }
    if (columns.deadline) {
      heads.push("Next deadline");
    }
    heads.push("To note");
    var tr = document.createElement("tr");
    heads.forEach(function (text) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      tr.append(th);
    });
    return tr;
  }

  function drawMore(button, body, columns) {
    rows.slice(drawn, drawn + STEP).forEach(function (row) {
      body.append(draw(row, columns));
    });
    drawn = Math.min(rows.length, drawn + STEP);
    button.hidden = drawn >= rows.length;
    button.textContent = "Show the next " + Math.min(STEP, rows.length - drawn).toLocaleString("en") +
      " of " + count(rows.length - drawn, "provision") + " left";
  }

  function words(want) {
    return Object.keys(want).map(function (name) {
      var label = form.querySelector("label[data-name='" + name + "']");
      var option = Array.from(form.elements.namedItem(name).options).filter(function (o) {
        return o.value === want[name];
      })[0];
      return (label ? label.getAttribute("data-label") : name) + " " +
        (option ? option.textContent : want[name]);
    }).join(", ");
  }

  function show(want) {
    names().forEach(function (name) {
      form.elements.namedItem(name).value = want[name] || "";
    });
    if (!Object.keys(want).length) {
      result.hidden = true;
      if (whole) {
        whole.hidden = false;
      }
      said.textContent = "";
      return Promise.resolve();
    }
    said.textContent = "Filtering the whole list…";
    return load().then(function () {
      if (!data) {
        said.textContent = "The list's data is missing: rebuild the site.";
        return;
      }
      var at = {};
      Object.keys(data.fields).forEach(function (name) {
        at[name] = {};
        data.fields[name].forEach(function (value, i) {
          at[name][value[0]] = i;
        });
      });
      rows = data.rows.filter(function (row) {
        return keeps(row, want, at);
      });
      var columns = {
        progress: rows.some(function (r) { return r[7]; }),
        deadline: rows.some(function (r) { return r[8]; }),
      };
      result.textContent = "";
      var scroll = document.createElement("div");
      scroll.className = "scroll";
      var table = document.createElement("table");
      var caption = document.createElement("caption");
      caption.textContent = "Provisions where " + words(want);
      var head = document.createElement("thead");
      head.append(header(columns));
      var body = document.createElement("tbody");
      table.append(caption, head, body);
      scroll.append(table);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "more";
      button.addEventListener("click", function () {
        drawMore(button, body, columns);
      });
      result.append(scroll, button);
      drawn = 0;
      drawMore(button, body, columns);
      said.textContent = count(rows.length, "provision") + " of " +
        data.total.toLocaleString("en") + " where " + words(want) + ".";
      result.hidden = false;
      if (whole) {
        whole.hidden = true;
      }
    });
  }

  function changed() {
    var choice = chosen();
    if (!inPlace) {
      window.location.href = list + (Object.keys(choice).length ? "#" + address(choice) : "");
      return;
    }
    // A new entry in the history: the back button goes to the choice before.
    window.location.hash = address(choice);
    if (!Object.keys(choice).length) {
      show(choice);
    }
  }

  form.hidden = false;
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    changed();
  });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    names().forEach(function (name) {
      form.elements.namedItem(name).value = "";
    });
    changed();
  });
  if (inPlace) {
    window.addEventListener("hashchange", function () {
      show(fromAddress());
    });
    show(fromAddress());
  }
})();
