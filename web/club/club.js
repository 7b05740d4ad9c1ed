// The club's tab: in Microsoft Teams (teams-js: initialise, the user from the context, Teams single
// sign-on) or in an ordinary browser (the web chat's user and proof from this site's storage).
// Every sentence comes from locales/<lang>/club_tab.json (the page config); the club's and the
// family's own words are shown as text, never as HTML.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("fk-config").textContent);
  var strings = config.strings[config.language] || {};
  var statusLine = document.getElementById("status");
  var USER_KEY = "fritidskort.webchat.user";
  var auth = { headers: {} };

  function t(key, values) {
    var text = strings[key] || key;
    return text.replace(/\{\{(\w+)\}\}/g, function (match, name) {
      return values && values[name] !== undefined && values[name] !== null ? String(values[name]) : match;
    });
  }

  function say(text) {
    statusLine.textContent = text;
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function storedUser() {
    try {
      var user = JSON.parse(window.localStorage.getItem(USER_KEY) || "null");
      return user && typeof user.id === "string" && typeof user.proof === "string" ? user : null;
    } catch (error) {
      return null;
    }
  }

  // In Teams the page is framed and teams-js answers; anywhere else it is the browser path.
  function inTeams() {
    var teams = window.microsoftTeams;
    if (!teams || window.parent === window) return Promise.resolve(null);
    var timeout = new Promise(function (resolve) {
      setTimeout(function () { resolve(null); }, 5000);
    });
    var initialised = teams.app.initialize().then(function () {
      return teams.app.getContext();
    });
    return Promise.race([initialised, timeout]).catch(function () {
      return null;
    });
  }

  function authenticate() {
    return inTeams().then(function (context) {
      if (context) {
        if (context.user && context.user.displayName) document.body.setAttribute("data-teams-user", context.user.displayName);
        if (!config.teamsSso) return false;
        return window.microsoftTeams.authentication.getAuthToken().then(function (token) {
          auth.headers = { authorization: "Bearer " + token };
          window.microsoftTeams.app.notifySuccess();
          return true;
        });
      }
      var user = storedUser();
      if (!user) return false;
      auth.headers = { "x-webchat-user": JSON.stringify(user) };
      return true;
    });
  }

  function api(method, path, body) {
    var headers = Object.assign({ accept: "application/json" }, auth.headers);
    if (body) headers["content-type"] = "application/json";
    var separator = path.indexOf("?") === -1 ? "?" : "&";
    return fetch(path + separator + "lang=" + encodeURIComponent(config.language), { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined }).then(function (response) {
      return response.json().then(function (json) {
        return { status: response.status, body: json };
      });
    });
  }

  function messageOf(result) {
    return (result.body && (result.body.message || (result.body.error && result.body.error.message))) || t("error");
  }

  function signUpItem(signUp) {
    var reasonId = "reason-" + signUp.code;
    var reason = el("input", { id: reasonId, type: "text", maxlength: "200" });
    function answer(kind) {
      return function () {
        api("POST", "/api/club/sign-ups/" + encodeURIComponent(signUp.code) + "/answer", { answer: kind, reason: reason.value || undefined }).then(function (result) {
          say(messageOf(result));
          load();
        });
      };
    }
    var confirm = el("button", { type: "button", text: t("confirm") });
    confirm.addEventListener("click", answer("confirm"));
    var decline = el("button", { type: "button", class: "secondary", text: t("decline") });
    decline.addEventListener("click", answer("decline"));
    return el("li", { class: "card", "data-code": signUp.code }, [
      el("h3", { text: t("paid_age", { child: signUp.childName, age: signUp.age === null ? "?" : signUp.age, activity: signUp.activityTitle }) }),
      el("p", { text: t("code_label") + ": " + signUp.code }),
      el("div", { class: "actions" }, [el("div", {}, [el("label", { for: reasonId, text: t("reason_label") }), reason]), confirm, decline]),
    ]);
  }

  function threadItem(thread) {
    var replyId = "reply-" + thread.code;
    var answerId = "answer-" + thread.code;
    var select = el("select", { id: answerId }, ["confirm", "talk", "decline", "close"].map(function (kind) {
      return el("option", { value: kind, text: t("answer_" + kind) });
    }));
    var text = el("textarea", { id: replyId, maxlength: "300" });
    var send = el("button", { type: "button", text: t("send") });
    send.addEventListener("click", function () {
      api("POST", "/api/club/accommodation/" + encodeURIComponent(thread.code) + "/answer", { answer: select.value, message: text.value || undefined }).then(function (result) {
        say(messageOf(result));
        load();
      });
    });
    return el("li", { class: "card", "data-code": thread.code }, [
      el("h3", { text: thread.childName + " – " + thread.activityTitle }),
      el("p", { text: t("code_label") + ": " + thread.code }),
      el("ul", { class: "cards" }, thread.messages.filter(function (message) { return message.body; }).map(function (message) {
        return el("li", { class: "message " + message.from }, [el("span", { class: "who", text: t(message.from === "club" ? "from_club" : "from_family") + ": " }), el("span", { text: message.body })]);
      })),
      el("div", { class: "actions" }, [el("div", {}, [el("label", { for: answerId, text: t("answer_label") }), select])]),
      el("label", { for: replyId, text: t("reply_label") }),
      text,
      el("div", { class: "actions" }, [send]),
    ]);
  }

  function names(participants) {
    return participants.length ? participants.map(function (p) { return p.age === null ? p.childName : p.childName + " (" + p.age + ")"; }).join(", ") : t("none");
  }

  function activityItem(activity) {
    return el("li", { class: "card" }, [
      el("h3", { text: activity.number + ". " + activity.activityTitle }),
      el("p", { text: t("confirmed_label") + ": " + names(activity.confirmed) }),
      el("p", { text: t("waiting_label") + ": " + names(activity.waiting) }),
    ]);
  }

  function fill(id, items, render, empty) {
    var list = document.getElementById(id);
    list.textContent = "";
    if (items.length === 0) list.appendChild(el("li", { text: empty }));
    items.forEach(function (item) { list.appendChild(render(item)); });
  }

  function load() {
    return api("GET", "/api/club/overview").then(function (result) {
      if (result.status === 401) return say(t("login_needed"));
      if (result.status === 403) return say(t("not_contact"));
      if (result.status !== 200) return say(t("error"));
      var overview = result.body;
      fill("signups", overview.signUps.filter(function (s) { return s.code; }), signUpItem, t("signups_none"));
      fill("threads", overview.threads.filter(function (s) { return s.code; }), threadItem, t("threads_none"));
      fill("activities", overview.activities, activityItem, t("none"));
      document.getElementById("club").hidden = false;
      if (statusLine.textContent === t("loading")) say(overview.clubs.map(function (club) { return club.name; }).join(", "));
      document.body.setAttribute("data-ready", "true");
    });
  }

  authenticate()
    .then(function (ok) {
      if (!ok) return say(t("login_needed"));
      return load();
    })
    .catch(function () {
      say(t("error"));
    });
})();
