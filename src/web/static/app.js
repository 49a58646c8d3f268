// The eatOS back office's Integrations section. Everything shown comes from the host's JSON API, which renders
// what the plugins describe (entries, forms, actions): nothing here knows any particular integration.

const state = { session: null, list: [], query: "", category: "", refresh: 0 };
const $ = (selector, root = document) => root.querySelector(selector);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) if (child) node.append(child);
  return node;
}

const STATE_LABELS = { not_installed: "Not installed", connected: "Connected", needs_reauth: "Needs attention",
  error: "Error" };
const badge = (value) => element("span", { class: `badge ${value}`, text: STATE_LABELS[value] ?? value });

async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") {
    headers["Content-Type"] = "application/json";
    headers["X-CSRF-Token"] = state.session?.csrf ?? "";
  }
  const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined,
    credentials: "same-origin" });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data?.error?.message ?? `The server answered ${response.status}.`);
    error.status = response.status;
    error.code = data?.error?.code;
    throw error;
  }
  return data;
}

// ---- Sign-in -------------------------------------------------------------------------------------------------

async function start() {
  state.session = await api("/api/session");
  $("#sign-in-form").addEventListener("submit", signIn);
  $("#sign-out").addEventListener("click", signOut);
  window.addEventListener("hashchange", route);
  document.addEventListener("click", closeMenus);
  show();
}

function show() {
  const signedIn = Boolean(state.session?.user);
  $("#sign-in").hidden = signedIn;
  $("#shell").hidden = !signedIn;
  if (signedIn) {
    $("#who").textContent = `${state.session.user.name} · ${state.session.user.role}`;
    route();
  } else {
    $("#sign-in-name").focus();
  }
}

