// The story screen: headline counter, Ctrl+S / ⌘S, Korean editor controls, and a local copy of
// unsaved edits that survives a crash, a closed tab or a refused save.
(function () {
  "use strict";
  const form = document.getElementById("article_form");
  const layout = document.getElementById("story-layout");
  if (!form || !layout) return;

  // --- headline: live character count against the field's limit ---------------------------
  const headline = document.getElementById("id_headline");
  if (headline) {
    const count = document.createElement("span");
    count.className = "char-count";
    count.id = "headline-count";
    count.setAttribute("aria-live", "polite");
    const limit = headline.maxLength > 0 ? headline.maxLength : null;
    const update = () => {
      const n = Array.from(headline.value).length;
      count.textContent = limit ? `${n} / ${limit}자` : `${n}자`;
    };
    headline.after(count);
    headline.addEventListener("input", update);
    update();
  }

  // --- Ctrl+S / ⌘S: save and keep editing ---------------------------------------------------
  let submitting = false;
  form.addEventListener("submit", () => {
    submitting = true;
    markSubmitted();
  });
  document.addEventListener(
    "keydown",
    (event) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        const button = form.querySelector("input[name=_continue]");
        if (button) form.requestSubmit(button);
      }
    },
    true,
  );

  // --- the rich editor in Korean --------------------------------------------------------------
  const EDITOR_WORDS = {
    Paragraph: "본문 단락",
    paragraph: "본문 단락",
    "Heading 2": "소제목",
    "heading 2": "소제목",
    "heading 3": "작은 소제목",
    "Heading 3": "작은 소제목",
    default: "강조 없음",
    bold: "굵게",
    italic: "기울임",
    "unordered list": "글머리표 목록",
    "ordered list": "번호 목록",
    blockquote: "인용",
    "horizontal rule": "가로줄",
    "insert link": "링크 넣기",
    "remove link": "링크 빼기",
    undo: "되돌리기",
    redo: "다시 하기",
    "Toggle fullscreen": "전체 화면",
    "List properties": "목록 설정",
    "Edit Link": "링크 편집",
    URL: "주소",
    Title: "제목",
    Update: "적용",
    Cancel: "취소",
  };
  function koreanize(root) {
    root.querySelectorAll("button, option, p, label, span, h2, h3").forEach((el) => {
      for (const attribute of ["title", "aria-label"]) {
        const word = EDITOR_WORDS[el.getAttribute(attribute)];
        if (word) el.setAttribute(attribute, word);
      }
      if (el.children.length === 0 && !el.classList.contains("material-icons")) {
        const text = el.textContent.trim();
        if (EDITOR_WORDS[text]) el.textContent = EDITOR_WORDS[text];
      }
    });
  }
  let bodyEditor = null;
  document.addEventListener("prose-editor:ready", (event) => {
    if (event.detail.textarea.id !== "id_body") return;
    bodyEditor = event.detail.editor;
    const wrapper = event.detail.textarea.closest(".prose-editor");
    koreanize(wrapper);
    new MutationObserver(() => koreanize(wrapper)).observe(wrapper, {
      childList: true,
      subtree: true,
    });
    offerRestore();
  });
  // Dialogs of the editor (link, list) open at the end of the page.
  new MutationObserver((records) => {
    for (const record of records) {
      record.addedNodes.forEach((node) => node.nodeType === 1 && koreanize(node));
    }
  }).observe(document.body, { childList: true });

  // --- local copy of unsaved edits ------------------------------------------------------------
  const key = layout.dataset.draftKey;
  const version = Number(layout.dataset.version || 0);
  const SKIP = /^(csrfmiddlewaretoken|seen_version|_workflow|_save|_continue|_addanother|_saveasnew)$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;

  function fields() {
    return Array.from(form.elements).filter(
      (el) => el.name && !SKIP.test(el.name) && el.type !== "file" && el.type !== "submit" && el.type !== "button",
    );
  }
  function snapshot() {
    const values = {};
    for (const el of fields()) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.type === "radio" && !el.checked) continue;
        values[el.name] = el.type === "checkbox" ? el.checked : el.value;
      } else if (el.multiple) {
        values[el.name] = Array.from(el.selectedOptions).map((o) => o.value);
      } else {
        values[el.name] = el.value;
      }
    }
    return values;
  }
  function read() {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }
  function write(draft) {
    try {
      localStorage.setItem(key, JSON.stringify(draft));
    } catch (error) {
      // Storage full or disabled: the server form still holds what was typed.
    }
  }
  const loaded = snapshot();
  const saved = document.querySelector(".messagelist .success") && !document.querySelector(".errornote");
  const refused = Boolean(document.querySelector(".errornote"));
  // A refused save is not a save. The copy kept before it still holds the editor's own changes
  // and the version they were made on: mark it unsent, so coming back to the story after
  // someone else's save still offers it, and keep adding this page's edits to it.
  const earlier = refused ? read() : null;
  if (earlier && earlier.submitted) write({ ...earlier, submitted: false });
  const base = earlier ? { version: earlier.version, values: earlier.values || {} } : { version, values: {} };
  let dirty = Object.keys(base.values).length > 0;
  let timer = null;
  // Only the fields this editor changed are kept: restoring must not undo what others saved
  // in the fields the editor never touched.
  function changes() {
    const values = { ...base.values };
    for (const [name, value] of Object.entries(snapshot())) {
      if (JSON.stringify(value) !== JSON.stringify(loaded[name])) values[name] = value;
    }
    return values;
  }
  function remember() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const values = changes();
      dirty = Object.keys(values).length > 0;
      if (dirty) write({ version: base.version, savedAt: Date.now(), submitted: false, values });
    }, 400);
  }
  function markSubmitted() {
    clearTimeout(timer);
    const values = changes();
    if (Object.keys(values).length) {
      write({ version: base.version, savedAt: Date.now(), submitted: true, values });
    }
  }
  form.addEventListener("input", remember);
  form.addEventListener("change", remember);

  function differs(values) {
    return Object.entries(values).some(([name, value]) => {
      const now = loaded[name];
      return now !== undefined && JSON.stringify(now) !== JSON.stringify(value);
    });
  }
  function apply(values) {
    for (const el of fields()) {
      if (!(el.name in values)) continue;
      const value = values[el.name];
      if (el.type === "checkbox") el.checked = Boolean(value);
      else if (el.type === "radio") el.checked = el.value === value;
      else if (el.multiple) Array.from(el.options).forEach((o) => (o.selected = value.includes(o.value)));
      else el.value = value;
    }
    if (bodyEditor && "body" in values) bodyEditor.commands.setContent(values.body || "");
    remember();
  }
  function offerRestore() {
    const draft = read();
    if (!draft || document.getElementById("draft-restore")) return;
    // Obsolete once this browser's save of it went through: the story's version moved past it.
    // A success message alone proves nothing (a take-over or a preview link shows one too).
    const newer = key.endsWith(":new") || version > draft.version;
    const confirmedSaved = !refused && newer && (draft.submitted || saved);
    if (confirmedSaved || !differs(draft.values)) {
      if (!refused) localStorage.removeItem(key);
      return;
    }
    const when = new Date(draft.savedAt).toLocaleString("ko-KR", { timeZone: "Asia/Seoul" });
    const note = document.createElement("div");
    note.className = "draft-restore";
    note.id = "draft-restore";
    note.setAttribute("role", "alert");
    note.innerHTML =
      '<p><strong>저장하지 않은 편집 내용이 있습니다</strong> (<span class="when"></span> 이 브라우저에 보관).' +
      (draft.version && version && draft.version !== version
        ? " 그 사이 기사가 다른 버전으로 바뀌었으니 복원한 뒤 비교하고 저장하세요."
        : "") +
      "</p>" +
      '<button type="button" class="button default" id="draft-restore-yes">복원</button> ' +
      '<button type="button" class="button" id="draft-restore-no">버리기</button>';
    note.querySelector(".when").textContent = when;
    layout.before(note);
    note.querySelector("#draft-restore-yes").addEventListener("click", () => {
      apply(draft.values);
      note.remove();
    });
    note.querySelector("#draft-restore-no").addEventListener("click", () => {
      localStorage.removeItem(key);
      note.remove();
    });
  }
  // Without a body editor on the page the offer need not wait for it.
  if (!document.getElementById("id_body")) offerRestore();
  else setTimeout(offerRestore, 3000);

  window.addEventListener("beforeunload", (event) => {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
