/* sphinx-seminars: keep each index's "upcoming" and "past" right after the build.
 *
 * The build splits talks at the time it ran. On every page view this moves
 * talks that have ended since then from the upcoming part to the past part,
 * reading the UTC epoch seconds in each <time data-seminar-end>. It also adds
 * the start time in the viewer's own zone when that differs from the talk's,
 * on index rows and talk pages, with the day when it is another day there.
 * Without JavaScript the build-time split shows.
 */
(function () {
  "use strict";

  function rowsContainer(group) {
    return group.querySelector("tbody") || group.querySelector("ul");
  }

  /* The index's notes in the page's language (a JSON blob the build writes into each index). */
  function labels(index) {
    var blob = index.querySelector("script.seminar-labels");
    var read = {};
    try {
      read = blob ? JSON.parse(blob.textContent) : {};
    } catch (error) {
      read = {};
    }
    return { past: read.past || "No past talks.", upcoming: read.upcoming || "No upcoming talks." };
  }

  function setEmpty(part, notes) {
    var hasRows = part.querySelector("time[data-seminar-end]") !== null;
    var note = part.querySelector(".seminar-empty");
    if (!hasRows && !note) {
      note = document.createElement("p");
      note.className = "seminar-empty";
      note.textContent = part.classList.contains("seminar-past") ? notes.past : notes.upcoming;
      part.appendChild(note);
    } else if (hasRows && note) {
      note.remove();
    }
    part.querySelectorAll(".seminar-index-group").forEach(function (group) {
      if (!group.querySelector("time[data-seminar-end]")) group.remove();
    });
  }

  /* The container in the past part for this talk's group, made from the upcoming one if missing. */
  function pastContainer(past, time, fromGroup) {
    var key = time.getAttribute("data-seminar-group");
    var group = past.querySelector(".seminar-group-" + key);
    if (!group) {
      group = fromGroup.cloneNode(true);
      var rows = rowsContainer(group);
      while (rows.firstChild) rows.removeChild(rows.firstChild);
      var first = past.querySelector(".seminar-index-group");
      past.insertBefore(group, first);
    }
    return rowsContainer(group);
  }

  function reclassify(index, now) {
    var upcoming = index.querySelector(".seminar-upcoming");
    if (!upcoming) return;
    var past = index.querySelector(".seminar-past");
    var ascending = index.classList.contains("seminar-order-ascending");
    var ended = [];
    upcoming.querySelectorAll("time[data-seminar-end]").forEach(function (time) {
      if (Number(time.getAttribute("data-seminar-end")) <= now) ended.push(time);
    });
    if (!ended.length) return;
    // Oldest first: each insertion at the top keeps the past part newest first.
    ended.sort(function (a, b) {
      return Number(a.getAttribute("data-seminar-start")) - Number(b.getAttribute("data-seminar-start"));
    });
    ended.forEach(function (time) {
      var row = time.closest("tr, li");
      var fromGroup = time.closest(".seminar-index-group");
      if (!past) {
        row.remove();
        return;
      }
      var target = pastContainer(past, time, fromGroup);
      if (ascending) target.appendChild(row);
      else target.insertBefore(row, target.firstChild);
    });
    var notes = labels(index);
    setEmpty(upcoming, notes);
    if (past) setEmpty(past, notes);
  }

  /* The talk's start in the viewer's zone, where the zones differ: "(8:00 AM your time)", with the day
   * when it is another day there: "(Sat, Mar 13, 2:00 AM your time)". In an index row the hint goes
   * into the Time cell, on a talk page after the time itself. All-day talks have no clock time to convert. */
  function localTimes(root) {
    // "8:00 AM" on a 12-hour clock, "08:00" on a 24-hour one, as the viewer's locale writes them
    var twelve = new Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions().hour12;
    var hour = twelve ? "numeric" : "2-digit";
    var clock = new Intl.DateTimeFormat(undefined, { hour: hour, minute: "2-digit" });
    var dayAndClock = new Intl.DateTimeFormat(undefined, {
      weekday: "short", day: "numeric", month: "short", hour: hour, minute: "2-digit"
    });
    root.querySelectorAll("time[data-seminar-start]").forEach(function (time) {
      if (time.hasAttribute("data-seminar-all-day")) return;
      var seconds = Number(time.getAttribute("data-seminar-start"));
      var start = new Date(seconds * 1000);
      var talkOffset = Number(time.getAttribute("data-seminar-offset"));
      if (-start.getTimezoneOffset() === talkOffset) return;
      var cell = time.closest("td");
      var host = cell && cell.nextElementSibling ? cell.nextElementSibling.firstElementChild || cell.nextElementSibling : time;
      if (host.querySelector(".seminar-local-time")) return;
      // the talk's own calendar day, read from its UTC offset
      var there = new Date((seconds + talkOffset * 60) * 1000);
      var sameDay = there.getUTCFullYear() === start.getFullYear() && there.getUTCMonth() === start.getMonth() &&
        there.getUTCDate() === start.getDate();
      var hint = document.createElement("span");
      hint.className = "seminar-local-time";
      // "{time} your time" in the page's language, from the build
      var template = time.getAttribute("data-seminar-your-time") || "{time} your time";
      hint.textContent = " (" + template.replace("{time}", (sameDay ? clock : dayAndClock).format(start)) + ")";
      host.appendChild(hint);
    });
  }

  function run() {
    var now = Date.now() / 1000;
    document.querySelectorAll(".seminar-index").forEach(function (index) {
      reclassify(index, now);
    });
    localTimes(document);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
