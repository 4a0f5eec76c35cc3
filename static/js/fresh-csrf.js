// Every form sends the CSRF token that the cookie holds when it is sent, not the one written
// into the page when it was loaded. Logging in replaces the token, in every tab: without
// this, a note written in one tab while logging in again in another would be refused once.
// Without JavaScript, that refusal shows the text again with the new token (common/views.py).
(() => {
  "use strict";

  // Django's CSRF_COOKIE_NAME, which confnotes leaves at its default.
  const COOKIE_NAME = "csrftoken";
  const FIELD_NAME = "csrfmiddlewaretoken";

  const cookieToken = () => {
    const prefix = `${COOKIE_NAME}=`;
    const cookie = document.cookie.split("; ").find((entry) => entry.startsWith(prefix));
    return cookie ? decodeURIComponent(cookie.slice(prefix.length)) : null;
  };

  // Forms sent by the browser.
  document.addEventListener(
    "submit",
    (event) => {
      const field = event.target.querySelector(`input[name="${FIELD_NAME}"]`);
      const token = cookieToken();
      if (field && token) field.value = token;
    },
    true,
  );

  // Forms sent by htmx, such as the note preview.
  document.addEventListener("htmx:configRequest", (event) => {
    const token = cookieToken();
    if (token && event.detail.parameters[FIELD_NAME] !== undefined) {
      event.detail.parameters[FIELD_NAME] = token;
    }
  });
})();
