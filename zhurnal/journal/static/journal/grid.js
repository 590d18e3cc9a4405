// The journal grid: keyboard-first entry, cells saved through the API — what the teacher types
// within 300 ms goes out as one batch (POST /journal/cells), a lone change by its own route.
// Each cell shows saving / saved / failed; failed saves are retried with the same
// Idempotency-Key, and a stale version comes back as a conflict, never a silent overwrite.
(function () {
  "use strict";
  const root = document.getElementById("journal");
  const dataNode = document.getElementById("journal-data");
  if (!root || !dataNode) return;
  const data = JSON.parse(dataNode.textContent);
  // The page sends marks and attendance as rows of values (journal.payload): objects again here.
  const objects = (rows, fields) => rows.map((row) => (Array.isArray(row) ? Object.fromEntries(fields.map((f, i) => [f, row[i]])) : row));
  if (data.mark_fields) data.marks = objects(data.marks, data.mark_fields);
  if (data.attendance_fields) data.attendance = objects(data.attendance, data.attendance_fields);
  const api = root.dataset.api;
  const statusLine = document.getElementById("journal-status");
  const csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  const KEYS = { "н": "Н", "y": "Н", "б": "Б", ",": "Б", "у": "У", "e": "У", "п": "П", "g": "П" };
  const LATE_KEYS = ["о", "j"];

  const marks = new Map(); // "lesson:student" -> [mark]
  const attendance = new Map(); // "lesson:student" -> record
  const periodMarks = new Map(); // student -> record
  const yearMarks = new Map(); // student -> record
  const k = (l, s) => l + ":" + s;
  data.marks.forEach((m) => { const key = k(m.lesson, m.student); if (!marks.has(key)) marks.set(key, []); marks.get(key).push(m); });
  data.attendance.forEach((a) => attendance.set(k(a.lesson, a.student), a));
  data.period_marks.forEach((p) => periodMarks.set(p.student, p));
  (data.year_marks || []).forEach((p) => yearMarks.set(p.student, p));
  const weights = new Map(data.work_types.map((w) => [w.id, w.weight]));
  // What the edit window or a closed period locks, per lesson (the server's rules, journal.locks).
  const lockOf = (lessonId) => {
    const locks = data.locks || {};
    const kind = (locks.lessons || {})[lessonId];
    return (kind && (locks.kinds || {})[kind]) || {};
  };
  const cellLock = (lessonId) => lockOf(lessonId).marks || lockOf(lessonId).attendance || "";
  // A deactivated entry is offered only where a record already has it (decision 0037).
  const offered = (entries, current, key) => entries.filter((x) => x.is_active !== false || x[key] === current);
  const activeWorkTypes = offered(data.work_types, undefined, "id");
  const defaultWorkType = (activeWorkTypes.find((w) => w.weight === 1) || activeWorkTypes[0] || {}).id;

  function uuid() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([a, v]) => { if (v !== null && v !== undefined) node.setAttribute(a, v); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function say(text) { statusLine.textContent = text; }

  // --- the API, with retries -------------------------------------------------------------
  // A retry follows a 5xx or a lost connection; the change may have landed all the same, so the
  // answer says `retried` and each operation can recognise its own change in a 409's `current`.
  async function call(method, path, body, headers, keepalive) {
    const init = { method, headers: Object.assign({ "X-CSRFToken": csrf, "Accept": "application/json" }, headers || {}), credentials: "same-origin" };
    if (keepalive) init.keepalive = true;  // a batch sent as the page goes away still arrives
    if (body !== undefined) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
    let lastError = null;
    for (let attempt = 0; attempt < 4; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 400 * 2 ** attempt));
      try {
        const response = await fetch(api + path, init);
        if (response.status >= 500) { lastError = { status: response.status, detail: gettext("Ошибка сервера") }; continue; }
        const text = await response.text();
        const json = text ? JSON.parse(text) : {};
        return { ok: response.ok, status: response.status, data: json, retried: attempt > 0 };
      } catch (error) {
        lastError = { status: 0, detail: gettext("Нет связи с сервером") };
      }
    }
    return { ok: false, status: lastError.status, data: { detail: lastError.detail, code: "network" }, retryable: true, retried: true };
  }
  // --- cell changes in batches -------------------------------------------------------------
  // Changes typed within BATCH_MS of each other are sent together, in the order typed, with one
  // Idempotency-Key per batch (a retried batch that landed answers the same results). Each change
  // resolves with its own item's answer, shaped as call()'s, so a cell keeps its own state and
  // only what failed is retried. A change alone in its window keeps its single-cell route.
  const BATCH_MS = 300, BATCH_MAX = 200;
  let queued = []; // [{ key, item, single, resolve }]
  let timer = null;
  function cellChange(key, item, single) {
    return new Promise((resolve) => {
      // A second value typed into a cell before the first left replaces it (no second mark, no
      // conflict with itself).
      const same = queued.find((q) => q.key === key && q.item.op === item.op && q.item.id === item.id && ["mark.create", "mark.update", "attendance.set"].includes(item.op));
      if (same) {
        const earlier = same.resolve;
        Object.assign(same, { item, single, resolve: (r) => { earlier(r); resolve(r); } });
      } else {
        queued.push({ key, item, single, resolve });
      }
      clearTimeout(timer);
      if (queued.length >= BATCH_MAX) flush(); else timer = setTimeout(flush, BATCH_MS);
    });
  }
  async function flush(leaving) {
    clearTimeout(timer);
    timer = null;
    const sending = queued;
    queued = [];
    if (!sending.length) return;
    if (sending.length === 1 && !leaving) { sending[0].resolve(await sending[0].single()); return; }
    const r = await call("POST", "/journal/cells", { items: sending.map((q) => q.item) }, { "Idempotency-Key": uuid() }, leaving);
    const results = r.ok && r.data && r.data.results;
    sending.forEach((q, i) => {
      const answer = results && results[i];
      if (!answer) { q.resolve(r.ok ? { ok: false, status: 0, data: { detail: gettext("Ошибка сервера"), code: "network" }, retryable: true } : r); return; }
      const ok = answer.status < 300;
      q.resolve({ ok, status: answer.status, data: ok ? answer.record || {} : answer, retried: r.retried });
    });
  }
  // Sent at once when the teacher leaves the grid or the page.
  root.addEventListener("focusout", (event) => { if (!root.contains(event.relatedTarget)) flush(); });
  window.addEventListener("pagehide", () => flush(true));
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flush(true); });
  // A change made in a dialog goes out when it is confirmed, not after the typing window.
  function now(promise) { flush(); return promise; }
  const withReason = (item, reason) => (reason ? Object.assign(item, { reason }) : item);

  // Why a closed (or past-the-window) and unlocked record changes: asked for each change, never reused.
  function why(reason) { return reason ? { "X-Change-Reason": encodeURIComponent(reason) } : {}; }
  // A refusal that carries the record as it now stands (409 stale, 428 no version) and equals
  // what this change tried to save: after a retry, that is the change itself having landed.
  function landedAs(result, matches) {
    const current = result.data && result.data.current;
    return Boolean(result.retried && (result.status === 409 || result.status === 428) && current && matches(current));
  }

  // --- drawing ---------------------------------------------------------------------------
  const lessons = data.lessons;
  const students = data.students;
  // The КТП (decision 0024): a lesson without a topic shows the planned one; a topic of the
  // teacher's own that differs from the plan is marked as a departure.
  function departs(lesson) { return !!(lesson.plan_item && lesson.topic && lesson.topic !== lesson.plan_item.topic); }
  function lessonTitle(lesson) {
    if (!lesson.topic) return lesson.plan_item ? interpolate(gettext("По КТП: %s"), [lesson.plan_item.topic]) : gettext("Тема не указана");
    return lesson.topic + (departs(lesson) ? "\n" + interpolate(gettext("Отступление от КТП: по плану «%s»"), [lesson.plan_item.topic]) : "");
  }
  function lessonFlags(lesson) {
    const topic = lesson.topic ? (departs(lesson) ? gettext("≠КТП") : "") : (lesson.plan_item ? gettext("КТП") : gettext("Т?"));
    return topic + (lesson.homework ? " " + gettext("д/з") : "");
  }
  const table = el("table", { class: "table table-sm table-bordered journal-grid mb-0", role: "grid", "aria-label": gettext("Журнал"), "aria-describedby": "journal-help" });
  const head = el("thead");
  const headRow = el("tr");
  headRow.appendChild(el("th", { class: "journal-name", scope: "col" }, gettext("Обучающийся")));
  lessons.forEach((lesson) => {
    const lessonLock = lockOf(lesson.id).topic || lockOf(lesson.id).homework || "";
    const th = el("th", { id: "lesson-" + lesson.id, scope: "col", class: "journal-lesson" + (lesson.status === "cancelled" ? " cancelled" : "") + (lessonLock ? " locked" : "") });
    const button = el("button", { type: "button", tabindex: "-1", class: "btn btn-link p-0 journal-lesson-btn", "data-lesson": lesson.id, title: lessonTitle(lesson) + (lesson.homework ? "\n" + interpolate(gettext("Д/з: %s"), [lesson.homework]) : "") + (lessonLock ? "\n" + lessonLock : "") });
    const [y, m, d] = lesson.date.split("-");
    button.appendChild(el("span", { class: "d-block" }, d + "." + m));
    button.appendChild(el("span", { class: "d-block journal-flags" }, lessonFlags(lesson)));
    th.appendChild(button);
    headRow.appendChild(th);
  });
  // Grade 1 (and any subject without marks) has no average and no suggested mark: the columns
  // stay in the page for the scripts that fill them, hidden.
  const unmarked = data.grading_mode === "none" ? " d-none" : "";
  headRow.appendChild(el("th", { scope: "col", class: unmarked.trim() || null, title: gettext("Средневзвешенный балл") }, gettext("Ср.")));
  headRow.appendChild(el("th", { scope: "col", class: unmarked.trim() || null, title: gettext("Предлагаемая отметка") }, gettext("Прогн.")));
  headRow.appendChild(el("th", { scope: "col" }, data.period ? data.period.name : gettext("Период")));
  headRow.appendChild(el("th", { scope: "col", title: gettext("Годовая отметка") }, gettext("Год")));
  head.appendChild(headRow);
  table.appendChild(head);
  const body = el("tbody");
  students.forEach((student, row) => {
    const tr = el("tr");
    tr.appendChild(el("th", { scope: "row", class: "journal-name", title: student.full_name }, student.short_name));
    lessons.forEach((lesson, col) => {
      const inside = lesson.date >= student.enrolled_from && (!student.enrolled_to || lesson.date <= student.enrolled_to);
      const locked = inside && data.can_write ? cellLock(lesson.id) : "";
      const td = el("td", { class: "cell" + (inside ? "" : " out") + (locked ? " locked" : ""), "data-l": lesson.id, "data-s": student.id, "data-row": row, "data-col": col, tabindex: row === 0 && col === 0 ? "0" : "-1", role: "gridcell", title: locked || null, "aria-readonly": locked ? "true" : null });
      paint(td);
      tr.appendChild(td);
    });
    tr.appendChild(el("td", { class: "avg" + unmarked, id: "avg-" + student.id }));
    tr.appendChild(el("td", { class: "suggest" + unmarked, id: "sug-" + student.id, title: student.suggested_reason || "" }, data.grading_mode === "none" ? "" : student.suggested || ""));
    const pm = el("td", { class: "cell period", id: "pm-" + student.id, "data-s": student.id, "data-row": row, "data-col": lessons.length, tabindex: "-1" });
    tr.appendChild(pm);
    const ym = el("td", { class: "cell period year", id: "ym-" + student.id, "data-s": student.id, "data-kind": "year", "data-row": row, "data-col": lessons.length + 1, tabindex: "-1", title: student.year_suggested ? interpolate(gettext("Предлагается: %s"), [student.year_suggested]) : "" });
    tr.appendChild(ym);
    body.appendChild(tr);
  });
  table.appendChild(body);
  root.replaceChildren(table);
  students.forEach((student) => { paintPeriod(student.id); paintAverage(student.id); });

  function cellOf(l, s) { return root.querySelector('td.cell[data-l="' + l + '"][data-s="' + s + '"]'); }
  function paint(td) {
    if (td.classList.contains("period")) { paintPeriod(Number(td.dataset.s)); return; }
    if (td.classList.contains("out")) { td.textContent = "—"; return; }
    const key = k(td.dataset.l, td.dataset.s);
    const a = attendance.get(key);
    const ms = marks.get(key) || [];
    td.replaceChildren();
    if (a) td.appendChild(el("span", { class: "att" + (a.code === "Б" ? " ill" : "") }, a.code + (a.minutes_late ? a.minutes_late : "")));
    ms.forEach((m) => td.appendChild(el("span", { class: "jmark w" + Math.min(m.weight || 1, 5), title: (m.comment || "") }, m.value)));
  }
  function paintPeriod(studentId) {
    const pm = periodMarks.get(studentId);
    document.getElementById("pm-" + studentId).textContent = pm ? pm.value : "";
    const ym = yearMarks.get(studentId);
    document.getElementById("ym-" + studentId).textContent = ym ? ym.value : "";
  }
  function paintAverage(studentId) {
    let total = 0, sum = 0, count = 0;
    lessons.forEach((lesson) => (marks.get(k(lesson.id, studentId)) || []).forEach((m) => {
      const w = weights.get(m.work_type) || 1;
      [m.value.split("/")[0], m.value.split("/")[1]].forEach((v) => { const n = parseInt(v, 10); if (n >= 1 && n <= 5) { total += n * w; sum += w; count += 1; } });
    }));
    const avg = sum ? total / sum : null;
    document.getElementById("avg-" + studentId).textContent = avg === null ? "" : avg.toFixed(2);
    if (data.rules && data.grading_mode === "marks") {  // pass/fail: the server's suggestion stands
      const [t5, t4, t3] = data.rules.thresholds.map(Number);
      const sug = count < data.rules.min_marks || avg === null ? "н/а" : avg >= t5 ? "5" : avg >= t4 ? "4" : avg >= t3 ? "3" : "2";
      document.getElementById("sug-" + studentId).textContent = sug;
    }
  }
  // Saves are told to screen readers through the status line (role=status, aria-live=polite).
  function announce(td) {
    const student = students.find((s) => String(s.id) === td.dataset.s);
    const lesson = lessons.find((x) => String(x.id) === td.dataset.l);
    const what = td.textContent.trim() || gettext("пусто");
    say(interpolate(gettext("Сохранено: %(who)s%(when)s — %(what)s."), { who: student ? student.short_name : "", when: lesson ? ", " + lesson.date.split("-").reverse().join(".") : "", what }, true));
  }
  function state(td, name, message) {
    td.classList.remove("saving", "saved", "failed", "conflict");
    if (name) td.classList.add(name);
    td.dataset.state = name || "";
    if (message) { td.title = message; say(message); } else if (td.dataset.l && cellLock(td.dataset.l)) { td.title = cellLock(td.dataset.l); } else { td.removeAttribute("title"); }
    if (name === "saved") setTimeout(() => td.classList.remove("saved"), 1200);
  }

  // --- operations on one cell --------------------------------------------------------------
  function canEdit(td) {
    if (!data.can_write || td.classList.contains("out")) return false;
    const lesson = lessons.find((x) => String(x.id) === td.dataset.l);
    return !(data.staff_id && lesson && lesson.teacher_id !== data.staff_id && !data.can_write);
  }
  async function run(td, operation) {
    td.pending = operation;
    state(td, "saving");
    let result = await operation("");
    if (!result.ok && result.data.code === "reason_required") {
      const answer = await askInTurn({
        title: gettext("Причина исправления"),
        label: gettext("Исправление разрешено заместителем директора. Причина этого изменения:"),
        hint: gettext("Причина сохраняется в истории ячейки и нужна для каждого изменения."),
        required: true,
        opener: td,
      });
      if (answer) { td.pending = () => operation(answer.value); result = await td.pending(); }
    }
    if (result.ok) { td.pending = null; state(td, "saved"); paint(td); paintAverage(Number(td.dataset.s)); announce(td); return result; }
    if (result.status === 409) { td.pending = null; paint(td); state(td, "conflict", interpolate(gettext("Конфликт: %s"), [result.data.detail || gettext("запись изменил другой пользователь")]) + (result.data.current ? " " + interpolate(gettext("Сейчас: «%s»."), [result.data.current.value || result.data.current.code || ""]) : "")); return result; }
    if (result.retryable) { state(td, "failed", interpolate(gettext("Не сохранено: %s. Нажмите Enter, чтобы повторить."), [result.data.detail])); return result; }
    td.pending = null; paint(td); state(td, "failed", result.data.detail || gettext("Ошибка")); return result;
  }
  // The changes of one batch may each need a reason: their dialogs open one after another.
  let asking = Promise.resolve();
  function askInTurn(o) {
    const turn = asking.then(() => ask(o));
    asking = turn.catch(() => null);
    return turn;
  }
  function replaceMark(key, updated) {
    const list = marks.get(key) || [];
    const i = list.findIndex((m) => m.id === updated.id);
    if (i >= 0) list[i] = updated; else list.push(updated);
    marks.set(key, list);
  }
  function applyConflict(key, result, mark) {
    if (result.status === 409 && result.data.current && mark) {
      Object.assign(mark, { value: result.data.current.value ?? mark.value, version: result.data.current.version ?? mark.version });
    }
  }
  function setMark(td, value, extra) {
    const l = Number(td.dataset.l), s = Number(td.dataset.s), key = k(l, s);
    const list = marks.get(key) || [];
    const last = list[list.length - 1];
    if (last && !(extra && extra.add)) return patchMark(td, last, Object.assign({ value }, extra || {}));
    const idempotencyKey = uuid();
    const payload = Object.assign({ lesson: l, student: s, value, work_type: defaultWorkType }, extra || {});
    delete payload.add;
    return run(td, async (reason) => {
      const item = withReason(Object.assign({ op: "mark.create", idempotency_key: idempotencyKey }, payload), reason);
      const r = await cellChange(key, item, () => call("POST", "/marks", payload, Object.assign({ "Idempotency-Key": idempotencyKey }, why(reason))));
      if (r.ok) replaceMark(key, r.data);
      return r;
    });
  }
  function patchMark(td, mark, changes) {
    const key = k(td.dataset.l, td.dataset.s);
    return run(td, async (reason) => {
      const item = withReason(Object.assign({ op: "mark.update", id: mark.id, if_match: mark.version }, changes), reason);
      const r = await cellChange(key, item, () => call("PATCH", "/marks/" + mark.id, changes, Object.assign({ "If-Match": String(mark.version) }, why(reason))));
      if (r.ok) { replaceMark(key, r.data); return r; }
      if (landedAs(r, (current) => current.value === changes.value)) {
        Object.assign(mark, changes, { value: r.data.current.value, version: r.data.current.version });
        return { ok: true, status: 200, data: mark };
      }
      applyConflict(key, r, mark);
      return r;
    });
  }
  function deleteMark(td, mark) {
    const key = k(td.dataset.l, td.dataset.s);
    return run(td, async (reason) => {
      const item = withReason({ op: "mark.delete", id: mark.id, if_match: mark.version }, reason);
      const r = await cellChange(key, item, () => call("DELETE", "/marks/" + mark.id, undefined, Object.assign({ "If-Match": String(mark.version) }, why(reason))));
      // A retried removal that answers 404: the first try removed it.
      if (r.ok || (r.retried && r.status === 404)) { marks.set(key, (marks.get(key) || []).filter((m) => m.id !== mark.id)); return { ok: true, status: 204, data: {} }; }
      applyConflict(key, r, mark);
      return r;
    });
  }
  function setAttendance(td, code, minutes) {
    const l = Number(td.dataset.l), s = Number(td.dataset.s), key = k(l, s);
    return run(td, async (reason) => {
      const current = attendance.get(key);
      const item = withReason(Object.assign({ op: "attendance.set", lesson: l, student: s, code, if_match: current ? current.version : 0 }, minutes ? { minutes } : {}), reason);
      const r = await cellChange(key, item, () => call("PUT", "/lessons/" + l + "/attendance/" + s, minutes ? { code, minutes_late: minutes } : { code }, Object.assign({ "If-Match": String(current ? current.version : 0) }, why(reason))));
      if (r.ok) { attendance.set(key, r.data); return r; }
      if (landedAs(r, (now) => now.code === code && (now.minutes_late || null) === (minutes || null))) {
        const record = Object.assign({ lesson: l, student: s }, r.data.current);
        attendance.set(key, record);
        return { ok: true, status: 200, data: record };
      }
      if (r.status === 409 && r.data.current && current) current.version = r.data.current.version;
      return r;
    });
  }
  function deleteAttendance(td) {
    const key = k(td.dataset.l, td.dataset.s);
    const current = attendance.get(key);
    if (!current) return Promise.resolve({ ok: true });
    return run(td, async (reason) => {
      const item = withReason({ op: "attendance.clear", lesson: Number(td.dataset.l), student: Number(td.dataset.s), if_match: current.version }, reason);
      const r = await cellChange(key, item, () => call("DELETE", "/lessons/" + td.dataset.l + "/attendance/" + td.dataset.s, undefined, Object.assign({ "If-Match": String(current.version) }, why(reason))));
      if (r.ok) attendance.delete(key);
      return r;
    });
  }
  function clearCell(td) {
    const key = k(td.dataset.l, td.dataset.s);
    const list = marks.get(key) || [];
    const last = list[list.length - 1];
    if (last) return deleteMark(td, last);
    return deleteAttendance(td);
  }

  // --- the cell editor (Enter) ------------------------------------------------------------
  const editor = document.getElementById("cell-editor");
  const editorBody = document.getElementById("cell-editor-body");
  const editorModal = editor ? new bootstrap.Modal(editor) : null;
  let editorCell = null;
  function workTypeSelect(selected) {
    const select = el("select", { class: "form-select form-select-sm", "aria-label": gettext("Вид работы") });
    offered(data.work_types, selected, "id").forEach((w) => { const o = el("option", { value: w.id }, w.name + " ×" + w.weight); if (w.id === selected) o.selected = true; select.appendChild(o); });
    return select;
  }
  function markForm(td, mark) {
    const form = el("form", { class: "row g-1 align-items-center mb-2 mark-form" });
    const value = el("input", { class: "form-control form-control-sm", value: mark ? mark.value : "", "aria-label": gettext("Отметка"), placeholder: gettext("5, 5/4, н/а, осв, ."), size: "4" });
    const type = workTypeSelect(mark ? mark.work_type : defaultWorkType);
    const comment = el("input", { class: "form-control form-control-sm", value: mark ? mark.comment : "", placeholder: gettext("Комментарий"), "aria-label": gettext("Комментарий") });
    const due = el("input", { class: "form-control form-control-sm", type: "date", value: mark && mark.deferred_until ? mark.deferred_until : "", "aria-label": gettext("Срок для точки") });
    const save = el("button", { class: "btn btn-sm btn-primary", type: "submit" }, mark ? gettext("Сохранить") : gettext("Добавить"));
    [value, type, comment, due].forEach((input, i) => { const col = el("div", { class: i === 2 ? "col-12" : "col" }); col.appendChild(input); form.appendChild(col); });
    const col = el("div", { class: "col-auto" }); col.appendChild(save); form.appendChild(col);
    if (mark) {
      const remove = el("button", { class: "btn btn-sm btn-outline-danger", type: "button" }, gettext("Удалить"));
      remove.addEventListener("click", async () => {
        const r = await now(deleteMark(td, mark));
        if (r && !r.ok) editorBody.querySelector(".editor-error").textContent = r.data.detail || gettext("Ошибка");
        else editorModal.hide();
      });
      const c2 = el("div", { class: "col-auto" }); c2.appendChild(remove); form.appendChild(c2);
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const extra = { work_type: Number(type.value), comment: comment.value, deferred_until: due.value || null };
      let result;
      if (mark) {
        result = await now(patchMark(td, mark, Object.assign({ value: value.value }, extra)));
      } else {
        result = await now(setMark(td, value.value, Object.assign({ add: true }, extra)));
      }
      if (result && !result.ok) editorBody.querySelector(".editor-error").textContent = result.data.detail || gettext("Ошибка");
      else editorModal.hide();  // focus goes back to the cell (hidden.bs.modal)
    });
    return form;
  }
  async function openEditor(td) {
    if (!editorModal) return;
    editorCell = td;
    const student = students.find((s) => String(s.id) === td.dataset.s);
    const lesson = lessons.find((x) => String(x.id) === td.dataset.l);
    document.getElementById("cell-editor-title").textContent = student.full_name + " — " + lesson.date.split("-").reverse().join(".");
    editorBody.replaceChildren();
    editorBody.appendChild(el("div", { class: "text-danger small editor-error", role: "alert" }));
    if (canEdit(td) && td.classList.contains("locked")) editorBody.appendChild(el("p", { class: "small" }, "⊘ " + cellLock(td.dataset.l)));
    else if (canEdit(td)) {
      const key = k(td.dataset.l, td.dataset.s);
      editorBody.appendChild(el("h3", { class: "h6" }, gettext("Отметки")));
      (marks.get(key) || []).forEach((m) => editorBody.appendChild(markForm(td, m)));
      editorBody.appendChild(markForm(td, null));
      editorBody.appendChild(el("h3", { class: "h6 mt-3" }, gettext("Посещаемость")));
      const att = attendance.get(key);
      const form = el("form", { class: "row g-1 align-items-center" });
      const code = el("select", { class: "form-select form-select-sm", "aria-label": gettext("Код посещаемости") });
      code.appendChild(el("option", { value: "" }, gettext("присутствовал")));
      offered(data.attendance_codes, att ? att.code : undefined, "code").forEach((c) => { const o = el("option", { value: c.code }, c.code + " — " + c.name); if (att && att.code === c.code) o.selected = true; code.appendChild(o); });
      const minutes = el("input", { class: "form-control form-control-sm", type: "number", min: "1", max: "45", value: att && att.minutes_late ? att.minutes_late : "", placeholder: gettext("мин"), "aria-label": gettext("Опоздание, минут") });
      const save = el("button", { class: "btn btn-sm btn-primary", type: "submit" }, gettext("Сохранить"));
      [code, minutes, save].forEach((input) => { const col = el("div", { class: "col" }); col.appendChild(input); form.appendChild(col); });
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const r = await now(code.value ? setAttendance(td, code.value, minutes.value ? Number(minutes.value) : null) : deleteAttendance(td));
        if (r && !r.ok) editorBody.querySelector(".editor-error").textContent = r.data.detail || gettext("Ошибка");
        else editorModal.hide();
      });
      editorBody.appendChild(form);
    }
    // Whether the family has opened the notification of each mark (notifications' «seen» page).
    const cellMarks = (marks.get(k(td.dataset.l, td.dataset.s)) || []).filter((m) => m.id);
    if (cellMarks.length) {
      const seen = el("p", { class: "small mb-0 mt-2 seen-links" });
      cellMarks.forEach((m, i) => {
        if (i) seen.appendChild(document.createTextNode(" · "));
        seen.appendChild(el("a", { href: "/notifications/seen/?mark=" + m.id }, interpolate(gettext("Кто из семьи видел отметку %s"), [m.value])));
      });
      editorBody.appendChild(seen);
    }
    editorBody.appendChild(el("h3", { class: "h6 mt-3" }, gettext("История изменений")));
    const history = el("ul", { class: "list-unstyled small history" }, gettext("Загрузка…"));
    editorBody.appendChild(history);
    editorModal.show();
    const r = await call("GET", "/lessons/" + td.dataset.l + "/students/" + td.dataset.s + "/history");
    history.replaceChildren();
    if (!r.ok) { history.textContent = r.data.detail || gettext("Не удалось загрузить историю"); return; }
    if (!r.data.length) history.appendChild(el("li", { class: "text-body-secondary" }, gettext("Изменений не было.")));
    r.data.forEach((h) => history.appendChild(el("li", {}, new Date(h.at).toLocaleString("ru-RU") + " · " + h.actor + " · " + h.summary + (h.reason ? " (" + h.reason + ")" : ""))));
  }
  if (editor) editor.addEventListener("hidden.bs.modal", () => { if (editorCell) editorCell.focus(); });

  // --- the small dialog: a period mark, minutes late, the reason for a change ---------------
  // One value (and, when the rule asks for it, a reason) in the grid's own dialog, never prompt():
  // it can be read by a screen reader, refuses empty input in words and gives focus back.
  const askNode = document.getElementById("grid-ask");
  const askModal = askNode ? new bootstrap.Modal(askNode) : null;
  async function ask(o) {
    if (!askModal) return null;
    // Bootstrap does not stack dialogs: an open editor closes first (and gives focus back).
    const open = document.querySelector(".modal.show");
    if (open && open !== askNode) {
      await new Promise((done) => { open.addEventListener("hidden.bs.modal", done, { once: true }); bootstrap.Modal.getInstance(open).hide(); });
    }
    return new Promise((resolve) => {
      const form = document.getElementById("grid-ask-form");
      const input = form.elements.value, reasonInput = form.elements.reason;
      const reasonBlock = document.getElementById("grid-ask-reason-block");
      const error = document.getElementById("grid-ask-error");
      document.getElementById("grid-ask-title").textContent = o.title;
      document.getElementById("grid-ask-label").textContent = o.label;
      document.getElementById("grid-ask-hint").textContent = o.hint || "";
      input.type = o.type || "text";
      ["min", "max"].forEach((a) => { if (o[a] !== undefined) input.setAttribute(a, o[a]); else input.removeAttribute(a); });
      input.value = o.value === undefined || o.value === null ? "" : o.value;
      reasonInput.value = o.reason ? o.reason.value || "" : "";
      [input, reasonInput].forEach((x) => x.removeAttribute("aria-invalid"));
      error.textContent = "";
      const needReason = () => Boolean(o.reason && o.reason.when(input.value.trim()));
      const toggle = () => { reasonBlock.hidden = !needReason(); };
      toggle();
      input.oninput = toggle;
      let answer = null;
      form.onsubmit = (event) => {
        event.preventDefault();
        const value = input.value.trim();
        if (o.required && !value) { error.textContent = gettext("Заполните поле."); input.setAttribute("aria-invalid", "true"); input.focus(); return; }
        if (needReason() && !reasonInput.value.trim()) { error.textContent = gettext("Укажите причину."); reasonInput.setAttribute("aria-invalid", "true"); reasonInput.focus(); return; }
        answer = { value, reason: needReason() ? reasonInput.value.trim() : "" };
        askModal.hide();
      };
      askNode.addEventListener("shown.bs.modal", () => { input.focus(); input.select(); }, { once: true });
      askNode.addEventListener("hidden.bs.modal", () => { if (o.opener) o.opener.focus(); resolve(answer); }, { once: true });
      askModal.show();
    });
  }

  // --- the period mark ---------------------------------------------------------------------
  async function editPeriod(td) {
    const year = td.dataset.kind === "year";
    if (!data.can_write || (!data.period && !year)) return;
    const studentId = Number(td.dataset.s);
    const student = students.find((s) => s.id === studentId);
    const suggested = year ? (student.year_suggested || "") : document.getElementById("sug-" + studentId).textContent;
    const store = year ? yearMarks : periodMarks;
    const current = store.get(studentId);
    const label = year ? gettext("Годовая отметка") : gettext("Отметка за период");
    const answer = await ask({
      title: label + " — " + student.full_name,
      label: suggested ? interpolate(gettext("Отметка (предложено: %s)"), [suggested]) : gettext("Отметка"),
      value: current ? current.value : suggested,
      hint: gettext("Отметка, отличная от предложенной, сохраняется с причиной."),
      required: true,
      reason: { value: current ? current.reason : "", when: (v) => Boolean(suggested) && v !== suggested },
      opener: td,
    });
    if (!answer) return;
    const body = year ? { student: studentId, assignment: data.assignment, period: null, kind: "year", value: answer.value, reason: answer.reason }
      : { student: studentId, assignment: data.assignment, period: data.period.id, value: answer.value, reason: answer.reason };
    await run(td, async (reason) => {
      const now = store.get(studentId);
      const r = await call("PUT", "/period-marks", body, Object.assign({ "If-Match": String(now ? now.version : 0) }, why(reason)));
      if (r.ok) { store.set(studentId, r.data); paintPeriod(studentId); return r; }
      if (landedAs(r, (c) => c.value === answer.value)) {
        store.set(studentId, Object.assign({}, now || { student: studentId }, r.data.current));
        paintPeriod(studentId);
        return { ok: true, status: 200, data: r.data.current };
      }
      return r;
    });
    paintPeriod(studentId);
  }

  // --- keyboard ---------------------------------------------------------------------------
  function focusCell(row, col) {
    const rows = body.rows.length, cols = lessons.length + 2;
    row = Math.max(0, Math.min(rows - 1, row)); col = Math.max(0, Math.min(cols - 1, col));
    const td = root.querySelector('td[data-row="' + row + '"][data-col="' + col + '"]');
    if (!td) return;
    roam(td);
    td.focus({ preventScroll: true });
    reveal(td);
  }
  function focusHeader(i) {
    i = Math.max(0, Math.min(lessons.length - 1, i));
    const button = root.querySelector('.journal-lesson-btn[data-lesson="' + lessons[i].id + '"]');
    if (!button) return;
    roam(button);
    button.focus({ preventScroll: true });
    reveal(button.closest("th"));
  }
  function roam(node) {
    root.querySelectorAll('[tabindex="0"]').forEach((x) => x.setAttribute("tabindex", "-1"));
    node.setAttribute("tabindex", "0");
  }
  // Scroll the focused cell clear of the sticky name column (it covers cells at 200 % zoom).
  function reveal(node) {
    node.scrollIntoView({ block: "nearest", inline: "nearest" });
    const nameRight = root.querySelector("th.journal-name").getBoundingClientRect().right;
    const left = node.getBoundingClientRect().left;
    if (left < nameRight) root.scrollLeft -= nameRight - left + 4;
  }
  // The grid is one stop in the page's Tab order (a roving tabindex): Tab and Shift+Tab leave it,
  // Escape goes to the period selector, arrows move inside — up from the first row to the lesson
  // dates, down from there back to the cells (WCAG 2.1.2: no keyboard trap).
  const periodSelect = document.getElementById("period-select");
  root.addEventListener("keydown", (event) => {
    const header = event.target.closest(".journal-lesson-btn");
    if (header) {
      const i = lessons.findIndex((x) => String(x.id) === header.dataset.lesson);
      const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
      if (step) { event.preventDefault(); focusHeader(i + step); }
      else if (event.key === "ArrowDown") { event.preventDefault(); focusCell(0, i); }
      else if (event.key === "Escape" && periodSelect) { event.preventDefault(); periodSelect.focus(); }
      return;
    }
    const td = event.target.closest("td.cell");
    if (!td) return;
    const row = Number(td.dataset.row), col = Number(td.dataset.col);
    const key = event.key;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (key === "ArrowUp" && row === 0 && col < lessons.length) { event.preventDefault(); focusHeader(col); return; }
    if (moves[key]) { event.preventDefault(); focusCell(row + moves[key][0], col + moves[key][1]); return; }
    if (key === "Escape") { if (periodSelect) { event.preventDefault(); periodSelect.focus(); } return; }
    if (key === "Tab") return;  // the browser moves focus out of the grid
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (td.classList.contains("period")) { if (key === "Enter" || /^[2-5]$/.test(key)) { event.preventDefault(); editPeriod(td); } return; }
    if (key === "Enter") {
      event.preventDefault();
      if (td.dataset.state === "failed" && td.pending) { run(td, td.pending); return; }
      openEditor(td);
      return;
    }
    if (!canEdit(td) || td.classList.contains("locked")) { if (/^[1-5]$/.test(key) || KEYS[key.toLowerCase()] || key === "Delete") say(cellLock(td.dataset.l) || gettext("Эту ячейку изменить нельзя.")); return; }
    const lower = key.toLowerCase();
    if (/^[1-5]$/.test(key)) { event.preventDefault(); setMark(td, key); return; }
    if (KEYS[lower]) { event.preventDefault(); setAttendance(td, KEYS[lower]); return; }
    if (LATE_KEYS.includes(lower)) {
      event.preventDefault();
      ask({ title: gettext("Опоздание"), label: gettext("Опоздание, минут (от 1 до 45)"), type: "number", min: 1, max: 45, value: "5", required: true, opener: td })
        .then((answer) => { if (answer) setAttendance(td, "ОП", Number(answer.value)); });
      return;
    }
    if (key === "Delete" || key === "Backspace") { event.preventDefault(); clearCell(td); }
  });
  root.addEventListener("click", (event) => {
    const td = event.target.closest("td.cell");
    if (td) { focusCell(Number(td.dataset.row), Number(td.dataset.col)); if (td.dataset.state === "failed" && td.pending) run(td, td.pending); return; }
    const button = event.target.closest(".journal-lesson-btn");
    if (button) openLesson(Number(button.dataset.lesson), button);
  });
  // On a touch screen one tap opens the cell's editor (there is no keyboard to type a mark with).
  let touch = false;
  root.addEventListener("pointerdown", (event) => { touch = event.pointerType === "touch"; });
  root.addEventListener("click", (event) => {
    const td = event.target.closest("td.cell");
    if (!touch || !td || td.classList.contains("out")) return;
    if (td.classList.contains("period")) editPeriod(td); else openEditor(td);
  });
  root.addEventListener("dblclick", (event) => {
    const td = event.target.closest("td.cell");
    if (td && !td.classList.contains("period")) openEditor(td);
    else if (td) editPeriod(td);
  });

  // --- the lesson (topic, type, homework, all present) -------------------------------------
  const lessonModalNode = document.getElementById("lesson-editor");
  const lessonModal = lessonModalNode ? new bootstrap.Modal(lessonModalNode) : null;
  const lessonForm = document.getElementById("lesson-form");
  let openLessonId = null;
  const typeSelect = document.getElementById("lesson-type");
  if (typeSelect) {
    typeSelect.appendChild(el("option", { value: "" }, "—"));
    data.lesson_types.forEach((t) => typeSelect.appendChild(el("option", { value: t.id, "data-inactive": t.is_active === false ? "1" : "" }, t.name)));
  }
  let lessonOpener = null;
  if (lessonModalNode) lessonModalNode.addEventListener("hidden.bs.modal", () => { if (lessonOpener) lessonOpener.focus(); });
  function openLesson(id, opener) {
    const lesson = lessons.find((x) => x.id === id);
    if (!lesson || !lessonModal) return;
    openLessonId = id;
    lessonOpener = opener || document.activeElement;
    document.getElementById("lesson-editor-title").textContent = interpolate(gettext("Урок %s"), [lesson.date.split("-").reverse().join(".")]) + (lesson.slot ? ", " + interpolate(gettext("№%s"), [lesson.slot]) : "");
    lessonForm.topic.value = lesson.topic; lessonForm.homework.value = lesson.homework;
    lessonForm.topic.placeholder = lesson.plan_item ? lesson.plan_item.topic : "";
    const planNote = document.getElementById("lesson-plan");
    if (planNote) { planNote.textContent = lesson.plan_item ? interpolate(gettext("По КТП: №%s «%s»"), [lesson.plan_item.number, lesson.plan_item.topic]) : ""; planNote.hidden = !lesson.plan_item; }
    if (typeSelect) Array.from(typeSelect.options).forEach((o) => { o.hidden = o.disabled = Boolean(o.dataset.inactive) && Number(o.value) !== lesson.lesson_type; });
    lessonForm.lesson_type.value = lesson.lesson_type || ""; lessonForm.homework_due.value = lesson.homework_due || "";
    lessonForm.status.value = lesson.status;
    document.getElementById("lesson-error").textContent = "";
    // The reason is asked for each change, never carried over from the previous lesson saved.
    document.getElementById("lesson-reason-block").hidden = true;
    lessonForm.reason.value = "";
    lessonForm.reason.removeAttribute("aria-invalid");
    const lock = lockOf(id);
    const names = { topic: ["topic", "lesson_type"], homework: ["homework", "homework_due"] };
    Array.from(lessonForm.elements).forEach((x) => {
      const part = Object.keys(names).find((p) => names[p].includes(x.name));
      x.disabled = (!data.can_write && x.type !== "button") || Boolean(part && lock[part]);
    });
    const lockNote = document.getElementById("lesson-lock");
    lockNote.textContent = lock.topic || lock.homework ? "⊘ " + (lock.topic || lock.homework) : "";
    lockNote.hidden = !lockNote.textContent;
    showFiles(lesson);
    lessonModal.show();
    // Start in the topic, unless the teacher has already gone to another field meanwhile.
    setTimeout(() => {
      if (!lessonModalNode.contains(document.activeElement) || document.activeElement === lessonModalNode) lessonForm.topic.focus();
    }, 200);
  }
  function showFiles(lesson) {
    const list = document.getElementById("lesson-files");
    const form = document.getElementById("files-form");
    if (!list || !form) return;
    form.querySelector("[name=csrfmiddlewaretoken]").value = csrf;  // the form's markup is cached
    list.replaceChildren();
    (lesson.files || []).forEach((f) => {
      const item = el("li", { class: "d-flex align-items-center gap-2 mb-1" });
      item.appendChild(el("a", { href: f.url }, f.name));
      item.appendChild(el("span", { class: "text-body-secondary" }, interpolate(gettext("%s КБ"), [Math.max(1, Math.round(f.size / 1024))])));
      if (data.can_write) {
        const remove = el("form", { method: "post", action: f.url + "delete/" });
        remove.appendChild(el("input", { type: "hidden", name: "csrfmiddlewaretoken", value: form.querySelector("[name=csrfmiddlewaretoken]").value }));
        remove.appendChild(el("button", { class: "btn btn-link btn-sm text-danger p-0", type: "submit" }, gettext("удалить")));
        item.appendChild(remove);
      }
      list.appendChild(item);
    });
    if (!list.children.length) list.appendChild(el("li", { class: "text-body-secondary" }, gettext("Файлов нет.")));
    form.action = "/journal/lessons/" + lesson.id + "/files/";
    form.hidden = !data.can_write;
  }
  if (lessonForm) lessonForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const lesson = lessons.find((x) => x.id === openLessonId);
    const error = document.getElementById("lesson-error");
    const reasonBlock = document.getElementById("lesson-reason-block");
    const reason = reasonBlock.hidden ? "" : lessonForm.reason.value.trim();
    if (!reasonBlock.hidden && !reason) {
      error.textContent = gettext("Укажите причину.");
      lessonForm.reason.setAttribute("aria-invalid", "true");
      lessonForm.reason.focus();
      return;
    }
    const r = await call("PATCH", "/lessons/" + lesson.id, {
      topic: lessonForm.topic.value, homework: lessonForm.homework.value,
      lesson_type: lessonForm.lesson_type.value ? Number(lessonForm.lesson_type.value) : null,
      homework_due: lessonForm.homework_due.value || null,
      status: lessonForm.status.value,
    }, Object.assign({ "If-Match": String(lesson.version) }, why(reason)));
    if (!r.ok && r.data.code === "reason_required") {
      // Under the deputy's unlock the change goes through once its reason is given: ask for it here.
      reasonBlock.hidden = false;
      error.textContent = r.data.detail || gettext("Укажите причину.");
      lessonForm.reason.setAttribute("aria-invalid", "true");
      lessonForm.reason.focus();
      return;
    }
    if (!r.ok) { error.textContent = r.data.detail || gettext("Ошибка"); return; }
    Object.assign(lesson, r.data);
    const flags = document.querySelector("#lesson-" + lesson.id + " .journal-flags");
    flags.textContent = lessonFlags(lesson);
    lessonModal.hide();
    say(gettext("Урок сохранён."));
  });
  const allPresent = document.getElementById("all-present");
  if (allPresent) allPresent.addEventListener("click", async () => {
    const r = await call("POST", "/lessons/" + openLessonId + "/all-present");
    document.getElementById("lesson-error").textContent = r.ok ? "" : (r.data.detail || gettext("Ошибка"));
    if (r.ok) say(gettext("Посещаемость отмечена: все присутствуют, кроме отмеченных."));
  });

  // Ad-hoc lessons and substitutions: after the API answers, the page is drawn again.
  const addForm = document.getElementById("lesson-add");
  if (addForm) addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const r = await call("POST", "/lessons", { assignment: data.assignment, date: addForm.date.value, slot: addForm.slot.value ? Number(addForm.slot.value) : null });
    if (r.ok) location.reload(); else document.getElementById("lesson-add-error").textContent = r.data.detail || gettext("Ошибка");
  });
  const subForm = document.getElementById("substitute-form");
  if (subForm) {
    lessons.forEach((x) => subForm.lesson.appendChild(el("option", { value: x.id }, x.date.split("-").reverse().join(".") + (x.slot ? ", №" + x.slot : ""))));
    (data.staff || []).forEach((s) => subForm.teacher.appendChild(el("option", { value: s.id }, s.name)));
    subForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const r = await call("POST", "/lessons/" + subForm.lesson.value + "/substitute", { teacher: Number(subForm.teacher.value), reason: subForm.reason.value });
      if (r.ok) location.reload(); else document.getElementById("substitute-error").textContent = r.data.detail || gettext("Ошибка");
    });
  }

  // Grade 1 is taught without marks: no mark keys in the help, no suggested marks.
  if (data.grading_mode === "none") document.querySelectorAll(".journal-help-marks").forEach((x) => { x.hidden = true; });
  document.querySelectorAll(".js-autosubmit").forEach((s) => s.addEventListener("change", () => s.form.submit()));
  // Open on the lesson named in the address (from the teacher's day), else on today's column.
  const target = (location.hash.match(/^#lesson-(\d+)$/) || [])[1];
  const index = target ? lessons.findIndex((x) => String(x.id) === target) : lessons.findIndex((x) => x.date === data.today);
  if (index >= 0 && students.length) { focusCell(0, index); document.getElementById("lesson-" + lessons[index].id).scrollIntoView({ inline: "center", block: "nearest" }); }
  else if (students.length) focusCell(0, Math.max(0, lessons.length - 1));
})();
