// Host screen: reads the card stream with fetch (so the key travels in the Authorization header, never the URL).
"use strict";
(() => {
  const stream = document.body.dataset.stream;
  const STORE = "sa.hostKey";
  const LEVELS = { trend: "热卖 TREND", low: "库存低 LOW", critical: "告急 CRITICAL",
                   sold_out: "售罄 SOLD OUT", back_in_stock: "补货 BACK" };
  const $ = (id) => document.getElementById(id);
  const cards = new Map();
  let key = null;
  let controller = null;
  let retryMs = 1000;

  function takeKey() {
    const match = location.hash.match(/key=([^&]+)/);
    if (match) {
      localStorage.setItem(STORE, decodeURIComponent(match[1]));
      history.replaceState(null, "", location.pathname + location.search);  // the key leaves the address bar
    }
    return localStorage.getItem(STORE);
  }

  function status(text, kind) {
    const el = $("status");
    el.textContent = text;
    el.className = "status " + (kind || "");
  }

  function askForKey(message) {
    if (controller) controller.abort();
    $("cards").replaceChildren();
    cards.clear();
    $("key-form").hidden = false;
    $("forget").hidden = true;
    $("key-error").textContent = message || "";
    status("未连接 · offline", "error");
  }

  function clock(ts) {
    return new Date(ts).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function variantText(v) {
    return v.sellable > 0 ? `${v.label_zh} 还能卖${v.sellable}单` : `${v.label_zh} 已售罄`;
  }

  function render() {
    const list = [...cards.values()].filter((c) => !c.superseded_by)
      .sort((a, b) => b.updated_ts - a.updated_ts);
    const nodes = list.map((card) => {
      const node = $("card-template").content.firstElementChild.cloneNode(true);
      node.dataset.cardId = card.id;
      node.classList.add("level-" + card.level);
      node.classList.toggle("acknowledged", !!card.acknowledged);
      node.querySelector(".level").textContent = LEVELS[card.level] || card.level;
      node.querySelector(".name").textContent = `${card.name_zh} · ${card.name_en}`;
      node.querySelector(".time").textContent = clock(card.updated_ts);
      node.querySelector(".line").textContent = card.line_zh;
      node.querySelector(".line-en").textContent = card.line_en;
      node.querySelector(".variants").replaceChildren(...card.variants.map((v) => {
        const li = document.createElement("li");
        li.className = v.status;
        li.textContent = variantText(v);
        return li;
      }));
      const pace = [];
      if (card.velocity_per_min) pace.push(`速度 ${card.velocity_per_min}/分钟`);
      if (card.sellout_minutes) pace.push(`约${card.sellout_minutes}分钟售罄`);
      if (card.asking && card.asking.askers) pace.push(`${card.asking.askers}位观众在问`);
      node.querySelector(".pace").textContent = pace.join(" · ");
      node.querySelector(".action").textContent = `▶ ${card.action.text_zh}`;
      node.querySelector(".merged").replaceChildren(...(card.merged || []).map((m) => {
        const li = document.createElement("li");
        li.textContent = `${LEVELS[m.level] || m.level}: ${m.text_zh}`;
        return li;
      }));
      node.querySelector(".ack").addEventListener("click", () => acknowledge(card.id));
      return node;
    });
    $("cards").replaceChildren(...nodes);
    $("empty").hidden = nodes.length > 0;
  }

  async function acknowledge(cardId) {
    const answer = await fetch(`/v1/streams/${encodeURIComponent(stream)}/cards/${encodeURIComponent(cardId)}/ack`,
      { method: "POST", headers: { Authorization: "Bearer " + key } });
    if (answer.ok) {
      const { card } = await answer.json();
      cards.set(card.id, card);
      render();
    }
  }

  function apply(event, data) {
    if (event === "snapshot") {
      cards.clear();
      for (const card of data.cards) cards.set(card.id, card);
    } else if (event === "card") {
      for (const [id, old] of cards) {  // a newer card of the product replaces the older one on screen
        if (old.product_id === data.card.product_id && id !== data.card.id) cards.delete(id);
      }
      cards.set(data.card.id, data.card);
      for (const m of data.card.merged || []) {
        for (const [id, old] of cards) if (old.product_id === m.product_id && id !== data.card.id) cards.delete(id);
      }
    } else if (event === "ack") {
      const card = cards.get(data.card_id);
      if (card) card.acknowledged = data.acknowledged_ts >= card.updated_ts;
    }
    render();
  }

  async function connect() {
    controller = new AbortController();
    status("连接中 · connecting", "");
    let answer;
    try {
      answer = await fetch(`/v1/streams/${encodeURIComponent(stream)}/cards/events`, {
        headers: { Authorization: "Bearer " + key, Accept: "text/event-stream" }, signal: controller.signal });
    } catch (error) {
      return retry();
    }
    if (answer.status === 401 || answer.status === 403) {
      localStorage.removeItem(STORE);
      return askForKey("密钥无效或没有主播权限 · The key is not a host key");
    }
    if (!answer.ok) return retry();
    status("实时 · live", "live");
    retryMs = 1000;
    const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, "\n");
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = "message";
          const data = [];
          for (const line of frame.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
          }
          if (data.length && event !== "ping") apply(event, JSON.parse(data.join("\n")));
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return;
    }
    retry();
  }

  function retry() {
    if (controller && controller.signal.aborted) return;
    status("重连中 · reconnecting", "error");
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 15000);
  }

  function begin(newKey) {
    key = newKey;
    $("key-form").hidden = true;
    $("forget").hidden = false;
    connect();
  }

  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("key").value.trim();
    if (!value) return;
    localStorage.setItem(STORE, value);
    $("key").value = "";
    begin(value);
  });
  $("forget").addEventListener("click", () => { localStorage.removeItem(STORE); askForKey(""); });

  const stored = takeKey();
  if (stored) begin(stored); else askForKey("");
})();
