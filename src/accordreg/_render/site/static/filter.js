// Filters the provisions table on this page by status, category and party.
// Without JavaScript the form stays hidden and the links to one page per status,
// category and party do the same job. Only `hidden` and textContent are set: no markup
// is built from the page's text.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("provisions");
  if (!form || !table || !table.tBodies.length) {
    return;
  }
  var rows = table.tBodies[0].rows;
  var shown = document.getElementById("shown");
  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value : "";
  }
  function apply() {
    var status = value("status");
    var category = value("category");
    var party = value("party");
    var count = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var parties = " " + (row.getAttribute("data-parties") || "") + " ";
      var keep =
        (!status || row.getAttribute("data-status") === status) &&
        (!category || row.getAttribute("data-category") === category) &&
        (!party || parties.indexOf(" " + party + " ") !== -1);
      row.hidden = !keep;
      if (keep) {
        count++;
      }
    }
    shown.textContent = count + " of " + rows.length + " shown";
  }
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  apply();
})();
