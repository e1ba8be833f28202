// Conversations, and a message box whose answer streams in, then shows its usage and cost.

import { api, readEvents } from "../api.js";
import { h, fill, toast } from "../dom.js";
import { usd, int, dateTime } from "../format.js";

function meta(m) {
  if (!m.usage) return null;
  const u = m.usage;
  const cached = u.cachedTokens ? ` (${int(u.cachedTokens)} cached)` : "";
  return h("span", { class: "meta" }, `${m.provider ?? ""} · ${m.model ?? ""} · ${int(u.promptTokens)} in${cached} + ${int(u.completionTokens)} out · ${usd(m.cost ?? 0, 6)}${m.incomplete ? " · incomplete" : ""}`);
}

function bubble(m) {
  return h("div", { class: `msg ${m.role}` }, h("span", { class: "text" }, m.content), meta(m));
}

export async function render(main, signal) {
  let conversationId = null;
  const list = h("ul", { class: "conversations" });
  const messages = h("div", { class: "messages", role: "log", "aria-label": "Messages", "aria-live": "polite" });
  const title = h("h2", { id: "conversation-title" }, "New conversation");
  const input = h("textarea", { id: "chat-message", rows: 2, required: true, placeholder: "Ask about a document, a lab value, a prescription…" });
  const send = h("button", { type: "submit", class: "primary" }, "Send");
  const composer = h("form", { class: "composer" }, h("div", { class: "grow" }, h("label", { for: "chat-message" }, "Message"), input), send);
  const totals = h("p", { class: "muted" });
  main.append(
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Chat"), h("p", { class: "muted" }, "Answers stream in; each one's tokens and cost come with it."))),
    h(
      "div",
      { class: "chat" },
      h("section", { class: "card", "aria-labelledby": "conversations-title" }, h("h2", { id: "conversations-title" }, "Conversations"), h("button", { type: "button", class: "small", onclick: () => open(null) }, "New conversation"), h("div", { class: "spacer" }), list),
      h("section", { class: "card", "aria-labelledby": "conversation-title" }, title, totals, messages, composer),
    ),
  );

  const loadList = async () => {
    const { conversations, spend } = await api("GET", "/api/chatbot/conversations?limit=30", undefined, { signal });
    totals.textContent = `This month: ${usd(spend.totalCost, 4)} over ${int(spend.calls)} calls${spend.budget ? ` of a ${usd(spend.budget, 2)} budget` : ""}`;
    fill(
      list,
      conversations.map((c) =>
        h("li", {}, h("button", { type: "button", "aria-current": String(c.conversationId === conversationId), onclick: () => open(c.conversationId) }, h("div", {}, c.title), h("small", { class: "muted" }, `${int(c.messageCount)} messages · ${usd(c.totalCost, 6)} · ${dateTime(c.updatedAt)}`))),
      ),
    );
    if (!conversations.length) list.append(h("li", { class: "muted" }, "None yet."));
  };

  const open = async (id) => {
    conversationId = id;
    if (!id) {
      title.textContent = "New conversation";
      fill(messages, h("p", { class: "muted" }, "Send a message to start."));
    } else {
      const c = await api("GET", `/api/chatbot/conversations/${id}?limit=100`, undefined, { signal });
      title.textContent = c.title;
      fill(messages, c.messages.map(bubble));
      messages.scrollTop = messages.scrollHeight;
    }
    await loadList();
    input.focus();
  };

  composer.addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = input.value.trim();
    if (!message) return;
    send.disabled = true;
    if (!conversationId) messages.replaceChildren();
    messages.append(bubble({ role: "user", content: message }));
    const answer = h("div", { class: "msg assistant", "aria-busy": "true" }, h("span", { class: "text" }));
    messages.append(answer);
    input.value = "";
    const text = answer.querySelector(".text");
    const body = { message, stream: true };
    if (conversationId) body.conversationId = conversationId;
    try {
      await readEvents("/api/chatbot", {
        method: "POST",
        body,
        signal,
        onEvent: ({ event: name, data }) => {
          if (name === "start") {
            if (!conversationId) title.textContent = message.slice(0, 80);
            conversationId = data.conversationId;
          }
          else if (name === "delta") text.textContent += data.content;
          else if (name === "done") {
            text.textContent = data.content;
            answer.append(meta(data));
          } else if (name === "error") answer.append(h("span", { class: "meta error" }, `Incomplete: ${data.detail ?? data.title}`));
          messages.scrollTop = messages.scrollHeight;
        },
      });
      await loadList();
    } catch (err) {
      answer.append(h("span", { class: "meta error" }, err.message));
      toast(err.message, true);
    } finally {
      answer.removeAttribute("aria-busy");
      send.disabled = false;
    }
  });

  await open(null);
}