async function signIn(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const button = $("button[type=submit]", form);
  const error = $("#sign-in-error");
  error.hidden = true;
  button.disabled = true;
  try {
    state.session = await api("/api/sign-in", { method: "POST",
      body: { name: form.name.value.trim(), password: form.password.value } });
    form.reset();
    show();
  } catch (failure) {
    error.textContent = failure.message;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}

async function signOut() {
  state.session = await api("/api/sign-out", { method: "POST" });
  location.hash = "";
  show();
}

// ---- Pages ---------------------------------------------------------------------------------------------------

function route() {
  if (!state.session?.user) return;
  const match = location.hash.match(/^#\/integrations\/([a-z0-9-]+)$/);
  if (match) renderDetail(match[1]);
  else renderList();
}

async function renderList() {
  const content = $("#content");
  try {
    state.list = (await api("/api/integrations")).integrations;
  } catch (failure) {
    return handleFailure(failure);
  }
  const categories = [...new Set(state.list.map((item) => item.category))].sort();
  const search = element("input", { id: "search", type: "search", placeholder: "Search integrations",
    value: state.query, oninput: (event) => { state.query = event.target.value; fillGrid(); } });
  const category = element("select", { id: "category",
    onchange: (event) => { state.category = event.target.value; fillGrid(); } },
    element("option", { value: "", text: "All categories" }),
    categories.map((name) => element("option", { value: name, text: name, selected: name === state.category })));
  content.replaceChildren(
    element("div", { class: "page-head" },
      element("div", {}, element("h1", { text: "Integrations" }),
        element("p", { class: "subtle", text: `Apps connected to restaurant “${state.session.restaurant}”.` })),
      element("div", { class: "filters" },
        element("label", { for: "search", text: "Search" }), search,
        element("label", { for: "category", text: "Category" }), category)),
    element("div", { class: "grid", id: "grid", role: "list" }));
  fillGrid();
}

function fillGrid() {
  const grid = $("#grid");
  if (!grid) return;
  const query = state.query.trim().toLowerCase();
  const shown = state.list.filter((item) =>
    (!state.category || item.category === state.category) &&
    (!query || `${item.name} ${item.category} ${item.description}`.toLowerCase().includes(query)));
  grid.replaceChildren(...(shown.length ? shown.map(card)
    : [element("p", { class: "empty", text: "No integration matches." })]));
}

function card(item) {
  return element("a", { class: "card", href: `#/integrations/${item.id}`, role: "listitem",
    "data-integration": item.id },
    element("div", { class: "card-head" },
      element("img", { src: `/api/integrations/${item.id}/icon`, alt: "" }),
      element("div", {}, element("h2", { text: item.name }),
        element("span", { class: "category", text: item.category }))),
    element("p", { text: item.description }),
    badge(item.state));
}

async function renderDetail(id, notice) {
  let view;
  try {
    view = await api(`/api/integrations/${id}`);
  } catch (failure) {
    return handleFailure(failure);
  }
  const install = view.options.find((option) => option.id === "install");
  const more = view.options.filter((option) => option.id !== "install");
  const body = element("div", { class: "detail-body", id: "detail-body" });

  const head = element("div", { class: "detail-head" },
    element("img", { src: `/api/integrations/${id}/icon`, alt: "" }),
    element("div", { class: "grow" }, element("h1", { text: view.name }),
      element("span", { class: "category", text: view.category })),
    badge(view.state),
    view.can_manage && more.length ? moreOptions(view, more) : null);

  const summary = element("section", { class: "panel", "aria-label": "Status" },
    element("p", { text: view.description }),
    view.summary ? element("p", { class: "subtle", id: "summary", text: view.summary }) : null);
  body.append(summary);

  if (notice) body.prepend(element("p", { class: "success panel", role: "status", text: notice }));
  if (view.facts.length) {
    body.append(element("section", { class: "panel", "aria-label": "Details" },
      element("h2", { text: "Details" }),
      element("dl", { class: "facts", id: "facts" },
        view.facts.map((fact) => [element("dt", { text: fact.label }), element("dd", { text: fact.value })]))));
  }
  if (view.last_error) body.append(element("p", { class: "error panel", id: "last-error", text: view.last_error }));
  if (view.hint) body.append(element("p", { class: "hint", text: view.hint }));

  if (!view.can_manage) {
    body.append(element("p", { class: "notice", text: "Only owners and admins can change this integration." }));
  } else if (install) {
    const panel = element("section", { class: "panel", id: "action-panel" });
    panel.append(element("button", { class: "primary", id: "install-app", type: "button", text: install.label,
      onclick: () => openAction(view, install, panel) }));
    body.append(panel);
  }

  $("#content").replaceChildren(element("a", { class: "back", href: "#/integrations", text: "← Integrations" }),
    head, body);
  refreshLater(id);
}

/// Keeps an open integration's details current (a sync running in the background moves its figures), unless the
/// admin is in the middle of an action.
function refreshLater(id) {
  clearTimeout(state.refresh);
  state.refresh = setTimeout(() => {
    const stillHere = location.hash === `#/integrations/${id}`;
    const menu = $("#more-options-menu");
    const busy = $("#action-form") || (menu && !menu.hidden);
    if (stillHere && !busy && !document.hidden) {
      renderDetail(id).catch(() => {});
    } else if (stillHere) {
      refreshLater(id);
    }
  }, 5000);
}

function moreOptions(view, options) {
  const menu = element("div", { class: "menu", role: "menu", hidden: true, id: "more-options-menu" },
    options.map((option) => element("button", { type: "button", role: "menuitem",
      class: option.confirm ? "destructive" : "", "data-action": option.id, text: option.label,
      onclick: (event) => {
        event.stopPropagation();
        menu.hidden = true;
        let panel = $("#action-panel");
        if (!panel) {
          panel = element("section", { class: "panel", id: "action-panel" });
          $("#detail-body").append(panel);
        }
        openAction(view, option, panel);
      } })));
  const toggle = element("button", { class: "kebab", type: "button", id: "more-options", "aria-haspopup": "menu",
    "aria-label": "More Options", title: "More Options", text: "⋮",
    onclick: (event) => {
      event.stopPropagation();
      menu.hidden = !menu.hidden;
      toggle.setAttribute("aria-expanded", String(!menu.hidden));
      if (!menu.hidden) $("button", menu)?.focus();
    } });
  return element("div", { class: "menu-wrap" }, toggle, menu);
}

function closeMenus() {
  const menu = $("#more-options-menu");
  if (menu) menu.hidden = true;
}

/// Shows an action's form (or its confirmation) in `panel`, then runs it.
function openAction(view, action, panel) {
  const error = element("p", { class: "error", role: "alert", id: "action-error", hidden: true });
  const form = element("form", { class: "action-form", id: "action-form", novalidate: true });
  form.append(element("h2", { text: action.form?.title ?? action.label }));
  if (action.description) form.append(element("p", { class: "help", text: action.description }));
  for (const field of action.form?.fields ?? []) {
    const inputId = `field-${field.id}`;
    form.append(element("label", { for: inputId, text: field.label }));
    if (field.type === "select") {
      // An optional choice starts empty ("leave as it is"), so saving one setting does not reset the others.
      form.append(element("select", { id: inputId, name: field.id, required: field.required },
        field.required ? null : element("option", { value: "", text: "—" }),
        field.choices.map((choice) => element("option", { value: choice.value, text: choice.label }))));
    } else {
      // Secret fields are password inputs, never pre-filled, and not remembered by the browser.
      form.append(element("input", { id: inputId, name: field.id, required: field.required,
        type: field.type === "secret" ? "password" : field.type === "number" ? "number" : "text",
        autocomplete: field.type === "secret" ? "new-password" : "off", spellcheck: "false",
        "aria-describedby": field.help ? `${inputId}-help` : null, "data-secret": field.type === "secret" }));
    }
    if (field.help) form.append(element("p", { class: "help", id: `${inputId}-help`, text: field.help }));
  }
  if (action.confirm) {
    form.append(element("p", { text: `Are you sure? ${action.label} cannot be undone.` }));
  }
  const submit = element("button", { type: "submit", id: "action-submit",
    class: action.confirm ? "danger" : "primary",
    text: action.form?.submit_label ?? (action.confirm ? `Yes, ${action.label.toLowerCase()}` : action.label) });
  const cancel = element("button", { type: "button", class: "secondary", text: "Cancel",
    onclick: () => renderDetail(view.id) });
  form.append(error, element("div", { class: "buttons" }, submit, cancel));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields = {};
    const secrets = {};
    for (const input of form.querySelectorAll("input, select")) {
      (input.dataset.secret !== undefined ? secrets : fields)[input.name] = input.value;
    }
    error.hidden = true;
    submit.disabled = true;
    const label = submit.textContent;
    submit.textContent = action.form?.submit_label === "Connect" ? "Connecting…" : "Working…";
    form.setAttribute("aria-busy", "true");
    try {
      const result = await api(`/api/integrations/${view.id}/actions/${action.id}`,
        { method: "POST", body: { fields, secrets } });
      await renderDetail(view.id, result.message);
    } catch (failure) {
      if (failure.status === 401) return handleFailure(failure);
      error.textContent = failure.message;  // next to the form, which keeps what was typed
      error.hidden = false;
      submit.disabled = false;
      submit.textContent = label;
      form.removeAttribute("aria-busy");
      (form.querySelector("[data-secret]") ?? submit).focus();
    }
  });
  panel.replaceChildren(form);
  (form.querySelector("input, select") ?? submit).focus();
}

function handleFailure(failure) {
  if (failure.status === 401) {
    state.session = { ...state.session, user: null };
    show();
    return;
  }
  $("#content").replaceChildren(element("p", { class: "error panel", role: "alert", text: failure.message }));
}

start().catch((failure) => {
  document.body.replaceChildren(element("p", { class: "error", text: `The back office could not start: ${failure.message}` }));
});
