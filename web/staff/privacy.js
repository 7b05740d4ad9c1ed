// The privacy officer's list (docs/privacy.md): GET /api/staff/privacy-requests, and
// POST …/:id/complete for a deletion. The staff session cookie authenticates; the API checks the role.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("fk-config").textContent);
  var text = config.strings[config.language] || config.strings[config.defaultLanguage];
  var status = document.getElementById("status");
  var table = document.getElementById("requests");
  var body = table.querySelector("tbody");
  var API = "/api/staff/privacy-requests";

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value;
    row.appendChild(td);
    return td;
  }

  function load() {
    fetch(API, { credentials: "same-origin" }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        status.textContent = text.login_needed;
        table.hidden = true;
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      return response.json().then(function (data) {
        body.textContent = "";
        data.requests.forEach(function (request) {
          var row = document.createElement("tr");
          cell(row, request.ref);
          cell(row, request.kind === "DELETE" ? text.kind_delete : text.kind_access);
          cell(row, request.requestedAt.slice(0, 16).replace("T", " "));
          cell(row, request.status === "PENDING" ? text.pending : text.completed);
          var action = cell(row, "");
          if (request.kind === "DELETE" && request.status === "PENDING") {
            var button = document.createElement("button");
            button.type = "button";
            button.textContent = text.complete;
            button.addEventListener("click", function () {
              if (!window.confirm(text.confirm_complete.replace("{{ref}}", request.ref))) return;
              button.disabled = true;
              fetch(API + "/" + encodeURIComponent(request.id) + "/complete", { method: "POST", credentials: "same-origin" }).then(function (done) {
                status.textContent = done.ok ? text.done.replace("{{ref}}", request.ref) : text.failed;
                load();
              });
            });
            action.appendChild(button);
          }
          body.appendChild(row);
        });
        table.hidden = data.requests.length === 0;
        if (data.requests.length === 0) status.textContent = text.none;
      });
    }).catch(function () {
      status.textContent = text.failed;
    });
  }
  load();
})();
