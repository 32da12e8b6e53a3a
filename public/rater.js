// Progressive enhancement for the pair page: keyboard shortcuts and no double submits. The page
// works without this file (a plain form POST); nothing here is needed to answer.
(function () {
  'use strict';
  var form = document.getElementById('answer-form');
  if (!form) return;
  var buttons = Array.prototype.slice.call(form.querySelectorAll('button[name="answer"]'));
  var sent = false;

  form.addEventListener('submit', function (event) {
    if (sent) { event.preventDefault(); return; }
    sent = true;
    // Disabled buttons are left out of the form data, so carry the chosen value in a hidden field.
    var chosen = event.submitter;
    if (chosen && chosen.name === 'answer') {
      var hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = 'answer';
      hidden.value = chosen.value;
      form.appendChild(hidden);
    }
    buttons.forEach(function (b) { b.disabled = true; });
  });

  document.addEventListener('keydown', function (event) {
    if (sent || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    var target = event.target;
    if (target && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.isContentEditable)) return;
    var key = (event.key || '').toLowerCase();
    var match = buttons.filter(function (b) { return (b.getAttribute('data-keys') || '').split(' ').indexOf(key) >= 0; })[0];
    if (!match) return;
    event.preventDefault();
    if (typeof form.requestSubmit === 'function') form.requestSubmit(match);
    else match.click();
  });
})();
