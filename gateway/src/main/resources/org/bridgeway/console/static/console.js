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

  function live(region) {
    if (!window.EventSource) {
      return;
    }
    var status = document.getElementById('live-status');
    var source = new EventSource('/events');
    source.addEventListener('changed', function () {
      fetch(region.getAttribute('data-live'), {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null) {
            return;
          }
          region.innerHTML = html; // the server's own page fragment, every value escaped there
          tick();
          if (status) {
            status.textContent = 'Updated at ' + new Date().toLocaleTimeString('en-GB');
          }
        });
    });
  }

  tick();
  window.setInterval(tick, 1000);
  document.querySelectorAll('[data-live]').forEach(live);
}());
