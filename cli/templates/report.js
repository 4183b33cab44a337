"use strict";
// The report's filters and the review-to-allowlist loop. Everything read
// from the page is data: it is only ever written back with textContent.
(() => {
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  const make = (tag, attributes = {}, text) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    if (text !== undefined) element.textContent = text;
    return element;
  };
  const pad = (n) => String(n).padStart(2, "0");
  const day = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

  // Filters: decision, category, rule and search words, all at once.
  const controls = $("#controls");
  const cards = $$("article.card");
  const clusters = $$("article.cluster");
  controls.hidden = false;
  const apply = () => {
    const decisions = new Set($$("input[name=decision]:checked").map((i) => i.value));
    const category = $("#filter-category").value;
    const rule = $("#filter-rule").value;
    const words = $("#filter-search").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const matches = (item) =>
      (!category || item.dataset.categories.split(" ").includes(category)) &&
      (!rule || item.dataset.rules.split(" ").includes(rule)) &&
      words.every((word) => item.dataset.search.includes(word));
    let cardsShown = 0;
    for (const card of cards) {
      card.hidden = !(decisions.has(card.dataset.decision) && matches(card));
      if (!card.hidden) cardsShown += 1;
    }
    let clustersShown = 0;
    for (const cluster of clusters) {
      cluster.hidden = !matches(cluster);
      if (!cluster.hidden) clustersShown += 1;
    }
    $("#shown").textContent =
      `${cardsShown} of ${cards.length} payouts and ${clustersShown} of ${clusters.length} clusters shown`;
  };
  controls.addEventListener("input", apply);
  controls.addEventListener("change", apply);
  apply();

  // The review loop: each "mark reviewed" adds allowlist entries; the page
  // writes them as the TOML `payguard score --policy` reads.
  const entries = [];
  const tomlString = (text) => {
    let out = '"';
    for (const ch of text) {
      const code = ch.codePointAt(0);
      if (ch === '"') out += '\\"';
      else if (ch === "\\") out += "\\\\";
      else if (code < 0x20 || code === 0x7f) out += "\\u" + code.toString(16).padStart(4, "0");
      else out += ch;
    }
    return out + '"';
  };
  const comment = (text) => text.replace(/[\u0000-\u001f\u007f]/g, " ");
  const toml = () => {
    const source = comment($(".source").textContent);
    const lines = [
      `# payguard allowlist: cases reviewed in the report of ${source}`,
      "# Use it with: payguard score FILE --policy allowlist.toml",
    ];
    for (const entry of entries) {
      lines.push("", "[[allow]]", `employee = ${tomlString(entry.employee)}`);
      if (entry.destination) lines.push(`destination = ${tomlString(entry.destination)}`);
      lines.push(`rules = [${entry.rules.map(tomlString).join(", ")}]`);
      lines.push(`reason = ${tomlString(entry.reason)}`, `expires = ${entry.expires}`);
    }
    return lines.join("\n") + "\n";
  };
  let url = null;
  const publish = () => {
    const section = $("#reviewed");
    section.hidden = entries.length === 0;
    const text = toml();
    $("#allowlist").textContent = text;
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(new Blob([text], { type: "application/toml" }));
    $("#download").href = url;
  };

  const reviewForm = (box, item, rules, targets) => {
    const button = make("button", { type: "button", class: "mark" }, "Mark reviewed");
    const form = make("div", { class: "review-form", hidden: "" });
    const ruleBoxes = rules.map((rule) => {
      const label = make("label");
      const input = make("input", { type: "checkbox", value: rule });
      input.checked = true;
      label.append(input, ` ${rule}`);
      return label;
    });
    const rulesSet = make("fieldset", {}, "");
    rulesSet.append(make("legend", {}, "Silence"), ...ruleBoxes);
    const reason = make("input", { type: "text", class: "reason", placeholder: "why this is fine" });
    const expires = make("input", { type: "date", class: "expires" });
    // 90 days after the day the run was judged on (--as-of), which the
    // page carries; the reader's clock only when it carries none.
    const inNinetyDays = new Date();
    inNinetyDays.setDate(inNinetyDays.getDate() + 90);
    expires.value = document.body.dataset.expires || day(inNinetyDays);
    const add = make("button", { type: "button", class: "add" }, "Add to allowlist");
    const problem = make("p", { class: "problem", role: "alert" });
    const reasonLabel = make("label", {}, "Reason ");
    reasonLabel.append(reason);
    const expiresLabel = make("label", {}, "Expires ");
    expiresLabel.append(expires);
    form.append(rulesSet, reasonLabel, expiresLabel, add, problem);
    const done = make("p", { class: "done", hidden: "" });
    button.addEventListener("click", () => {
      form.hidden = !form.hidden;
    });
    add.addEventListener("click", () => {
      const chosen = ruleBoxes.map((l) => $("input", l)).filter((i) => i.checked).map((i) => i.value);
      const why = reason.value.trim();
      if (!why) return void (problem.textContent = "Say why this case is fine.");
      if (chosen.length === 0) return void (problem.textContent = "Pick the findings to silence.");
      if (!/^\d{4}-\d{2}-\d{2}$/.test(expires.value)) return void (problem.textContent = "Pick an expiry date.");
      problem.textContent = "";
      const added = [];
      for (const target of targets) {
        const entry = { ...target, rules: chosen, reason: why, expires: expires.value };
        entries.push(entry);
        added.push(entry);
      }
      item.classList.add("marked");
      form.hidden = true;
      button.hidden = true;
      done.hidden = false;
      done.textContent = `Reviewed: ${added.length} allowlist ${added.length === 1 ? "entry" : "entries"}, until ${expires.value}. `;
      const undo = make("button", { type: "button", class: "undo" }, "Undo");
      undo.addEventListener("click", () => {
        for (const entry of added) entries.splice(entries.indexOf(entry), 1);
        item.classList.remove("marked");
        done.hidden = true;
        button.hidden = false;
        publish();
      });
      done.append(undo);
      publish();
    });
    box.append(button, form, done);
  };

  for (const card of cards) {
    const open = $$("li.finding:not(.waived)", card).map((f) => f.dataset.rule);
    if (open.length === 0) continue;
    const target = { employee: card.dataset.employee, destination: card.dataset.destination };
    const box = $(".review", card);
    reviewForm(box, card, [...new Set(open)], [target]);
    if ($$("li.finding:not(.waived)[data-shared=true]", card).length > 0) {
      box.append(make("p", { class: "hint" },
        "A shared-account finding is silenced only once every employee on the key is reviewed: use the cluster's button below."));
    }
  }
  for (const cluster of clusters) {
    if (cluster.classList.contains("reviewed")) continue;
    const seen = new Set();
    const targets = [];
    for (const member of $$("tr.member", cluster)) {
      const key = `${member.dataset.employee}\u0000${member.dataset.destination}`;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push({ employee: member.dataset.employee, destination: member.dataset.destination });
    }
    reviewForm($(".review", cluster), cluster, [cluster.dataset.rule], targets);
  }
})();
