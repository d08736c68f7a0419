// Host screen: reads the card stream with fetch (so the key travels in the Authorization header, never the URL).
"use strict";
(() => {
  const stream = document.body.dataset.stream;
  const STORE = "sa.hostKey";
  const LEVELS = { trend: "热卖 TREND", low: "库存低 LOW", critical: "告急 CRITICAL",
                   sold_out: "售罄 SOLD OUT", back_in_stock: "补货 BACK", waitlist: "等货 WAITLIST" };
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

  const SEVERITY = { sold_out: 5, critical: 4, low: 3, back_in_stock: 2, waitlist: 2, trend: 1 };  // as alerts/live.py
  const ALARM = "sa.hostAlarm";
  const counts = new Map();  // sku -> {sellable, ts}: the ledger's newest count, pushed as it changes
  let alarmOn = localStorage.getItem(ALARM) !== "off";
  let audio = null;
  let onScreen = null;

  function liveSellable(v, since) {
    const live = counts.get(v.sku);
    return live && live.ts >= since ? live.sellable : v.sellable;
  }

  function variantText(v, since) {
    const n = liveSellable(v, since);
    return n > 0 ? `${v.label_zh} 还能卖${n}单` : `${v.label_zh} 已售罄`;
  }

  function planText(card) {
    const plan = (card.variants[0] || {}).replenishment;
    if (!plan || !plan.tier) return "";
    const tier = { yellow: "黄", orange: "橙", red: "红" }[plan.tier] || plan.tier;
    const cover = plan.cover_days >= 2 ? `够卖约${plan.cover_days}天` : `够卖约${plan.cover_hours}小时`;
    return `补货${tier}灯 · ${cover} · 补货周期${plan.lead_hours}小时 · 建议补${plan.suggested_qty}件`;
  }

  function cardNode(card) {
    const node = $("card-template").content.firstElementChild.cloneNode(true);
    node.dataset.cardId = card.id;
    node.dataset.productId = card.product_id;
    node.classList.add("level-" + card.level);
    node.classList.toggle("acknowledged", !!card.acknowledged);
    node.classList.toggle("quiet", card.raised === false);
    node.querySelector(".level").textContent = LEVELS[card.level] || card.level;
    node.querySelector(".name").textContent = `${card.name_zh} · ${card.name_en}`;
    node.querySelector(".time").textContent = clock(card.updated_ts);
    node.querySelector(".line").textContent = card.line_zh;
    node.querySelector(".line-en").textContent = card.line_en;
    node.querySelector(".variants").replaceChildren(...card.variants.map((v) => {
      const li = document.createElement("li");
      const n = liveSellable(v, card.updated_ts);
      li.className = n > 0 ? v.status : "sold_out";
      li.dataset.sku = v.sku;
      li.textContent = variantText(v, card.updated_ts);
      return li;
    }));
    const pace = [];
    if (card.velocity_per_min) pace.push(`速度 ${card.velocity_per_min}/分钟`);
    if (card.sellout_minutes) pace.push(`约${card.sellout_minutes}分钟售罄`);
    if (card.asking && card.asking.askers) pace.push(`${card.asking.askers}位观众在问`);
    node.querySelector(".pace").textContent = pace.join(" · ");
    node.querySelector(".plan").textContent = planText(card);
    node.querySelector(".action").textContent = `▶ ${card.action.text_zh}`;
    node.querySelector(".merged").replaceChildren();
    node.querySelector(".ack").addEventListener("click", () => acknowledge(card.id));
    return node;
  }

  function bySeverity(a, b) {
    return (SEVERITY[b.level] || 0) - (SEVERITY[a.level] || 0) || b.updated_ts - a.updated_ts;
  }

  function render() {
    const showing = [...cards.values()].filter((c) => !c.superseded_by);
    const raised = showing.filter((c) => c.raised !== false).sort(bySeverity);
    const queued = showing.filter((c) => c.raised === false).sort(bySeverity);
    $("cards").replaceChildren(...raised.map(cardNode));
    $("queued").replaceChildren(...queued.map(cardNode));
    $("queued-title").hidden = queued.length === 0;
    $("empty").hidden = showing.length > 0;
    renderOnScreen();
  }

  function renderOnScreen() {
    if (!onScreen || !onScreen.product_id) { $("on-screen").hidden = true; return; }
    $("on-screen").hidden = false;
    $("on-screen-name").textContent = `${onScreen.name_zh} · ${onScreen.name_en}`;
    $("on-screen-variants").replaceChildren(...onScreen.variants.map((v) => {
      const li = document.createElement("li");
      const n = liveSellable(v, onScreen.read_ts);
      li.className = n > 0 ? v.status : "sold_out";
      li.dataset.sku = v.sku;
      const label = document.createElement("span");
      label.className = "variant";
      label.textContent = v.label_zh;
      const count = document.createElement("span");
      count.className = "sellable";
      count.textContent = String(n);
      li.append(label, count);
      return li;
    }));
  }

  async function refreshOnScreen() {
    if (!key) return;
    try {
      const asked = Date.now();
      const answer = await fetch(`/v1/streams/${encodeURIComponent(stream)}/on-screen`,
        { headers: { Authorization: "Bearer " + key } });
      if (answer.ok) {
        onScreen = await answer.json();
        onScreen.read_ts = asked - 60000;  // pushed counts newer than the read win; a late read never rolls back
        for (const v of onScreen.variants) {
          const live = counts.get(v.sku);
          if (!live) counts.set(v.sku, { sellable: v.sellable, ts: 0 });
        }
        renderOnScreen();
      }
    } catch (error) { /* the next poll tries again */ }
  }

  function alarm(cardId) {
    if (!alarmOn) return;
    document.body.classList.remove("flash");
    void document.body.offsetWidth;  // restart the animation
    document.body.classList.add("flash");
    const node = document.querySelector(`article.card[data-card-id="${CSS.escape(cardId)}"]`);
    if (node) node.classList.add("flash");
    setTimeout(() => document.body.classList.remove("flash"), 3000);
    try {
      audio = audio || new AudioContext();
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
      tone.connect(gain).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.6);
    } catch (error) { /* no audio device: the flash still shows */ }
  }

  function shouldAlarm(card, old) {
    if (card.raised === false || !(card.level === "critical" || card.level === "sold_out")) return false;
    if (!old || old.level !== card.level || old.raised === false) return true;
    const before = new Map(old.variants.map((v) => [v.sku, v.sellable]));
    return card.variants.some((v) => v.sellable === 0 && before.get(v.sku) > 0);  // another variant just sold out
  }

  function showAlarmState() {
    const button = $("alarm");
    button.setAttribute("aria-pressed", String(alarmOn));
    button.textContent = alarmOn ? "闪烁+提示音 开 · Flash & sound on" : "闪烁+提示音 关 · Flash & sound off";
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
    let ring = null;
    if (event === "snapshot") {
      cards.clear();
      for (const card of data.cards) cards.set(card.id, card);
    } else if (event === "card") {
      const old = cards.get(data.card.id);
      // The server decides what a card replaces (one card per product and slot, see alerts/slots.py).
      for (const id of data.supersedes || []) cards.delete(id);
      if (data.superseded_by) cards.delete(data.card.id);
      else cards.set(data.card.id, data.card);
      for (const v of data.card.variants) {
        const live = counts.get(v.sku);
        if (!live || live.ts <= data.card.updated_ts) counts.set(v.sku, { sellable: v.sellable, ts: data.card.updated_ts });
      }
      if (!data.superseded_by && shouldAlarm(data.card, old)) ring = data.card.id;
    } else if (event === "ack") {
      const card = cards.get(data.card_id);
      if (card) card.acknowledged = data.acknowledged_ts >= card.updated_ts;
    } else if (event === "counts") {
      for (const [sku, sellable] of Object.entries(data.skus)) {
        const live = counts.get(sku);
        if (!live || live.ts <= data.ts) counts.set(sku, { sellable, ts: data.ts });
      }
    }
    render();
    if (ring) alarm(ring);
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
    try {
      await readEvents(answer, apply);
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
    refreshOnScreen();
  }

  setInterval(refreshOnScreen, 5000);  // the focus changes rarely; its counts arrive pushed in between
  showAlarmState();
  $("alarm").addEventListener("click", () => {
    alarmOn = !alarmOn;
    localStorage.setItem(ALARM, alarmOn ? "on" : "off");
    showAlarmState();
    if (alarmOn && !audio) { try { audio = new AudioContext(); } catch (error) { audio = null; } }
  });

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
