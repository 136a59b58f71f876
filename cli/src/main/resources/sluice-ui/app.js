// sluice ui: timelines from the stats table, incidents from the anomalies table, raw lines from
// the logs table. Every filter lives in the URL (service, from, to, kind, incident, logs), so a
// view can be shared. Charts are uPlot (served from its webjar).
(function () {
  "use strict";
  const KINDS = ["VOLUME_SPIKE", "VOLUME_DROP", "ERROR_RATE_RISE", "LATENCY_RISE", "NEW_PATTERN", "SILENCE", "OTHER"];
  const $ = (id) => document.getElementById(id);
  const charts = [];
  let incidents = [];
  let inFlight = 0;
  let progressTimer = null;

  // ------------------------------------------------------------------ URL state
  function state() {
    const p = new URLSearchParams(location.search);
    return {
      service: p.get("service") || "", from: p.get("from") || "", to: p.get("to") || "",
      kind: p.get("kind") || "", incident: p.get("incident") || "", logs: p.get("logs") || "",
    };
  }
  function setState(changes, push) {
    const p = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === "" || v == null) p.delete(k); else p.set(k, v);
    }
    const url = location.pathname + "?" + p.toString();
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }

  // ------------------------------------------------------------------ API with progress
  async function api(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    begin();
    try {
      const r = await fetch("/api/" + path + "?" + q.toString());
      const body = await r.json().catch(() => ({ error: "HTTP " + r.status }));
      if (!r.ok) throw new Error(body.error || "HTTP " + r.status);
      return body;
    } finally {
      end();
    }
  }
  function begin() {
    if (inFlight++ === 0) {
      $("progress").hidden = false;
      $("progress-text").textContent = "Scanning…";
      progressTimer = setInterval(pollProgress, 300);
    }
  }
  function end() {
    if (--inFlight === 0) {
      clearInterval(progressTimer);
      $("progress").hidden = true;
    }
  }
  async function pollProgress() {
    try {
      const p = await (await fetch("/api/progress")).json();
      if (p.running) {
        $("progress-text").textContent = "Scanning " + p.what + "… " + p.objects + " objects, " +
          mib(p.bytes) + ", " + p.rows.toLocaleString() + " rows, " + p.seconds.toFixed(1) + " s";
      }
    } catch (e) { /* the next poll tries again */ }
  }
  function mib(b) { return b < 1048576 ? (b / 1024).toFixed(0) + " KiB" : (b / 1048576).toFixed(1) + " MiB"; }
  function showError(message) { $("error").textContent = message; $("error").hidden = !message; }

  // ------------------------------------------------------------------ load
  async function load() {
    const s = state();
    if (!s.from || !s.to) { setState({ from: s.from || "now-1h", to: s.to || "now" }, false); return load(); }
    $("service").value = s.service; $("from").value = s.from; $("to").value = s.to; $("kind").value = s.kind;
    showError("");
    const range = { from: s.from, to: s.to };
    try {
      const services = await api("services", range);
      fillServices(services, s.service);
      const [timeline, found] = await Promise.all([
        api("timeline", { ...range, service: s.service }),
        api("incidents", { ...range, service: s.service, kind: s.kind }),
      ]);
      incidents = found;
      drawTimelines(timeline);
      drawIncidents();
      const selected = incidents.find((i) => i.id === s.incident);
      if (selected) select(selected, false);
      else { $("detail").hidden = true; }
      if (s.logs && selected) await showLogs(selected, s.logs);
      else if (!s.logs) $("logs").hidden = true;
    } catch (e) {
      showError(e.message);
    }
  }

  function fillServices(services, current) {
    const sel = $("service");
    sel.length = 1;
    const names = services.map((x) => x.service);
    if (current && !names.includes(current)) names.push(current);
    for (const n of names) sel.add(new Option(n, n));
    sel.value = current;
  }

  // ------------------------------------------------------------------ timelines
  function drawTimelines(timeline) {
    charts.splice(0).forEach((c) => c.destroy());
    const root = $("timelines");
    root.querySelectorAll(".service").forEach((n) => n.remove());
    const names = Object.keys(timeline);
    $("timelines-empty").hidden = names.length > 0;
    const width = Math.max(320, root.clientWidth - 26);
    for (const name of names) {
      const points = timeline[name];
      const card = document.createElement("div");
      card.className = "service";
      card.dataset.service = name;
      const total = points.reduce((a, p) => a + p.events, 0);
      const errors = points.reduce((a, p) => a + p.errors, 0);
      card.innerHTML = "<h3></h3>";
      card.querySelector("h3").append(name, Object.assign(document.createElement("small"), {
        textContent: total.toLocaleString() + " events · " + (total ? (100 * errors / total).toFixed(2) : "0") + "% errors",
      }));
      root.append(card);
      const xs = points.map((p) => p.t);
      const own = incidents.filter((i) => i.service === name);
      const series = [
        ["events per window", points.map((p) => p.events), "#2f6fde", (v) => v.toLocaleString()],
        ["error share %", points.map((p) => 100 * p.errorShare), "#d93a3a", (v) => v.toFixed(1) + "%"],
        ["p95 latency ms", points.map((p) => p.p95), "#7b4bd1", (v) => v == null ? "–" : v.toFixed(0) + " ms"],
      ];
      series.forEach(([label, ys, color, fmt], n) => {
        const holder = document.createElement("div");
        holder.className = "chart";
        holder.dataset.metric = label;
        const caption = document.createElement("div");
        caption.className = "chart-label";
        const name = Object.assign(document.createElement("span"), { textContent: label });
        name.style.color = color;
        const readout = Object.assign(document.createElement("span"), { className: "readout" });
        caption.append(name, readout);
        holder.append(caption);
        card.append(holder);
        const last = n === series.length - 1;
        const u = new uPlot({
          width, height: n === 0 ? 110 : 80,
          tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
          cursor: { sync: { key: "sluice" }, drag: { x: false, y: false } },
          legend: { show: false },
          scales: { x: { time: true } },
          padding: [8, 12, last ? 0 : 6, 0],
          axes: [
            { show: last, stroke: "#6b7385", grid: { stroke: "#eef0f4" }, ticks: { stroke: "#e3e6ec" }, size: 28,
              values: (u, vals) => vals.map((v) => new Date(v * 1e3).toISOString().substring(11, 16)) },
            { stroke: "#6b7385", grid: { stroke: "#eef0f4" }, ticks: { show: false }, size: 60, values: (u, vals) => vals.map((v) => fmt(v)) },
          ],
          series: [{}, { label, stroke: color, width: 1.5, fill: color + "1a", spanGaps: false }],
          hooks: {
            draw: [(u) => { shadeIncidents(u, own); placeMarkers(u); }],
            setCursor: [(u) => {
              const i = u.cursor.idx;
              readout.textContent = i == null ? "" : "  " + fmt(ys[i]) + " at " + new Date(xs[i] * 1e3).toISOString().substring(11, 19) + " UTC";
            }],
          },
        }, [xs, ys], holder);
        charts.push(u);
        if (n === 0) addMarkers(u, own);
      });
    }
  }

  function shadeIncidents(u, own) {
    const ctx = u.ctx;
    ctx.save();
    for (const i of own) {
      const x0 = u.valToPos(Date.parse(i.start) / 1e3, "x", true);
      const x1 = u.valToPos(Date.parse(i.end) / 1e3, "x", true);
      const color = i.severity === "CRITICAL" ? "217,58,58" : i.severity === "WARNING" ? "232,154,28" : "74,144,201";
      ctx.fillStyle = "rgba(" + color + ",0.13)";
      ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
      ctx.fillStyle = "rgba(" + color + ",0.9)";
      ctx.fillRect(x0, u.bbox.top, Math.max(1, devicePixelRatio), u.bbox.height);
    }
    ctx.restore();
  }

  function addMarkers(u, own) {
    for (const i of own) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "anomaly-marker " + i.severity;
      b.dataset.id = i.id;
      b.dataset.t = Date.parse(i.start) / 1e3;
      b.title = i.kind + " · " + i.severity + " — " + i.description;
      b.addEventListener("click", (e) => { e.stopPropagation(); select(i, true); });
      u.over.append(b);
    }
    placeMarkers(u);
  }

  // Markers follow the x scale: placed again on every redraw.
  function placeMarkers(u) {
    u.over.querySelectorAll(".anomaly-marker").forEach((b) => { b.style.left = u.valToPos(+b.dataset.t, "x") + "px"; });
  }

  // ------------------------------------------------------------------ incidents
  function drawIncidents() {
    const list = $("incidents");
    list.textContent = "";
    $("incident-count").textContent = "(" + incidents.length + ")";
    if (!incidents.length) {
      list.append(Object.assign(document.createElement("li"), { className: "none", textContent: "No anomalies in this range." }));
      return;
    }
    for (const i of incidents) {
      const li = document.createElement("li");
      li.className = i.severity;
      li.dataset.id = i.id;
      li.innerHTML = '<div class="top"><span><span class="kind"></span><span class="badge sev"></span><span class="badge st"></span></span><span class="when"></span></div><div class="desc"></div>';
      li.querySelector(".kind").textContent = i.kind.replace(/_/g, " ").toLowerCase() + " · " + i.service;
      li.querySelector(".sev").textContent = i.severity.toLowerCase();
      li.querySelector(".st").textContent = i.status.toLowerCase();
      li.querySelector(".st").classList.add(i.status);
      li.querySelector(".when").textContent = hhmm(i.start) + "–" + hhmm(i.end);
      li.querySelector(".desc").textContent = i.description;
      li.addEventListener("click", () => select(i, true));
      list.append(li);
    }
  }

  function select(i, push) {
    if (push) setState({ incident: i.id, logs: "" }, true);
    document.querySelectorAll("#incidents li, .anomaly-marker").forEach((n) => n.classList.toggle("selected", n.dataset.id === i.id));
    const d = $("detail");
    d.hidden = false;
    d.textContent = "";
    const h = document.createElement("h3");
    h.textContent = i.kind.replace(/_/g, " ").toLowerCase() + " on " + i.service;
    d.append(h, text("p", i.description));
    if (i.resolvedDescription && i.resolvedDescription !== i.description) d.append(text("p", "Resolved: " + i.resolvedDescription));
    const dl = document.createElement("dl");
    const rows = [
      ["window", fmtTime(i.start) + " → " + fmtTime(i.end)],
      ["status", i.status + " · " + i.severity],
      ["observed", num(i.observed)],
      ["expected", num(i.expected) + " (bounds " + num(i.lowerBound) + " – " + num(i.upperBound) + ")"],
      ["score", num(i.score)],
    ];
    if (i.host) rows.push(["host", i.host]);
    if (i.endpoint) rows.push(["endpoint", i.endpoint]);
    if (i.templateText) rows.push(["template", (i.templateId || "") + "  " + i.templateText]);
    rows.push(["id", i.id]);
    for (const [k, v] of rows) dl.append(text("dt", k), text("dd", v));
    d.append(dl);
    if (i.exemplars.length) {
      d.append(text("h2", "Exemplar events"));
      const ul = document.createElement("ul");
      ul.className = "exemplars";
      for (const e of i.exemplars) {
        const li = text("li", hhmmss(e.eventTime) + "  " + e.message);
        li.dataset.eventId = e.eventId;
        li.title = "Show the raw lines around this event";
        li.addEventListener("click", () => { setState({ logs: "event:" + e.eventId }, true); showLogs(i, "event:" + e.eventId).catch((x) => showError(x.message)); });
        ul.append(li);
      }
      d.append(ul);
    }
    const b = document.createElement("button");
    b.id = "show-logs";
    b.type = "button";
    b.textContent = "Raw logs of " + i.service + " in this window";
    b.addEventListener("click", () => { setState({ logs: "window" }, true); showLogs(i, "window").catch((x) => showError(x.message)); });
    d.append(b);
  }

  async function showLogs(i, which) {
    let from = i.start, to = i.end, title = "Raw logs of " + i.service + ", " + hhmmss(i.start) + "–" + hhmmss(i.end) + " UTC";
    if (which.startsWith("event:")) {
      const e = i.exemplars.find((x) => x.eventId === which.substring(6));
      if (e) {
        const t = Date.parse(e.eventTime);
        from = new Date(t - 60000).toISOString(); to = new Date(t + 60000).toISOString();
        title = "Raw logs of " + i.service + " around " + hhmmss(e.eventTime) + " UTC (±1 min)";
      }
    }
    const body = await api("logs", { service: i.service, from, to, highlight: i.exemplars.map((e) => e.eventId).join(","), limit: "500" });
    $("logs").hidden = false;
    $("logs-title").textContent = title;
    const tbody = $("log-lines");
    tbody.textContent = "";
    for (const l of body.lines) {
      const tr = document.createElement("tr");
      if (l.exemplar) tr.className = "exemplar";
      tr.dataset.id = l.id;
      const tpl = text("td", l.templateId || "");
      tpl.className = "tpl";
      if (l.templateText) tpl.title = l.templateText;
      const lvl = text("td", l.level);
      lvl.className = "lvl-" + l.level;
      const msg = text("td", l.message);
      msg.className = "msg";
      tr.append(text("td", hhmmss(l.time)), text("td", l.host || ""), lvl, tpl, msg);
      tbody.append(tr);
    }
    const ex = body.lines.filter((l) => l.exemplar).length;
    $("logs-note").textContent = body.lines.length + " lines" + (body.truncated ? " (the first 500; narrow the window for more)" : "") +
      (ex ? " · " + ex + " exemplar event(s) highlighted" : "");
    const first = tbody.querySelector("tr.exemplar");
    (first || $("logs")).scrollIntoView({ block: "center" });
  }

  // ------------------------------------------------------------------ helpers
  function text(tag, s) { const n = document.createElement(tag); n.textContent = s; return n; }
  function num(v) { return v == null ? "–" : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3); }
  function hhmm(iso) { return iso ? iso.substring(11, 16) : ""; }
  function hhmmss(iso) { return iso ? iso.substring(11, 19) : ""; }
  function fmtTime(iso) { return iso ? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "") + " UTC" : ""; }

  // ------------------------------------------------------------------ wiring
  for (const k of KINDS) $("kind").add(new Option(k.replace(/_/g, " ").toLowerCase(), k));
  $("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    setState({ service: $("service").value, from: $("from").value.trim(), to: $("to").value.trim(), kind: $("kind").value, incident: "", logs: "" }, true);
    load();
  });
  document.querySelectorAll("[data-range]").forEach((b) => b.addEventListener("click", () => {
    setState({ from: "now-" + b.dataset.range, to: "now", incident: "", logs: "" }, true);
    load();
  }));
  window.addEventListener("popstate", load);
  let resizeTimer;
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(load, 300); });
  load();
})();
