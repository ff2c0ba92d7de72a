// A private link (withdrawing consent, cancelling a sign-up) carries its code after '#', which
// browsers never send to a server (so it reaches no access log). Put it into the form's
// #id_code field, and take it out of the address.
(function () {
  "use strict";
  var match = /^#kode=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  var field = document.getElementById("id_code");
  if (!match || !field) {
    return;
  }
  field.value = match[1];
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname);
  }
})();
