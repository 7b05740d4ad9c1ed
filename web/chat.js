// The municipality's web chat page: the official Web Chat (window.WebChat, from
// /webchat/webchat.js) talking Direct Line 3.0 to this service. Every sentence on the page comes
// from locales/<lang>/web.json (in the page config); Web Chat translates its own controls.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("fk-config").textContent);
  var select = document.getElementById("language");
  var chatSection = document.getElementById("chat");
  var statusLine = document.getElementById("chat-status");
  var current = { language: config.language, directLine: null, container: null, generation: 0 };

  // The web chat user (id and the server's proof of it) survives a reload and a language switch,
  // so a family that logged in stays logged in. The server accepts the id only with its proof.
  var USER_KEY = "fritidskort.webchat.user";

  function storedUser() {
    try {
      var user = JSON.parse(window.localStorage.getItem(USER_KEY) || "null");
      return user && typeof user.id === "string" && typeof user.proof === "string" ? user : null;
    } catch (error) {
      return null; // storage blocked or garbage: a new user
    }
  }

  function storeUser(user) {
    try {
      if (user && typeof user.id === "string" && typeof user.proof === "string") window.localStorage.setItem(USER_KEY, JSON.stringify({ id: user.id, proof: user.proof }));
    } catch (error) {
      // storage blocked (private mode): the user lasts as long as the page
    }
  }

  // The language a person chose is kept for their next visit (unless the address names one).
  var LANGUAGE_KEY = "fritidskort.webchat.language";

  function storedLanguage() {
    try {
      return window.localStorage.getItem(LANGUAGE_KEY);
    } catch (error) {
      return null;
    }
  }

  function storeLanguage(code) {
    try {
      window.localStorage.setItem(LANGUAGE_KEY, code);
    } catch (error) {
      // storage blocked: the choice lasts as long as the page
    }
  }

  var ONLINE = 2; // botframework-directlinejs ConnectionStatus
  var FAILED_TO_CONNECT = 4;

  function languageOf(code) {
    return config.languages.find(function (language) { return language.code === code; }) || config.languages[0];
  }

  function strings(code) {
    return config.strings[code] || config.strings[config.defaultLanguage];
  }

  config.languages.forEach(function (language) {
    var option = document.createElement("option");
    option.value = language.code;
    option.textContent = language.name;
    option.lang = language.code;
    option.dir = language.dir;
    select.appendChild(option);
  });
  select.value = current.language;

  function applyPageLanguage(code) {
    var language = languageOf(code);
    var text = strings(code);
    document.documentElement.lang = code;
    document.documentElement.dir = language.dir;
    document.title = text.page_title;
    document.querySelectorAll("[data-text]").forEach(function (element) {
      var key = element.getAttribute("data-text");
      if (key === "connecting") return; // the status line is driven by the connection
      element.textContent = text[key];
    });
    chatSection.setAttribute("aria-label", text.chat_label);
  }

  function setStatus(text) {
    statusLine.textContent = text || "";
  }

  function styleOptions() {
    return {
      accent: "#00466e",
      botAvatarInitials: "FK",
      userAvatarInitials: "",
      bubbleBorderRadius: 10,
      bubbleFromUserBorderRadius: 10,
      bubbleFromUserBackground: "#e6f0f6",
      hideUploadButton: true,
      sendBoxButtonColor: "#00466e",
      primaryFont: getComputedStyle(document.documentElement).fontFamily,
    };
  }

  // A language switch starts a new conversation: the bot then greets in the new language.
  function connect(code) {
    var generation = ++current.generation;
    var language = languageOf(code);
    var text = strings(code);
    if (current.directLine) current.directLine.end();
    if (current.container) current.container.remove();
    current.directLine = null;
    setStatus(text.connecting);

    var user = storedUser();
    return fetch("/webchat/token", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(user ? { user: user } : {}),
    })
      .then(function (response) {
        if (!response.ok) throw new Error("token " + response.status);
        return response.json();
      })
      .then(function (issued) {
        storeUser(issued.user);
        if (generation !== current.generation) return; // switched again meanwhile
        var directLine = window.WebChat.createDirectLine({
          token: issued.token,
          domain: location.origin + "/v3/directline",
          webSocket: true,
          conversationStartProperties: { locale: language.webChatLocale },
        });
        directLine.connectionStatus$.subscribe(function (status) {
          if (generation !== current.generation) return;
          if (status === ONLINE) setStatus("");
          if (status === FAILED_TO_CONNECT) setStatus(strings(current.language).connect_failed);
        });
        var container = document.createElement("div");
        container.className = "webchat";
        container.id = "webchat";
        var old = document.getElementById("webchat");
        if (old) old.remove();
        chatSection.appendChild(container);
        current.directLine = directLine;
        current.container = container;
        window.WebChat.renderWebChat(
          {
            directLine: directLine,
            locale: language.webChatLocale,
            dir: language.dir,
            styleOptions: styleOptions(),
            overrideLocalizedStrings: {
              TEXT_INPUT_PLACEHOLDER: text.input_placeholder,
              TEXT_INPUT_SEND_BUTTON_ALT: text.send,
            },
          },
          container,
        );
      })
      .catch(function () {
        if (generation === current.generation) setStatus(strings(current.language).connect_failed);
      });
  }

  select.addEventListener("change", function () {
    current.language = select.value;
    storeLanguage(current.language);
    applyPageLanguage(current.language);
    var url = new URL(location.href);
    url.searchParams.set("lang", current.language);
    history.replaceState(null, "", url);
    connect(current.language);
  });

  // A language chosen on an earlier visit wins over the browser's, not over ?lang= in the address.
  var remembered = storedLanguage();
  if (!new URL(location.href).searchParams.has("lang") && remembered && remembered !== current.language && config.languages.some(function (language) { return language.code === remembered; })) {
    current.language = remembered;
    select.value = remembered;
  }
  applyPageLanguage(current.language);
  connect(current.language);
})();
