// Live ops board: one SSE stream per screen (read with fetch so the ops key stays in the Authorization header).
// Every figure comes from the server; all catalog and viewer text is set with textContent, never as HTML.
"use strict";
(() => {
  const STORE = "stock-assistant-ops-key";  // shared with the /ops console
  const SVG = "http://www.w3.org/2000/svg";
  const RANK = { sold_out: 0, critical: 1, low: 2, in_stock: 3 };
  const $ = (id) => document.getElementById(id);
  let key = null, controller = null, retryMs = 1000, view = null, pendingToken = null;
  const variantIndex = new Map();  // sku -> {variant, product, room}

  function takeKey() {
    const match = location.hash.match(/key=([^&]+)/);
    if (match) {
      localStorage.setItem(STORE, decodeURIComponent(match[1]));
      history.replaceState(null, "", location.pathname + location.search);
    }
    return localStorage.getItem(STORE);
  }
  function status(text, kind) { const el = $("status"); el.textContent = text; el.className = "status " + (kind || ""); }
  function askForKey(message) {
    if (controller) controller.abort();
    $("key-form").hidden = false;
    $("key-error").textContent = message || "";
    status("未连接 · offline", "error");
  }
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  // The server's count rule (the cards' one, tier-aware): its thresholds ride on each variant.
  function level(v) {
    if (v.sellable <= 0) return "sold_out";
    if (v.sellable <= v.critical_at) return "critical";
    return v.sellable <= v.low_at ? "low" : "in_stock";
  }
  function productLevel(p) {
    return p.variants.map((v) => v.level).reduce((worst, lv) => (RANK[lv] < RANK[worst] ? lv : worst), "in_stock");
  }
  function label(v) { return [v.colour, v.size].filter(Boolean).join(" ") || "单品"; }
  function points(series, width, height) {
    const top = Math.max(1, ...series);
    return series.map((y, i) => `${(i / Math.max(1, series.length - 1) * width).toFixed(1)},${(height - 2 - Math.max(0, y) / top * (height - 4)).toFixed(1)}`).join(" ");
  }
  function minutes(m) { return m === null || m === undefined ? "—" : m >= 60 ? `${(m / 60).toFixed(1)} h` : `${m} min`; }

  function index() {
    variantIndex.clear();
    const channels = new Set();
    for (const room of view.rooms) for (const p of room.products) {
      for (const v of p.variants) { v.level = level(v); variantIndex.set(v.sku, { v, p, room }); }
      Object.keys(p.channels).forEach((c) => channels.add(c));
    }
    const roomSelect = $("room"), channelSelect = $("channel");
    const keep = (select, values) => {
      const current = select.value;
      select.replaceChildren(select.options[0]);
      for (const value of values) { const o = el("option", "", value); o.value = value; select.append(o); }
      select.value = values.includes(current) ? current : "";
    };
    keep(roomSelect, view.rooms.map((r) => r.stream_id));
    keep(channelSelect, [...channels].sort());
  }

  function visible(p) {
    const lv = $("level").value, tier = $("tier").value, channel = $("channel").value;
    if (lv === "cold" ? !p.cold : lv && productLevel(p) !== lv) return false;
    if (tier && (p.tier || "").toUpperCase() !== tier) return false;
    if (channel && !(p.channels[channel] > 0)) return false;
    return true;
  }
  function ordered(products) {
    const sort = $("sort").value;
    const list = products.slice();
    if (sort === "level") list.sort((a, b) => RANK[productLevel(a)] - RANK[productLevel(b)] || (a.link || 99) - (b.link || 99));
    else if (sort === "sellout") list.sort((a, b) => (a.sellout_minutes ?? 1e9) - (b.sellout_minutes ?? 1e9));
    else if (sort === "pace") list.sort((a, b) => b.pace_per_min - a.pace_per_min);
    return list;
  }

  function productNode(p, room) {
    const node = $("product-template").content.firstElementChild.cloneNode(true);
    node.dataset.product = p.product_id;
    node.dataset.level = productLevel(p);
    node.classList.add("level-" + productLevel(p));
    node.classList.toggle("cold", !!p.cold);
    node.dataset.cold = p.cold ? "1" : "0";
    node.querySelector(".link").textContent = p.link ? `#${p.link}` : "";
    node.querySelector(".name").textContent = p.name_zh;
    node.querySelector(".tags").textContent = [p.tier && `${p.tier}类`, p.role].filter(Boolean).join(" · ");
    node.querySelector(".spark polyline").setAttribute("points", points(p.per_minute, 120, 28));
    node.querySelector(".pace").textContent = `${p.pace_per_min}/min`;
    node.querySelector(".sellout").textContent = `售罄 ${minutes(p.sellout_minutes)}`;
    const cover = node.querySelector(".cover");
    cover.textContent = p.cover_hours === null ? "覆盖 —" : `覆盖 ${p.cover_hours} h / 补货 ${p.restock_lead_hours ?? "—"} h`;
    cover.classList.toggle("short", !!p.cover_short);
    const ch = $("channel").value;
    node.querySelector(".channels").textContent = Object.entries(p.channels)
      .filter(([c]) => !ch || c === ch).map(([c, n]) => `${c} ${n}`).join(" · ");
    node.querySelector(".variants").replaceChildren(...p.variants.map((v) => {
      const item = el("li", "variant level-" + v.level);
      item.dataset.sku = v.sku;
      item.dataset.level = v.level;
      item.append(el("span", "label", label(v)), el("span", "count", v.sellable));
      if (v.waiting > 0) item.append(el("span", "waiting", `${v.waiting}人等`));
      item.querySelector(".count").dataset.testid = "count";
      return item;
    }));
    node.addEventListener("click", () => openDetail(p, room));
    return node;
  }

  function render() {
    if (!view) return;
    const only = $("room").value;
    $("clock").textContent = view.now;
    $("rooms").replaceChildren(...view.rooms.filter((r) => !only || r.stream_id === only).map((room) => {
      const node = $("room-template").content.firstElementChild.cloneNode(true);
      node.dataset.room = room.stream_id;
      node.querySelector(".room-title").textContent = room.stream_id;
      const ask = (a) => el("li", "", `${a.name || a.product_id} ${[a.colour, a.size].filter(Boolean).join(" ")} · ${a.asks}问${a.unmet_asks ? ` · ${a.unmet_asks}没买到` : ""}`);
      node.querySelector(".top-asks").replaceChildren(...room.asks.top.map(ask));
      node.querySelector(".unmet-asks").replaceChildren(...room.asks.unmet.map(ask));
      node.querySelector(".open-cards").replaceChildren(...room.cards.map((c) => el("li", "card-" + c.level, `${c.name_zh}: ${c.line_zh}`)));
      node.querySelector(".waitlist").replaceChildren(...(room.waitlist || []).map((w) =>
        el("li", "", `${w.name_zh} ${[w.colour, w.size].filter(Boolean).join(" ")} · ${w.waiting}人等 · 可售${w.sellable}`)));
      node.querySelector(".shipments").replaceChildren(...room.incoming.map((s) => el("li", "", `${s.sku} +${s.qty}${s.transfer ? " → " + s.warehouse : ""} · ${s.eta}`)));
      node.querySelector(".products").replaceChildren(...ordered(room.products).filter(visible).map((p) => productNode(p, room)));
      return node;
    }));
    document.body.dataset.rendered = String(Date.now());
  }

  function applyStock(skus) {
    for (const [sku, row] of Object.entries(skus)) {
      const hit = variantIndex.get(sku);
      if (!hit) continue;
      hit.v.sellable = Math.max(0, row.sellable);
      hit.v.level = level(hit.v);
    }
    render();
  }

  async function api(path, options = {}) {
    const answer = await fetch(path, { ...options, headers: { Authorization: "Bearer " + key, "Content-Type": "application/json" } });
    const body = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new Error((body.error && body.error.message) || answer.statusText);
    return body;
  }

  async function openDetail(p, room) {
    $("detail").hidden = false;
    $("detail").dataset.product = p.product_id;
    $("detail-title").textContent = `${p.name_zh} · ${p.name_en}`;
    const cum = []; let total = 0;
    for (const n of p.per_minute) { total += n; cum.push(total); }
    const curve = document.createElementNS(SVG, "polyline");
    curve.setAttribute("points", points(cum, 300, 80));
    $("detail-curve").replaceChildren(curve);
    $("action-sku").replaceChildren(...p.variants.map((v) => { const o = el("option", "", `${label(v)} (${v.sku})`); o.value = v.sku; return o; }));
    $("action-form").dataset.room = room.stream_id;
    $("proposal").textContent = ""; $("confirm").hidden = true;
    const rows = [];
    for (const v of p.variants) {
      try {
        const body = await api(`/v1/skus/${encodeURIComponent(v.sku)}/movements?limit=10`);
        for (const m of body.movements || []) rows.push({ ...m, sku: v.sku });
      } catch (error) { rows.push({ sku: v.sku, type: "error", qty: "", after: error.message, ts: 0 }); }
    }
    rows.sort((a, b) => Number(b.ts) - Number(a.ts));
    $("detail-movements").replaceChildren(...rows.slice(0, 40).map((m) => {
      const tr = el("tr");
      tr.append(el("td", "", m.ts ? new Date(Number(m.ts)).toLocaleTimeString() : ""), el("td", "", m.sku), el("td", "", m.type),
                el("td", "", m.qty), el("td", "", m.after));
      return tr;
    }));
  }

  $("action-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const raw = $("action-value").value.trim();
    const body = { action: $("action-kind").value, sku: $("action-sku").value, value: raw === "" ? null : Number(raw),
                   stream_id: $("action-form").dataset.room || null };
    try {
      const answer = await api("/v1/board/proposals", { method: "POST", body: JSON.stringify(body) });
      pendingToken = answer.proposal.token;
      $("proposal").textContent = `待确认（尚未生效）· Not applied yet: ${answer.proposal.summary}`;
      $("confirm").hidden = false;
    } catch (error) { $("proposal").textContent = error.message; }
  });
  $("confirm").addEventListener("click", async () => {
    try {
      const answer = await api("/v1/ops/confirm", { method: "POST", body: JSON.stringify({ token: pendingToken }) });
      $("proposal").textContent = `已生效 · Applied: ${answer.summary}`;
      $("confirm").hidden = true;
    } catch (error) { $("proposal").textContent = error.message; }
  });
  $("close-detail").addEventListener("click", () => { $("detail").hidden = true; });
  for (const id of ["room", "level", "tier", "channel", "sort"]) $(id).addEventListener("change", render);
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    localStorage.setItem(STORE, $("key").value.trim());
    key = localStorage.getItem(STORE);
    $("key-form").hidden = true;
    connect();
  });

  function retry() {
    status("重连中 · reconnecting", "error");
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 15000);
  }

  async function connect() {
    controller = new AbortController();
    status("连接中 · connecting", "");
    const room = new URLSearchParams(location.search).get("stream_id");
    let answer;
    try {
      answer = await fetch(`/v1/board/events${room ? "?stream_id=" + encodeURIComponent(room) : ""}`, {
        headers: { Authorization: "Bearer " + key, Accept: "text/event-stream" }, signal: controller.signal });
    } catch (error) { return retry(); }
    if (answer.status === 401 || answer.status === 403) {
      localStorage.removeItem(STORE);
      return askForKey("密钥无效或没有运营权限 · The key is not an ops key");
    }
    if (!answer.ok) return retry();
    status("实时 · live", "live");
    retryMs = 1000;
    try {
      await readEvents(answer, (event, payload) => {
        if (event === "snapshot") { view = payload; index(); render(); }
        else if (event === "stock" && view) applyStock(payload.skus);
      });
    } catch (error) { if (controller.signal.aborted) return; }
    retry();
  }

  key = takeKey();
  if (key) connect(); else askForKey("");
})();
