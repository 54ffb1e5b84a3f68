// Grading screen: rating buttons without reloads, keyboard shortcuts,
// evidence from the text selection (in rune offsets) and autosave through
// htmx. Loaded on every page; does nothing where there is no grading form.
(function () {
  'use strict';

  function form() { return document.getElementById('grading-form'); }
  function criteria() { return Array.prototype.slice.call(document.querySelectorAll('#grading-form .grading-criterion')); }
  var current = null;

  function setCurrent(el, focus) {
    if (!el) { return; }
    criteria().forEach(function (c) { c.classList.toggle('is-current', c === el); });
    current = el;
    if (focus) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest' });
    }
  }

  function cur() {
    if (current && document.body.contains(current)) { return current; }
    var first = criteria()[0] || null;
    setCurrent(first, false);
    return first;
  }

  function status(msg) {
    var s = document.getElementById('save-status');
    if (s) { s.textContent = msg; }
  }

  function save() {
    var f = form();
    if (f && window.htmx) { window.htmx.trigger(f, 'qa-save'); }
  }

  function rate(crit, value) {
    var input = crit.querySelector('input[data-rating-input]');
    if (!input) { return; }
    input.value = value;
    crit.dataset.rated = value;
    crit.querySelectorAll('.rating-options button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.value === value));
    });
    save();
  }

  function flash(el) {
    el.classList.remove('ev-flash');
    void el.offsetWidth; // restart the animation
    el.classList.add('ev-flash');
    window.setTimeout(function () { el.classList.remove('ev-flash'); }, 1600);
  }

  // A DOM offset inside root as a count of code points: the DOM counts
  // UTF-16 units, evidence counts runes (an emoji is 2 units, 1 rune).
  function runeOffset(root, node, off) {
    var r = document.createRange();
    r.setStart(root, 0);
    r.setEnd(node, off);
    return Array.from(r.toString()).length;
  }

  function turnOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest('.turn-text[data-turn-id]') : null;
  }

  function attach() {
    var crit = cur();
    var sel = window.getSelection();
    if (!crit) { return; }
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
      status('Select words in one turn of the conversation first, then press e.');
      return;
    }
    var range = sel.getRangeAt(0);
    var turn = turnOf(range.startContainer);
    if (!turn || turn !== turnOf(range.endContainer)) {
      status('Select words within one turn of the conversation.');
      return;
    }
    var start = runeOffset(turn, range.startContainer, range.startOffset);
    var end = runeOffset(turn, range.endContainer, range.endOffset);
    if (end <= start) { return; }
    var key = crit.dataset.key;
    var tid = turn.dataset.turnId;
    var value = key + ':' + tid + ':' + start + ':' + end;
    var list = crit.querySelector('.evidence-list');
    var exists = Array.prototype.some.call(list.querySelectorAll('input[name=evidence]'), function (i) { return i.value === value; });
    if (!exists) {
      list.appendChild(evidenceItem(value, '\u201c' + range.toString() + '\u201d'));
    }
    sel.removeAllRanges();
    save();
  }

  // evidenceItem builds the markup of components.EvidenceEntry for value
  // ("key:turn:start:end") and its quote as shown.
  function evidenceItem(value, quote) {
    var p = value.split(':');
    var anchor = 'ev-' + p.join('-');
    var li = document.createElement('li');
    li.setAttribute('data-testid', 'evidence-item');
    var input = document.createElement('input');
    input.type = 'hidden'; input.name = 'evidence'; input.value = value;
    var a = document.createElement('a');
    a.href = '#' + anchor; a.dir = 'auto';
    a.setAttribute('data-evidence-link', anchor);
    a.setAttribute('data-testid', 'evidence-quote');
    a.textContent = quote;
    var rm = document.createElement('button');
    rm.type = 'submit'; rm.name = 'remove'; rm.value = value;
    rm.className = 'secondary outline evidence-remove';
    rm.setAttribute('data-testid', 'evidence-remove');
    rm.textContent = 'Remove';
    li.append(input, a, ' ', rm);
    return li;
  }

  function move(step) {
    var cs = criteria();
    if (cs.length === 0) { return; }
    var i = cs.indexOf(current && document.body.contains(current) ? current : null);
    i = i < 0 ? 0 : Math.min(cs.length - 1, Math.max(0, i + step));
    setCurrent(cs[i], true);
  }

  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) { return; }
    var b = t.closest('#grading-form .rating-options button');
    if (b) {
      ev.preventDefault();
      var crit = b.closest('.grading-criterion');
      setCurrent(crit, false);
      rate(crit, b.dataset.value);
      return;
    }
    var rm = t.closest('#grading-form .evidence-remove');
    if (rm) {
      ev.preventDefault();
      rm.closest('li').remove();
      save();
      return;
    }
    var link = t.closest('a[data-evidence-link]');
    if (link) {
      var target = document.getElementById(link.getAttribute('data-evidence-link'));
      if (target) {
        ev.preventDefault();
        target.scrollIntoView({ block: 'center' });
        flash(target);
      }
    }
  });

  document.addEventListener('focusin', function (ev) {
    var c = ev.target instanceof Element ? ev.target.closest('#grading-form .grading-criterion') : null;
    if (c) { setCurrent(c, false); }
  });

  document.addEventListener('keydown', function (ev) {
    if (!form() || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) { return; }
    var t = ev.target;
    if (t instanceof Element && t.closest('textarea, input, select, [contenteditable=""], [contenteditable="true"]')) { return; }
    var k = ev.key;
    var crit;
    if (k === '?') {
      var help = document.getElementById('shortcuts');
      if (help) { help.open = !help.open; }
    } else if (k === 'j') {
      move(1);
    } else if (k === 'k') {
      move(-1);
    } else if (/^[1-9]$/.test(k)) {
      crit = cur();
      var btn = crit && crit.querySelector('.rating-options button[data-shortcut="' + k + '"]');
      if (!btn) { return; }
      rate(crit, btn.dataset.value);
    } else if (k === 'n') {
      crit = cur();
      if (!crit || !crit.querySelector('[data-testid=rating-na]')) {
        status('This criterion cannot be marked N/A.');
      } else {
        rate(crit, 'na');
      }
    } else if (k === 'e') {
      attach();
    } else {
      return;
    }
    ev.preventDefault();
  });

  // Autosave while typing a comment, not only when it loses focus.
  var typing = null;
  document.addEventListener('input', function (ev) {
    if (ev.target instanceof Element && ev.target.closest('#grading-form textarea')) {
      keep(); // before the save is even sent: closing the tab now loses nothing
      window.clearTimeout(typing);
      typing = window.setTimeout(save, 1000);
    }
  });

  // A stale revision answers 409 with a message to show; nothing on the
  // page is replaced, so what the grader entered stays.
  document.addEventListener('htmx:beforeSwap', function (ev) {
    if (ev.detail.xhr && ev.detail.xhr.status === 409) {
      ev.detail.shouldSwap = true;
      ev.detail.isError = false;
    }
  });
  document.addEventListener('htmx:sendError', function () {
    status('Not saved: the server could not be reached. Your changes are kept on this page and are saved with the next change.');
  });

  // Submitting while an autosave is on its way would send the old
  // revision: wait for the save, then submit.
  var pending = null;
  document.addEventListener('submit', function (ev) {
    var f = ev.target;
    if (f !== form()) { return; }
    if (f.classList.contains('htmx-request')) {
      ev.preventDefault();
      pending = ev.submitter || null;
    }
  });
  document.addEventListener('htmx:afterRequest', function (ev) {
    var f = form();
    if (pending && ev.detail.elt === f) {
      var s = pending;
      pending = null;
      window.setTimeout(function () { f.requestSubmit(s); }, 0);
    }
  });

  // Drafts are never lost. Every change is also kept in this browser's
  // storage until the server confirms a save of it, so a save that failed
  // (the network, a stale revision, a closed tab) can be restored on the
  // next visit. Keys are per review; sign-out clears them all, so quotes
  // of customers' words do not outlive the session on a shared computer.
  var draftPrefix = 'qascore:draft:';
  var seq = 0, sentSeq = 0;

  function draftKey() {
    var f = form();
    return f ? draftPrefix + f.getAttribute('action') : null;
  }

  function snapshot() {
    var f = form();
    var d = { ratings: {}, texts: {}, evidence: [] };
    f.querySelectorAll('input[data-rating-input]').forEach(function (i) { d.ratings[i.name] = i.value; });
    f.querySelectorAll('textarea').forEach(function (t) { d.texts[t.name] = t.value; });
    f.querySelectorAll('.evidence-list li').forEach(function (li) {
      var i = li.querySelector('input[name=evidence]');
      var a = li.querySelector('a[data-evidence-link]');
      if (i) { d.evidence.push([i.value, a ? a.textContent : '']); }
    });
    return d;
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function keep() {
    var st = storage(), k = draftKey();
    if (!st || !k) { return; }
    seq++;
    try { st.setItem(k, JSON.stringify({ seq: seq, at: Date.now(), data: snapshot() })); } catch (e) { /* full or denied: the page still holds the changes */ }
  }

  function kept() {
    var st = storage(), k = draftKey();
    if (!st || !k) { return null; }
    try { return JSON.parse(st.getItem(k) || 'null'); } catch (e) { return null; }
  }

  function forget() {
    var st = storage(), k = draftKey();
    if (st && k) { st.removeItem(k); }
  }

  // restore puts a kept snapshot back into the form and saves it once.
  function restore(d) {
    var f = form();
    f.querySelectorAll('input[data-rating-input]').forEach(function (i) {
      if (!(i.name in d.ratings)) { return; }
      var v = d.ratings[i.name];
      var crit = i.closest('.grading-criterion');
      i.value = v;
      if (crit) {
        crit.dataset.rated = v;
        crit.querySelectorAll('.rating-options button').forEach(function (b) {
          b.setAttribute('aria-pressed', String(v !== '' && b.dataset.value === v));
        });
      }
    });
    f.querySelectorAll('textarea').forEach(function (t) {
      if (t.name in d.texts) { t.value = d.texts[t.name]; }
    });
    f.querySelectorAll('.grading-criterion').forEach(function (crit) {
      var list = crit.querySelector('.evidence-list');
      if (!list) { return; }
      list.replaceChildren();
      d.evidence.forEach(function (e) {
        if (e[0].split(':')[0] === crit.dataset.key) { list.appendChild(evidenceItem(e[0], e[1])); }
      });
    });
    save();
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function offerRestore() {
    var f = form();
    var k = kept();
    if (!f || !k || !k.data) { return; }
    if (same(k.data, snapshot())) { forget(); return; }
    var box = document.createElement('div');
    box.className = 'draft-restore';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-testid', 'draft-restore');
    var when = new Date(k.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    var p = document.createElement('p');
    p.textContent = 'Changes you made in this browser at ' + when + ' were not saved.';
    var yes = document.createElement('button');
    yes.type = 'button'; yes.textContent = 'Restore them';
    yes.setAttribute('data-testid', 'draft-restore-yes');
    var no = document.createElement('button');
    no.type = 'button'; no.className = 'secondary outline'; no.textContent = 'Discard';
    no.setAttribute('data-testid', 'draft-restore-no');
    yes.addEventListener('click', function () { box.remove(); restore(k.data); });
    no.addEventListener('click', function () { box.remove(); forget(); });
    box.append(p, yes, ' ', no);
    var status = document.getElementById('save-status');
    (status || f).before(box);
  }

  document.addEventListener('htmx:beforeRequest', function (ev) {
    if (ev.detail.elt === form()) { keep(); sentSeq = seq; }
  });
  document.addEventListener('htmx:afterRequest', function (ev) {
    var k = kept();
    if (ev.detail.elt === form() && ev.detail.successful && ev.detail.xhr && ev.detail.xhr.status === 200 && k && k.seq === sentSeq) {
      forget();
    }
  });
  document.addEventListener('submit', function (ev) {
    if (ev.target instanceof Element && ev.target.matches('form[action="/logout"]')) {
      var st = storage();
      if (!st) { return; }
      for (var i = st.length - 1; i >= 0; i--) {
        var key = st.key(i);
        if (key && key.indexOf(draftPrefix) === 0) { st.removeItem(key); }
      }
    }
  });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', offerRestore);
  } else {
    offerRestore();
  }
})();
