// The console's only script, served from the console itself (the Content Security Policy allows no other): it counts
// down to each deadline on the page, and refreshes a live region when the server says something changed. Every page
// works without it; it only keeps a board current without a reload.
(function () {
  'use strict';

  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  function describe(millis) {
    var minutes = Math.floor(Math.abs(millis) / 60000);
    var hours = Math.floor(minutes / 60);
    var text = hours > 0 ? plural(hours, 'hour') + ' ' + plural(minutes % 60, 'minute') : plural(minutes, 'minute');
    return millis >= 0 ? text + ' left' : 'overdue by ' + text;
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-deadline]').forEach(function (element) {
      var left = Date.parse(element.getAttribute('data-deadline')) - now;
      var countdown = element.querySelector('.bw-countdown');
      if (countdown) {
        countdown.textContent = describe(left);
      }
      element.classList.toggle('bw-deadline--overdue', left < 0);
      element.classList.toggle('bw-deadline--soon', left >= 0 && left < 30 * 60000);
    });
  }

  function say(status, text) {
    if (status) {
      status.textContent = text;
    }
  }

  // The row whose link has the focus, so that a refresh leaves a keyboard user where they were.
  function focusedRow(region) {
    var active = document.activeElement;
    var row = active && region.contains(active) ? active.closest('[data-row]') : null;
    return row ? row.getAttribute('data-row') : null;
  }

  function live(region) {
    if (!window.EventSource) {
      return;
    }
    var status = document.getElementById('live-status');
    var source = new EventSource('/events');
    function stale() {
      source.close();
      say(status, 'This page no longer updates itself: reload it (you may have to sign in again).');
      if (status) {
        status.classList.remove('govuk-visually-hidden');
        status.classList.add('bw-stale');
      }
    }
    var asked = 0;
    function lookAgain(event) {
      var look = ++asked;
      fetch(region.getAttribute('data-live'), {credentials: 'same-origin', redirect: 'manual',
        headers: {'Accept': 'text/html'}})
        .then(function (response) {
          if (!response.ok) {
            throw new Error('the board could not be read again');
          }
          return response.text();
        })
        .then(function (html) {
          if (look !== asked) {
            return; // a later look is on its way: an older board must not replace it
          }
          var row = focusedRow(region);
          var before = region.textContent;
          region.innerHTML = html; // the server's own page fragment, every value escaped there
          tick();
          var again = row ? region.querySelector('[data-row="' + row + '"] a') : null;
          if (again) {
            again.focus();
          }
          if (event.type === 'open' && region.textContent === before) {
            return; // the stream opened on the board as the page showed it: nothing to say
          }
          say(status, 'Updated at ' + new Date().toLocaleTimeString('en-GB'));
        })
        .catch(stale);
    }
    // a change between the page being made and its stream opening (or while the stream reconnects) sent its event
    // to no one: every time the stream opens, the board is looked at again
    source.addEventListener('open', lookAgain);
    source.addEventListener('changed', lookAgain);
  }

  // as GOV.UK Frontend does: a page that comes back with errors puts the focus on their summary
  var summary = document.querySelector('.govuk-error-summary');
  if (summary) {
    summary.setAttribute('tabindex', '-1');
    summary.focus();
  }
  tick();
  window.setInterval(tick, 1000);
  document.querySelectorAll('[data-live]').forEach(live);
}());
