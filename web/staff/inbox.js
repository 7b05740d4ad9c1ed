// The staff inbox: hand-offs from /api/staff/hand-offs, claim / answer / close. Plain DOM, no
// framework; every sentence from locales/<lang>/staff.json (the config element). In Teams (framed)
// the Teams JavaScript client is initialised so the page runs as a tab.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("staff-config").textContent);
  const t = (key, values) => (config.strings[key] || key).replace(/\{\{(\w+)\}\}/g, (m, name) => (values && name in values ? String(values[name]) : m));
  const list = document.getElementById("hand-offs");
  const status = document.getElementById("status");
  let state = "open";

  if (window.parent !== window && window.microsoftTeams) {
    window.microsoftTeams.app.initialize().then(() => window.microsoftTeams.app.notifySuccess()).catch(() => undefined);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  async function call(method, url, body) {
    const response = await fetch(url, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined, credentials: "same-origin" });
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, data };
  }

  function lines(items) {
    const ol = el("ol", { class: "lines" });
    for (const item of items) ol.append(el("li", { class: item.kind }, el("span", { class: "who", text: item.who + ":" }), document.createTextNode(item.text)));
    return ol;
  }

  function render(handOff) {
    const id = "h-" + handOff.id;
    const state = handOff.status === "CLOSED" ? t("closed_state") : handOff.claimedBy ? t("claimed_by", { name: handOff.claimedBy }) : t("waiting");
    const article = el("article", { "aria-labelledby": id });
    article.append(el("h2", { id, text: handOff.code + " · " + handOff.personName + " · " + state }));
    const facts = el("dl");
    facts.append(el("dt", { text: t("language") }), el("dd", { text: handOff.language, lang: handOff.language }));
    facts.append(el("dt", { text: t("channel") }), el("dd", { text: handOff.channel }));
    if (handOff.reason) facts.append(el("dt", { text: t("reason") }), el("dd", { text: handOff.reason, lang: handOff.language }));
    article.append(facts);
    if (handOff.transcript.length) {
      article.append(el("h3", { text: t("transcript") }));
      article.append(lines(handOff.transcript.map((line) => ({ kind: line.from, who: line.from === "person" ? t("person") : t("bot"), text: line.text }))));
    }
    if (handOff.messages.length) {
      article.append(el("h3", { text: t("messages") }));
      article.append(lines(handOff.messages.map((message) => ({ kind: message.kind === "PERSON" ? "person" : "staff", who: message.author, text: message.body }))));
    }
    if (handOff.status !== "CLOSED") {
      const fieldId = "answer-" + handOff.id;
      const field = el("textarea", { id: fieldId, maxlength: "1000" });
      article.append(el("label", { for: fieldId, text: t("answer_label", { name: handOff.personName.split(" ")[0] }) }), field);
      const actions = el("div", { class: "actions" });
      const button = (label, action, primary) => {
        const b = el("button", { type: "button", class: primary ? "primary" : "", text: label });
        b.addEventListener("click", () => act(handOff.id, action, field));
        return b;
      };
      if (!handOff.claimedBy || handOff.claimedBy !== config.me) actions.append(button(t("claim"), "claim"));
      actions.append(button(t("answer"), "answer", true), button(t("close"), "close"));
      article.append(actions);
    }
    return article;
  }

  async function act(id, action, field) {
    if (action === "answer" && !field.value.trim()) return field.focus();
    const result = await call("POST", "/api/staff/hand-offs/" + encodeURIComponent(id) + "/" + action, action === "answer" ? { text: field.value } : {});
    status.textContent = result.ok ? t("sent") : t("failed", { reason: (result.data && result.data.message) || result.status });
    if (result.ok) await load();
  }

  async function load() {
    const result = await call("GET", "/api/staff/hand-offs?state=" + state);
    list.replaceChildren();
    if (result.status === 401) return void (status.textContent = t("login"));
    if (result.status === 403) return void (status.textContent = t("forbidden"));
    if (!result.ok) return void (status.textContent = t("failed", { reason: result.status }));
    config.me = result.data.me.givenName;
    document.getElementById("me").textContent = t("signed_in", { name: result.data.me.givenName });
    if (!result.data.handOffs.length) list.append(el("p", { text: t("empty") }));
    for (const handOff of result.data.handOffs) list.append(render(handOff));
    await loadEscalations();
  }

  // Accommodation requests a club has not answered, escalated for a caseworker to follow up.
  async function loadEscalations() {
    const box = document.getElementById("escalations");
    const result = await call("GET", "/api/staff/accommodation-escalations");
    box.replaceChildren();
    if (!result.ok) return;
    if (!result.data.escalations.length) return void box.append(el("p", { text: t("escalated_none") }));
    const ul = el("ul", { class: "escalations" });
    for (const item of result.data.escalations) {
      const since = new Date(item.escalatedAt).toLocaleDateString(document.documentElement.lang);
      ul.append(el("li", { text: t("escalated_item", { code: item.code || "", child: item.childName, activity: item.activityTitle, club: item.clubName, needs: item.needs.join(", "), since }) }));
    }
    box.append(ul);
  }

  function show(which) {
    state = which;
    document.getElementById("show-open").setAttribute("aria-pressed", String(which === "open"));
    document.getElementById("show-closed").setAttribute("aria-pressed", String(which === "closed"));
    status.textContent = "";
    void load();
  }
  document.getElementById("show-open").addEventListener("click", () => show("open"));
  document.getElementById("show-closed").addEventListener("click", () => show("closed"));
  document.getElementById("refresh").addEventListener("click", () => void load());
  void load();
})();
