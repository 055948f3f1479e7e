// The site's search. The index (assets/search/, written by search_index.py) is read by
// adding its files to the page as scripts, which a page opened from disk may do, and only
// the files a query needs: the words starting with each query word's first two characters,
// then the blocks of the documents shown. Each query word is matched as the start of an
// indexed word ("withdraw" finds "withdrawal"), a document must have every query word,
// and a word in a title counts more. Results are built from text and attributes only: no
// markup is made from the index.
(function () {
  "use strict";
  var form = document.getElementById("search");
  var out = document.getElementById("results");
  var said = document.getElementById("search-status");
  var more = document.getElementById("more");
  if (!form || !out || !said || !more) {
    return;
  }
  var box = form.elements.namedItem("q");
  var folder = form.getAttribute("data-index");
  var root = form.getAttribute("data-root");
  var STEP = 50;
  var ACCENTS = /[\u0300-\u036f]/g;
  var WORD = /[\p{L}\p{N}]+/gu;
  // A match as the start of a longer word, or of the query word without its ending,
  // counts less than the word itself; a word in the title more than one elsewhere.
  var EXACT = 1;
  var START = 0.7;
  var STEM = 0.5;
  var TITLE = 3;
  var KIND = { a: 1.3, p: 1, y: 1.2, s: 0.9 };
  var meta = null;
  var keys = {};
  var stop = {};
  var shards = {};
  var blocks = {};
  var loading = {};
  var found = [];
  var shown = 0;
  var asked = 0;

  window.accordregSearch = {
    meta: function (data) {
      meta = data;
    },
    terms: function (key, words) {
      shards[key] = words;
    },
    docs: function (block, entries) {
      blocks[block] = entries;
    },
    // Whether the index's description has come and the box listens.
    ready: false,
    // How a text is read into words, the index's way (for a test to compare).
    words: function (text) {
      return terms(text);
    },
  };

  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = folder + src;
        script.onload = function () {
          resolve(true);
        };
        script.onerror = function () {
          resolve(false);
        };
        document.head.appendChild(script);
      });
    }
    return loading[src];
  }

  function chars(word) {
    return Array.from(word);
  }

  function terms(text) {
    var words = text.normalize("NFKD").toLowerCase().replace(ACCENTS, "").match(WORD) || [];
    return words.filter(function (w) {
      return chars(w).length >= meta.shortest && !stop[w];
    });
  }

  function keyOf(term) {
    var head = chars(term).slice(0, meta.shortest).join("");
    if (/^[a-z0-9]+$/.test(head)) {
      return head;
    }
    return "u" + chars(head).map(function (c) {
      return c.codePointAt(0).toString(16);
    }).join("-");
  }

  function stems(word) {
    var out = [];
    if (chars(word).length > 4) {
      [/ies$/, /es$/, /s$/, /ed$/, /ing$/].forEach(function (ending) {
        if (ending.test(word) && !/ss$/.test(word)) {
          out.push(word.replace(ending, ""));
        }
      });
    }
    return out;
  }

  function numbers(gaps) {
    var out = [];
    var at = 0;
    if (gaps) {
      gaps.split(",").forEach(function (gap) {
        at += parseInt(gap, 16);
        out.push(at);
      });
    }
    return out;
  }

  // The documents that have one query word, each with its best weight.
  function matches(word) {
    var words = shards[keyOf(word)] || {};
    var roots = stems(word);
    var best = new Map();
    Object.keys(words).forEach(function (term) {
      var weight = 0;
      if (term === word) {
        weight = EXACT;
      } else if (term.indexOf(word) === 0) {
        weight = START;
      } else if (roots.some(function (r) { return term.indexOf(r) === 0; })) {
        weight = STEM;
      }
      if (!weight) {
        return;
      }
      var parts = words[term].split("|");
      [[parts[0], TITLE], [parts[1], 1]].forEach(function (part) {
        numbers(part[0]).forEach(function (doc) {
          var w = weight * part[1];
          if (!(best.get(doc) >= w)) {
            best.set(doc, w);
          }
        });
      });
    });
    return best;
  }

  // Documents are numbered kind by kind (agreements, provisions, parties, sources).
  function kindOf(doc) {
    var kind = meta.starts[0][0];
    meta.starts.forEach(function (start) {
      if (doc >= start[1]) {
        kind = start[0];
      }
    });
    return kind;
  }

  function entry(doc) {
    var block = blocks[Math.floor(doc / meta.block)];
    return block ? block[doc % meta.block] : null;
  }

  function needBlocks(docs) {
    var wanted = {};
    docs.forEach(function (doc) {
      wanted[Math.floor(doc / meta.block)] = true;
    });
    return Promise.all(Object.keys(wanted).map(function (b) {
      return load("docs-" + b + ".js");
    }));
  }

  function count(n, word) {
    return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
  }

  function url(kind, id) {
    var parts = meta.urls[kind];
    return root + parts[0] + id + parts[1];
  }

  function line(doc) {
    var e = entry(doc);
    var item = document.createElement("li");
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = meta.kinds[e[0]];
    var link = document.createElement("a");
    link.href = url(e[0], e[1]);
    link.textContent = e[2];
    var context = document.createElement("span");
    context.className = "meta";
    item.append(kind, " ", link, " ", context);
    if (e[0] === "p") {
      var state = meta.states[e[5]];
      if (state) {
        var badge = document.createElement("span");
        badge.className = "status status-" + state[1];
        badge.textContent = state[0];
        item.insertBefore(badge, context);
        item.insertBefore(document.createTextNode(" "), context);
      }
      var agreement = e[3] >= 0 ? entry(e[3]) : null;
      context.textContent = [meta.categories[e[4]], agreement && agreement[2]]
        .filter(Boolean).join(" · ");
    } else {
      context.textContent = e[3];
    }
    var id = document.createElement("small");
    id.className = "id";
    id.textContent = e[1];
    item.append(id);
    return item;
  }

  function showMore() {
    var next = found.slice(shown, shown + STEP);
    var agreements = next.slice();
    var query = asked;
    return needBlocks(next).then(function () {
      next.forEach(function (doc) {
        var e = entry(doc);
        if (e && e[0] === "p" && e[3] >= 0) {
          agreements.push(e[3]);
        }
      });
      return needBlocks(agreements);
    }).then(function () {
      if (query !== asked) {
        return;
      }
      next.forEach(function (doc) {
        out.append(line(doc));
      });
      shown += next.length;
      more.hidden = shown >= found.length;
      more.textContent = "Show " + Math.min(STEP, found.length - shown) + " more";
    });
  }

  function search(text) {
    asked += 1;
    var query = asked;
    var words = terms(text);
    out.textContent = "";
    more.hidden = true;
    found = [];
    shown = 0;
    if (!words.length) {
      said.textContent = text.trim()
        ? "Type a word of two letters or more (common words such as “the” are left out)."
        : "";
      return Promise.resolve();
    }
    var needed = {};
    words.forEach(function (w) {
      needed[keyOf(w)] = true;
    });
    var files = Object.keys(needed).filter(function (k) {
      return keys[k];
    });
    said.textContent = "Searching…";
    return Promise.all(files.map(function (k) {
      return load("terms/" + k + ".js");
    })).then(function () {
      if (query !== asked) {
        return null;
      }
      var each = words.map(matches).sort(function (x, y) {
        return x.size - y.size;
      });
      var score = new Map();
      each[0].forEach(function (w, doc) {
        var total = 0;
        for (var i = 0; i < each.length; i++) {
          var weight = each[i].get(doc);
          if (!weight) {
            return;
          }
          total += weight * Math.log(1 + meta.documents / each[i].size);
        }
        score.set(doc, total);
      });
      found = Array.from(score.keys());
      found.forEach(function (doc) {
        score.set(doc, score.get(doc) * KIND[kindOf(doc)]);
      });
      found.sort(function (x, y) {
        return score.get(y) - score.get(x) || x - y;
      });
      said.textContent = found.length
        ? count(found.length, "result") + " for “" + text.trim() + "”."
        : "No result for “" + text.trim() + "”.";
      return showMore();
    });
  }

  function remember(text) {
    try {
      var address = new URL(window.location.href);
      address.searchParams.set("q", text);
      window.history.replaceState(null, "", address.href);
    } catch (ignored) {
      // An address that cannot be changed in place (some browsers, from disk): the query
      // is still in the box.
    }
  }

  var waiting = null;
  function typed() {
    window.clearTimeout(waiting);
    waiting = window.setTimeout(function () {
      remember(box.value);
      search(box.value);
    }, 150);
  }

  load("meta.js").then(function () {
    if (!meta) {
      said.textContent = "The search index is missing: rebuild the site.";
      return;
    }
    meta.keys.forEach(function (k) {
      keys[k] = true;
    });
    meta.stop.forEach(function (w) {
      stop[w] = true;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      remember(box.value);
      search(box.value);
    });
    box.addEventListener("input", typed);
    more.addEventListener("click", showMore);
    window.accordregSearch.ready = true;
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      box.value = q;
      search(q);
    }
  });
})();
