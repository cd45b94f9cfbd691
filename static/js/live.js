// Live coverage: asks the server for updates added, edited or removed since the page's cursor
// and puts them in place (key updates on top, then newest first), without reloading the page.
// Everything comes from data-* attributes on the section; no inline script (CSP).
(function () {
  "use strict";

  var section = document.querySelector("[data-live-url]");
  if (!section || !window.fetch) {
    return;
  }
  var list = section.querySelector("[data-live-list]");
  var status = section.querySelector("[data-live-status]");
  // The badge by the headline and the one over the updates.
  var badges = document.querySelectorAll("[data-live-badge]");
  var url = section.getAttribute("data-live-url");
  var cursor = section.getAttribute("data-live-cursor");
  var pollMs = Math.max(1, parseInt(section.getAttribute("data-live-poll-seconds"), 10) || 2) * 1000;
  // A stale answer means the fresh one is being rendered right now: ask again soon.
  var staleRetryMs = 250;
  var timer = null;

  // Key updates first, then by time, newest first: the order the server renders.
  function comesBefore(a, b) {
    var aKey = a.getAttribute("data-key") === "1";
    var bKey = b.getAttribute("data-key") === "1";
    if (aKey !== bKey) {
      return aKey;
    }
    return a.getAttribute("data-sort") > b.getAttribute("data-sort");
  }

  function place(item) {
    var existing = document.getElementById(item.id);
    if (existing) {
      existing.remove();
    }
    var next = null;
    for (var i = 0; i < list.children.length; i++) {
      if (comesBefore(item, list.children[i])) {
        next = list.children[i];
        break;
      }
    }
    list.insertBefore(item, next);
    return !existing;
  }

  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function announce(added, edited, removed) {
    var parts = [];
    if (removed) {
      parts.push("삭제된 업데이트 " + removed + "건");
    }
    if (added) {
      parts.push("새 업데이트 " + added + "건");
    }
    if (edited) {
      parts.push("수정된 업데이트 " + edited + "건");
    }
    if (parts.length) {
      status.textContent = parts.join(", ");
    }
  }

  function showState(data) {
    section.setAttribute("data-live-state", data.state);
    section.classList.toggle("live-ended", data.state !== "live");
    section.classList.toggle("live-live", data.state === "live");
    var changed = false;
    Array.prototype.forEach.call(badges, function (badge) {
      if (badge.textContent !== data.state_label) {
        badge.textContent = data.state_label;
        badge.classList.toggle("live-badge-ended", data.state !== "live");
        changed = true;
      }
    });
    if (changed) {
      status.textContent = data.state_label;
    }
  }

  function apply(data) {
    var added = 0;
    var edited = 0;
    data.updates.forEach(function (update) {
      var item = parse(update.html);
      if (item) {
        if (place(item)) {
          added++;
        } else {
          edited++;
        }
      }
    });
    // A retracted update comes down from pages left open, too.
    var removed = 0;
    (data.removed || []).forEach(function (anchor) {
      var gone = document.getElementById(anchor);
      if (gone && list.contains(gone)) {
        gone.remove();
        removed++;
      }
    });
    if (data.updates.length) {
      var empty = section.querySelector("[data-live-empty]");
      if (empty) {
        empty.remove();
      }
    }
    announce(added, edited, removed);
    showState(data);
    cursor = data.cursor;
  }

  function poll() {
    timer = null;
    if (document.hidden) {
      return; // resumed by visibilitychange
    }
    fetch(url + "?since=" + encodeURIComponent(cursor), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("live updates: HTTP " + response.status);
        }
        var stale = response.headers.get("X-Page-Cache") === "stale";
        return response.json().then(function (data) {
          return { data: data, stale: stale };
        });
      })
      .then(function (answer) {
        var data = answer.data;
        apply(data);
        // After the end, edits are rare: ask less often.
        var wait = data.state === "live" ? pollMs : pollMs * 4;
        schedule(data.more ? 0 : answer.stale ? staleRetryMs : wait);
      })
      .catch(function () {
        schedule(pollMs * 2); // the network or the server hiccuped: ask again, less often
      });
  }

  function schedule(delay) {
    if (timer === null) {
      timer = window.setTimeout(poll, delay);
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      schedule(0);
    }
  });
  schedule(pollMs);
})();
