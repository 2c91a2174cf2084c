/**
 * The demo site's own script (no inline scripts: the pages' CSP allows scripts from this
 * origin only). Links marked `data-spa` navigate with history.pushState, like a
 * single-page app, so the widget's SPA tracking can be seen at work.
 */
const SPA_PAGE = `
  <h1>Contact us</h1>
  <p class="lead">You came here with history.pushState: no page load, and the widget still reported a page view for this URL.</p>
  <p><a href="/demo">Back home</a> (a normal link).</p>`;

function wireButtons(): void {
  document.getElementById('open-chat')?.addEventListener('click', () => window.LivechatTriggers?.openChat());
  document.getElementById('set-plan')?.addEventListener('click', () => window.LivechatTriggers?.setGuestMetadata({ plan: 'team' }));
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-spa]') as HTMLAnchorElement | null;
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  const content = document.getElementById('content');
  if (!content) return;
  history.pushState({ spa: true }, '', link.href);
  content.innerHTML = SPA_PAGE;
  document.title = 'Contact (SPA) · Livechat Triggers demo';
});
window.addEventListener('popstate', () => location.reload());
document.addEventListener('DOMContentLoaded', wireButtons);
