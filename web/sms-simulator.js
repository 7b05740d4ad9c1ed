// The local SMS simulator (development only): text the service as a phone number. Sending goes
// through POST /dev/sms/send, which calls our Twilio webhook exactly as Twilio would; everything
// the phone receives (answers and later outbox messages) is read from GET /dev/sms/messages.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("fk-config").textContent);
  var text = config.strings[config.language] || config.strings[config.defaultLanguage];
  var list = document.getElementById("identities");
  var otherRadio = document.getElementById("other-radio");
  var otherPhone = document.getElementById("other-phone");
  var messages = document.getElementById("messages");
  var empty = document.getElementById("empty");
  var title = document.getElementById("phone-title");
  var form = document.getElementById("compose");
  var body = document.getElementById("body");
  var error = document.getElementById("error");
  var sentByPhone = {}; // what this page sent, per phone (the service keeps no copy for us)
  var phone = config.identities.length > 0 ? config.identities[0].phone : "";

  config.identities.forEach(function (identity, index) {
    var label = document.createElement("label");
    var radio = document.createElement("input");
    radio.type = "radio";
    radio.name = "phone";
    radio.value = identity.phone;
    radio.checked = index === 0;
    var who = document.createElement("span");
    who.className = "who";
    var name = document.createElement("span");
    name.textContent = identity.name;
    var role = document.createElement("span");
    role.className = "role";
    role.textContent = text["simulator_role_" + identity.role] || identity.role;
    var number = document.createElement("span");
    number.className = "phone-number";
    number.textContent = identity.phone;
    who.append(name, role, number);
    label.append(radio, who);
    list.appendChild(label);
  });

  document.querySelectorAll('input[name="phone"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      choose(radio.value === "other" ? otherPhone.value.trim() : radio.value);
    });
  });
  otherPhone.addEventListener("input", function () {
    otherRadio.checked = true;
    choose(otherPhone.value.trim());
  });

  function choose(number) {
    phone = number;
    render([]);
    refresh();
  }

  function render(received) {
    title.textContent = phone;
    var timeline = received
      .map(function (message) { return { kind: "received", body: message.body, at: message.createdAt, meta: text.simulator_service + " · " + text.simulator_segments.replace("{{count}}", message.segments).replace("{{encoding}}", message.encoding) }; })
      .concat((sentByPhone[phone] || []).map(function (message) { return { kind: "sent", body: message.body, at: message.at, meta: text.simulator_you }; }))
      .sort(function (a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; });
    messages.replaceChildren.apply(
      messages,
      timeline.map(function (entry) {
        var item = document.createElement("li");
        item.className = "message " + entry.kind;
        item.textContent = entry.body;
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = entry.meta;
        item.appendChild(meta);
        return item;
      }),
    );
    empty.hidden = timeline.length > 0;
    messages.scrollTop = messages.scrollHeight;
  }

  var lastSeen = "";
  function refresh() {
    if (!/^\+[1-9]\d{6,14}$/.test(phone)) return Promise.resolve();
    var asked = phone;
    return fetch("/dev/sms/messages?to=" + encodeURIComponent(asked))
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (received) {
        if (asked !== phone) return;
        var key = asked + received.length + (sentByPhone[asked] || []).length;
        if (key !== lastSeen) render(received);
        lastSeen = key;
      })
      .catch(function () { /* the next poll tries again */ });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var message = body.value.trim();
    if (!message || !phone) return;
    error.textContent = "";
    (sentByPhone[phone] = sentByPhone[phone] || []).push({ body: message, at: new Date().toISOString() });
    body.value = "";
    fetch("/dev/sms/send", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from: phone, body: message }) })
      .then(function (response) {
        if (!response.ok) return response.json().then(function (problem) { throw new Error(problem.message || String(response.status)); });
      })
      .catch(function (failure) { error.textContent = text.simulator_send_failed.replace("{{reason}}", failure.message); })
      .then(refresh);
  });

  body.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  render([]);
  refresh();
  setInterval(refresh, 1500);
})();
