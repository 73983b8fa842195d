// Progressive enhancement only: every page works without JavaScript.
import {
  Accordion,
  Button,
  CharacterCount,
  Checkboxes,
  createAll,
  ErrorSummary,
  ExitThisPage,
  FileUpload,
  isSupported,
  NotificationBanner,
  PasswordInput,
  ServiceNavigation,
  SkipLink,
  Tabs,
} from '/assets/govuk-frontend.min.js';

// Every GOV.UK Frontend component initAll() starts, except Radios (see revealUnderRadios).
for (const Component of [
  Accordion,
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  ExitThisPage,
  FileUpload,
  NotificationBanner,
  PasswordInput,
  ServiceNavigation,
  SkipLink,
  Tabs,
])
  createAll(Component);

/**
 * The conditional reveal under radios (the fields that go with one answer), without invalid ARIA.
 * GOV.UK Frontend's Radios script, whose only job is this reveal, also sets aria-expanded on each
 * radio; ARIA 1.2 does not allow aria-expanded on role=radio, so axe's aria-allowed-attr fails it
 * (a known issue GOV.UK keeps: alphagov/govuk-frontend#979). This shows and hides the same
 * govuk-radios__conditional blocks from the same markup, keeps aria-controls (allowed on any role)
 * and sets no aria-expanded: the revealed fields directly follow their radio, so a screen reader
 * meets them next. Without JavaScript every block stays shown, as GOV.UK's CSS intends.
 */
function revealUnderRadios() {
  const inputs = [...document.querySelectorAll('.govuk-radios input[type="radio"][data-aria-controls]')];
  for (const input of inputs) {
    input.setAttribute('aria-controls', input.getAttribute('data-aria-controls'));
    input.removeAttribute('data-aria-controls');
  }
  const sync = () => {
    for (const input of inputs)
      document
        .getElementById(input.getAttribute('aria-controls'))
        ?.classList.toggle('govuk-radios__conditional--hidden', !input.checked);
  };
  // A radio's change unchecks the others of its name silently: re-sync every reveal on any change.
  document.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'radio') sync();
  });
  // Back/forward cache restores checked states without change events.
  window.addEventListener('pageshow', sync);
  sync();
}
if (isSupported()) revealUnderRadios();
