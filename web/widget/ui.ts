import { WIDGET_CSS } from './styles';
import type { Guest } from './types';

export interface WidgetUi {
  open(): void;
  isOpen(): boolean;
  addMessage(senderName: string, text: string): void;
  setTyping(typing: boolean): void;
  setGuest(name: string | null): void;
  setRegisterError(text: string | null): void;
  /** Nobody is there to answer (with `hideWhenOffline`): the bubble hides while the chat shows no message. */
  setUnstaffed(unstaffed: boolean): void;
}

export interface UiHandlers {
  /** The visitor opened the chat themselves. */
  openedByVisitor(): void;
  /** The visitor closed the chat (the close button, Escape or the bubble). */
  closedByVisitor(): void;
  register(guest: Guest): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function applyStyles(shadow: ShadowRoot): void {
  // a constructed sheet is not subject to the host page's style-src CSP; <style> is the fallback
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    shadow.appendChild(el('style', {}, WIDGET_CSS));
  }
}

/** Builds the widget inside a shadow root, so neither the page's CSS nor ours leaks across. */
export function mountUi(handlers: UiHandlers): WidgetUi {
  const host = el('div', { 'data-livechat-triggers': '' });
  const shadow = host.attachShadow({ mode: 'open' });
  applyStyles(shadow);

  const panel = el('section', { class: 'panel', role: 'dialog', 'aria-label': 'Chat', hidden: '' });
  const head = el('div', { class: 'head' });
  const close = el('button', { class: 'close', type: 'button', 'aria-label': 'Close chat' }, '×');
  head.append(el('h2', {}, 'Chat with us'), close);
  const messages = el('ol', { class: 'messages', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const empty = el('li', { class: 'empty' }, 'Hi! Leave your name and email and we will get back to you.');
  messages.append(empty);
  const typing = el('div', { class: 'typing', role: 'status', hidden: '' }, 'Typing…');

  const form = el('form', { class: 'register', 'aria-label': 'Introduce yourself', novalidate: '' });
  const nameLabel = el('label', {}, 'Name');
  const nameInput = el('input', { name: 'name', autocomplete: 'name', maxlength: '200', required: '' });
  nameLabel.append(nameInput);
  const emailLabel = el('label', {}, 'Email');
  const emailInput = el('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: '254' });
  emailLabel.append(emailInput);
  const formError = el('p', { class: 'error', role: 'alert', hidden: '' });
  form.append(nameLabel, emailLabel, formError, el('button', { class: 'submit', type: 'submit' }, 'Start chat'));
  const whoami = el('p', { class: 'whoami', hidden: '' });
  panel.append(head, messages, typing, form, whoami);

  const launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-label': 'Open chat' });
  const dot = el('span', { class: 'dot', title: 'Typing…', hidden: '' });
  launcher.append(el('span', {}, 'Chat'), dot);
  const root = el('div', { class: 'root' });
  root.append(panel, launcher);
  shadow.append(root);

  let unstaffed = false;
  let hasMessages = false;
  const showLauncher = () => (launcher.hidden = unstaffed && !hasMessages);
  const isOpen = () => !panel.hidden;
  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    if (open) dot.hidden = true;
  };
  launcher.addEventListener('click', () => {
    const opening = !isOpen();
    setOpen(opening);
    if (opening) handlers.openedByVisitor();
    else handlers.closedByVisitor();
  });
  const closeByVisitor = () => {
    setOpen(false);
    launcher.focus();
    handlers.closedByVisitor();
  };
  close.addEventListener('click', closeByVisitor);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeByVisitor();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    const email = emailInput.value.trim();
    if (!name) {
      formError.textContent = 'Please enter your name.';
      formError.hidden = false;
      nameInput.focus();
      return;
    }
    handlers.register({ name, ...(email ? { email } : {}) });
  });

  const attach = () => document.body.appendChild(host);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach, { once: true });

  return {
    open: () => setOpen(true),
    isOpen,
    addMessage(senderName, text) {
      empty.remove();
      hasMessages = true;
      showLauncher();
      const item = el('li', { class: 'message' });
      item.append(el('span', { class: 'sender' }, senderName), el('p', { class: 'text' }, text));
      messages.append(item);
      messages.scrollTop = messages.scrollHeight;
    },
    setTyping(on) {
      typing.hidden = !on;
      if (!isOpen()) dot.hidden = !on;
    },
    setGuest(name) {
      form.hidden = name !== null;
      whoami.hidden = name === null;
      whoami.textContent = name === null ? '' : `Chatting as ${name}`;
    },
    setRegisterError(text) {
      formError.textContent = text ?? '';
      formError.hidden = text === null;
    },
    setUnstaffed(value) {
      unstaffed = value;
      showLauncher();
    },
  };
}
